"""GET /api/v1/procedures: the cited procedural facts and principles of each document
(deadlines, steps, responsible departments, favourability principles) that caseworkers ask about.
Each has `labels` {zh, en}; `?lang=en` tells `label` in English (the glossary's words)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from kb.analysis.procedures import procedures_of

from . import API_PREFIX, rulebase
from .household import query_jurisdiction, query_lang

bp = Blueprint("procedures", __name__, url_prefix=API_PREFIX)


@bp.get("/procedures")
def list_procedures():
    rb = rulebase()
    jid = query_jurisdiction(rb)
    lang = query_lang()
    chosen = [j for j in rb.jurisdictions.values() if jid is None or j.id == jid]
    return jsonify({"rulebase": {"version": rb.version},
                    "jurisdictions": {j.id: procedures_of(j, lang) for j in chosen}})
