"""GET /api/v1/conflicts: static cross-rule conflicts, from kb.conflicts.find_conflicts when it exists.

Nothing is invented here: without kb.conflicts the list is empty and `available` is false.
The analysis is static (it depends only on the rule base), so it is computed once per app.
"""
from __future__ import annotations

import threading

from flask import Blueprint, current_app, jsonify

from . import API_PREFIX, rulebase

bp = Blueprint("conflicts", __name__, url_prefix=API_PREFIX)
_LOCK = threading.Lock()


@bp.get("/conflicts")
def list_conflicts():
    rb = rulebase()
    state = current_app.extensions["binggui"]
    with _LOCK:
        if "conflicts" not in state:
            state["conflicts"] = _find(rb)
    return jsonify({"rulebase": {"version": rb.version}, **state["conflicts"]})


def _find(rb) -> dict:
    try:
        from kb.conflicts import find_conflicts
    except ModuleNotFoundError as err:
        if err.name != "kb.conflicts":
            raise
        return {"available": False, "conflicts": [],
                "note": "static conflict analysis (kb.conflicts) is not part of this build; no findings are reported"}
    except ImportError:
        return {"available": False, "conflicts": [],
                "note": "kb.conflicts has no find_conflicts(rulebase); no findings are reported"}
    found = list(find_conflicts(rb))
    return {"available": True, "count": len(found), "conflicts": found}
