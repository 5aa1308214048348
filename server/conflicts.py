"""GET /api/v1/conflicts: static cross-rule conflicts, from kb.analysis.conflicts.find_conflicts when it exists.

Nothing is invented here: without kb.analysis.conflicts the list is empty and `available` is false.
The analysis depends only on the rule base, so it runs once per app (the first request waits
for it, a few seconds; concurrent first requests wait for the same run). Filters: `?kind=`
(overlap, contradiction, boundary_mismatch, gap) and `?jurisdiction=`.
"""
from __future__ import annotations

import threading

from flask import Blueprint, current_app, jsonify, request

from kb.analysis.conflicts import find_conflicts

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import query_jurisdiction

bp = Blueprint("conflicts", __name__, url_prefix=API_PREFIX)
_LOCK = threading.Lock()
KINDS = ("overlap", "contradiction", "boundary_mismatch", "gap")


@bp.get("/conflicts")
def list_conflicts():
    rb = rulebase()
    kind = request.args.get("kind")
    if kind is not None and kind not in KINDS:
        raise ApiError(400, f"kind must be one of {', '.join(KINDS)}; got {kind!r}", "query:kind",
                       message="bad query parameter")
    jid = query_jurisdiction(rb)
    state = current_app.extensions["binggui"]
    with _LOCK:
        if "conflicts" not in state:
            state["conflicts"] = _find(rb)
    result = state["conflicts"]
    if result["available"] and (kind or jid):
        found = [c for c in result["conflicts"]
                 if (kind is None or c.get("kind") == kind) and (jid is None or jid in c.get("jurisdictions", []))]
        result = {**result, "conflicts": found}
    if result["available"]:
        result = {**result, "count": len(result["conflicts"]),
                  "counts": {k: sum(1 for c in result["conflicts"] if c.get("kind") == k) for k in KINDS}}
    return jsonify({"rulebase": {"version": rb.version}, **result})


def _find(rb) -> dict:
    return {"available": True, "conflicts": list(find_conflicts(rb))}
