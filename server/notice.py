"""The notice to hand over and the ladder picture, over HTTP.

    POST /api/v1/notice            one household -> the printable notice (text/html); ?lang=zh|en,
                                   ?jurisdiction= and ?version= as for /eligibility
    POST /api/v1/compare/ladder    one household -> its per-capita income on every jurisdiction's
                                   thresholds (image/svg+xml); ?lang, ?jurisdictions=a,b
"""
from __future__ import annotations

from flask import Blueprint, Response

from kb.engine import EngineError, compare, decide
from kb.explain.ladder import ladder_svg
from kb.explain.notice import render_notice

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import query_jurisdiction, query_lang, read_household, unknown_jurisdiction

bp = Blueprint("notice", __name__, url_prefix=API_PREFIX)


@bp.post("/notice")
def notice():
    rb = rulebase()
    jid = query_jurisdiction(rb)
    lang = query_lang() or "zh"
    household = read_household(jurisdiction=jid)
    from .eligibility import _query_version
    version = _query_version(rb, jid or household.jurisdiction, "version")
    try:
        answer = decide(household, rb, jid, version, texts=(lang,))
    except EngineError:
        raise ApiError(422, unknown_jurisdiction(jid or household.jurisdiction, rb), "body:bg:jurisdiction",
                       message="household does not satisfy the shapes") from None
    return Response(render_notice(answer, lang), mimetype="text/html")


@bp.post("/compare/ladder")
def ladder():
    from .eligibility import _jurisdiction_list
    rb = rulebase()
    wanted = _jurisdiction_list(rb)
    lang = query_lang() or "zh"
    household = read_household()
    result = compare(household, rb, wanted, texts=(lang,))
    return Response(ladder_svg(rb, result["jurisdictions"], lang), mimetype="image/svg+xml")
