"""GET /api/v1/conflicts: static cross-rule conflicts, from kb.analysis.conflicts.find_conflicts when it exists.

Nothing is invented here: without kb.analysis.conflicts the list is empty and `available` is false.
The analysis depends only on the rule base, so it runs once per app (the first request waits
for it, a few seconds; concurrent first requests wait for the same run). Filters: `?kind=`
(overlap, contradiction, boundary_mismatch, gap) and `?jurisdiction=`. With `?lang=zh|en` each
finding carries `text` (title, summary, witness, answers) and the list a `text` header, in the
glossary's words (kb.explain.conflict_words, the same texts `binggui conflicts` prints).
"""
from __future__ import annotations

import threading

from flask import Blueprint, current_app, jsonify, request

from kb.analysis.conflicts import find_conflicts
from kb.analysis.conflicts.labels import reference_date
from kb.explain.conflict_words import conflict_text, conflicts_header
from kb.explain.words import remember_places

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import query_lang

bp = Blueprint("conflicts", __name__, url_prefix=API_PREFIX)
_LOCK = threading.Lock()
KINDS = ("overlap", "contradiction", "boundary_mismatch", "gap")


@bp.get("/conflicts")
def list_conflicts():
    rb = rulebase()
    kind = request.args.get("kind") or None
    jid = request.args.get("jurisdiction") or None
    lang = query_lang()
    if kind is not None and kind not in KINDS:
        raise ApiError(400, f"kind must be one of {', '.join(KINDS)}; got {kind!r}", "query:kind",
                       message="bad query parameter")
    if jid is not None and jid not in rb.jurisdictions:
        from .household import unknown_jurisdiction
        raise ApiError(400, unknown_jurisdiction(jid, rb), "query:jurisdiction", message="bad query parameter")
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
    if result["available"] and lang:
        remember_places(rb)
        result = {**result, "text": conflicts_header(rb.version, reference_date(rb).isoformat(), result["counts"], lang),
                  "conflicts": [{**c, "text": conflict_text(c, lang)} for c in result["conflicts"]]}
    return jsonify({"rulebase": {"version": rb.version}, **result})


def _find(rb) -> dict:
    return {"available": True, "conflicts": list(find_conflicts(rb))}
