"""GET /api/v1/procedures: the cited procedural facts and principles of each document
(deadlines, steps, responsible departments, favourability principles) that caseworkers ask about."""
from __future__ import annotations

from flask import Blueprint, jsonify

from kb.analysis.procedures import procedures_of

from . import API_PREFIX, rulebase
from .household import query_jurisdiction

bp = Blueprint("procedures", __name__, url_prefix=API_PREFIX)


@bp.get("/procedures")
def list_procedures():
    rb = rulebase()
    jid = query_jurisdiction(rb)
    chosen = [j for j in rb.jurisdictions.values() if jid is None or j.id == jid]
    return jsonify({"rulebase": {"version": rb.version},
                    "jurisdictions": {j.id: procedures_of(j) for j in chosen}})
