"""POST /api/v1/eligibility (one household, one jurisdiction) and POST /api/v1/compare (all of them)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from kb.analysis.conflicts import annotate_comparison
from kb.engine import EngineError, compare, decide
from kb.explain.text import render_text
from kb.explain.types import Answer
from kb.explain.told import in_words

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import query_jurisdiction, query_lang, read_household, unknown_jurisdiction

bp = Blueprint("eligibility", __name__, url_prefix=API_PREFIX)


@bp.post("/eligibility")
def eligibility():
    rb = rulebase()
    jid = query_jurisdiction(rb)
    lang = query_lang()
    household = read_household(jurisdiction=jid)
    version = _query_version(rb, jid or household.jurisdiction, "version")
    try:
        answer = decide(household, rb, jid, version, texts=(lang,) if lang else ())
    except EngineError as err:
        raise ApiError(422, unknown_jurisdiction(jid or household.jurisdiction, rb),
                       "body:bg:jurisdiction", message="household does not satisfy the shapes",
                       violations=[{"location": "bg:jurisdiction", "node": household.id,
                                    "path": "https://w3id.org/binggui#jurisdiction",
                                    "value": household.jurisdiction,
                                    "message": {"en": str(err), "zh": f"未收录的地区：{household.jurisdiction}"}}]) \
            from None
    if lang:
        in_words(answer, lang)
        answer.text = render(answer, lang)
    return jsonify(answer)


@bp.post("/eligibility/diff")
def eligibility_diff():
    """One household under two versions of its jurisdiction's document: `from` and `to` (default:
    the two latest versions)."""
    from kb.analysis.versions import answer_diff
    rb = rulebase()
    jid = query_jurisdiction(rb)
    household = read_household(jurisdiction=jid)
    jid = jid or household.jurisdiction
    if jid not in rb.jurisdictions:
        raise ApiError(422, unknown_jurisdiction(jid, rb), "body:bg:jurisdiction",
                       message="household does not satisfy the shapes")
    names = [j.version_id for j in rb.versions[jid]]
    a = _query_version(rb, jid, "from") or (names[-2] if len(names) > 1 else names[-1])
    b = _query_version(rb, jid, "to") or names[-1]
    return jsonify(answer_diff(household, rb, jid, a, b))


def _query_version(rb, jid: str, name: str) -> str | None:
    value = request.args.get(name)
    if not value:
        return None
    if jid not in rb.versions:
        return None       # the unknown jurisdiction is reported as such
    names = [j.version_id for j in rb.versions[jid]]
    if value not in names:
        raise ApiError(400, f"{jid} has no version {value!r}; its versions: {', '.join(map(str, names))}",
                       f"query:{name}", message="bad query parameter")
    return value


@bp.post("/compare")
def compare_all():
    rb = rulebase()
    wanted = _jurisdiction_list(rb)
    lang = query_lang()
    household = read_household()
    result = annotate(compare(household, rb, wanted, texts=(lang,) if lang else ()))
    if lang:
        for answer in result["jurisdictions"].values():
            in_words(answer, lang)
            answer.text = render(answer, lang)
    return jsonify(result)


def _jurisdiction_list(rb) -> list[str] | None:
    raw = request.args.get("jurisdictions")
    if raw is None:
        return None
    wanted = [j.strip() for j in raw.split(",") if j.strip()]
    if not wanted:
        raise ApiError(400, "jurisdictions must name at least one jurisdiction id", "query:jurisdictions",
                       message="bad query parameter")
    for jid in wanted:
        if jid not in rb.jurisdictions:
            raise ApiError(400, unknown_jurisdiction(jid, rb), "query:jurisdictions", message="bad query parameter")
    return wanted


def annotate(comparison: dict) -> dict:
    """kb.analysis.conflicts' enrichment of a comparison (per difference: `decisive` rules and conditions,
    `why` in zh/en; `favourability` per jurisdiction)."""
    return annotate_comparison(comparison)


def render(answer: Answer, lang: str) -> str | None:
    """The zh/en text of an answer (kb.explain.text)."""
    return render_text(answer, lang)
