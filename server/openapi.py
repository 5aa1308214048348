"""GET /openapi.json: the OpenAPI 3.1 document of this API, built in Python from the served rule base.

Building it here rather than keeping a YAML file means the enumerations in it — jurisdiction ids,
category ids and, above all, the benefit ids with their labels and kinds — are always the ones the
running rule base answers with. The schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect);
tests/server validates real responses against them. The response examples are real answers,
computed once from the example household when the document is first requested.
"""
from __future__ import annotations

import copy
import json
import logging
import re
import threading

from flask import Blueprint, current_app, jsonify

from kb.compile.compiler import CATEGORY_IDS

from . import API_PREFIX, examples, rulebase
from .answer_schemas import answer_components
from .household_schema import household_schemas
from .errors import MESSAGES

bp = Blueprint("openapi", __name__)
log = logging.getLogger(__name__)
_LOCK = threading.Lock()

CATEGORY_LABELS = {"tekun": "特困人员", "dibao": "最低生活保障对象 (低保)",
                   "dibao_bianyuan": "最低生活保障边缘家庭 (低保边缘)", "gangxing_zhichu": "刚性支出困难家庭",
                   "jiance": "防止返贫监测对象 (subtypes tuopin_buwending 脱贫不稳定户, bianyuan_yizhipin "
                             "边缘易致贫户, tufa_kunnan 突发严重困难户)",
                   "qita_kunnan": "其他困难人员 (一事一议: undetermined, with the reason)"}


@bp.get("/openapi.json")
def openapi_json():
    state = current_app.extensions["binggui"]
    with _LOCK:
        if "openapi" not in state:
            state["openapi"] = build(rulebase(), current_app)
    return jsonify(state["openapi"])


# -- schemas -----------------------------------------------------------------------------

def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _arr(items: dict) -> dict:
    return {"type": "array", "items": items}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
           "description": "an exact decimal written as a string (money in yuan, ratios), never a binary float"}
TRUTH = {"type": ["boolean", "null"], "description": "true, false, or null when a fact it needs is unknown"}
VERSION = {"type": "object", "required": ["version"], "properties": {"version": STR}}


def schemas(rb) -> dict:
    benefits = {}
    for j in rb.jurisdictions.values():
        for b in j.benefits.values():
            benefits.setdefault(b.id, {"label": b.label, "kind": b.kind, "jurisdictions": []})["jurisdictions"].append(j.id)
    benefit_id = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$",
                  "description": "benefit id (snake_case); the ids this rule base knows are listed in x-benefits "
                                 "and in the API description"}
    if benefits:
        benefit_id["enum"] = sorted(benefits)
    benefit_id["x-benefits"] = {k: benefits[k] for k in sorted(benefits)}
    served = list(rb.jurisdictions)

    s: dict[str, dict] = {}
    s["Error"] = {
        "type": "object", "required": ["code", "message", "description", "location"],
        "properties": {
            "code": {"type": "integer", "enum": sorted(MESSAGES)},
            "message": {"type": "string", "description": "short name of the problem"},
            "description": {"type": "string", "description": "what went wrong and what to change"},
            "location": {"type": "string", "description": "where in the request: `body`, `body:line N`, "
                         "`query:<name>`, `header:Content-Type`, `path:<name>`, `method`, or the focus node "
                         "of the first shape violation"},
            "violations": {**_arr(_ref("Violation")), "maxItems": 50,
                           "description": "at most 50; `violations_omitted` counts the rest"},
            "violations_omitted": {"type": "integer", "minimum": 1,
                                   "description": "violations found beyond the 50 listed"},
            "description_zh": {"type": "string", "description": "the description in Chinese, where available"},
            "reference": {"type": "string", "description": "500 only: identifies the logged error"},
        },
        "examples": [{"code": 415, "message": "unsupported media type",
                      "description": "send the household as text/turtle or application/ld+json; got 'text/plain'",
                      "location": "header:Content-Type"}],
    }
    s["Violation"] = {
        "type": "object", "required": ["message"],
        "description": "one SHACL constraint the household breaks",
        "properties": {
            "location": _nullable(STR), "node": _nullable(STR),
            "path": _nullable(STR), "value": {},
            "message": {"type": "object", "required": ["zh", "en"], "properties": {"zh": STR, "en": STR}},
        },
    }
    s["JurisdictionId"] = {"type": "string", "enum": served,
                           "description": "the jurisdictions of this rule base (one folder each under kb/policies "
                                          "or a deployer's --policies folder): "
                                          + ", ".join(f"{jid} {rb.jurisdictions[jid].label}" for jid in served)}
    s["CategoryId"] = {"type": "string", "enum": list(CATEGORY_IDS),
                       "description": "; ".join(f"`{k}` {v}" for k, v in CATEGORY_LABELS.items())}
    s["BenefitId"] = benefit_id
    s["Status"] = {"type": "string", "enum": ["eligible", "ineligible", "undetermined"]}
    s["Basis"] = {"type": "string", "enum": ["stated", "deferred"],
                  "description": "`deferred`: the document defers to the departments' standards and the common "
                                 "form of the test (as 焉耆 spells it out) was applied; see `note`"}
    s.update(answer_components())
    # The answer's Clause (generated) forbids other keys; findings, procedures and comparisons add
    # theirs (the rule, principle or statement citing it), so they refer to a copy that allows them.
    clause = s["Clause"]
    s["CitedClause"] = {k: v for k, v in clause.items() if k != "additionalProperties"}
    s["DecidingClause"] = {**clause, "required": [*clause["required"], "rule"],
                           "properties": {**clause["properties"], "rule": STR}}
    jmap = lambda v: {"type": "object", "propertyNames": _ref("JurisdictionId"), "additionalProperties": v}  # noqa: E731
    s["Comparison"] = {
        "type": "object",
        "required": ["household", "assessment_date", "compared", "jurisdictions", "differences", "same",
                     "benefit_differences"],
        "properties": {
            "household": STR, "assessment_date": {"type": "string", "format": "date"}, "rulebase": VERSION,
            "compared": _arr(_ref("JurisdictionId")),
            "jurisdictions": jmap(_ref("Answer")),
            "differences": _arr({"type": "object", "required": ["category", "statuses", "deciding_clauses"],
                                 "properties": {
                                     "category": _ref("CategoryId"), "label": STR,
                                     "statuses": jmap(_nullable(_ref("Status"))),
                                     "subtypes": jmap(_arr(STR)),
                                     "deciding_clauses": jmap(_arr(_ref("DecidingClause"))),
                                     "decisive": {**jmap(_arr(_ref("Decisive"))), "description":
                                                  "per jurisdiction, the rule(s) that decided the status with "
                                                  "their conditions (kb.analysis.conflicts)"},
                                     "why": {**_ref("Text2"), "description": "the difference in words"}}}),
            "favourability": {**jmap({"type": "object", "properties": {
                "conflicts": _arr(_ref("AnswerConflict")), "income_principle": _nullable({"type": "object"})}}),
                "description": "per jurisdiction: benefit values resolved by a principle and 就低 income accounting"},
            "same": _arr({"type": "object", "required": ["category", "status"], "properties": {
                "category": _ref("CategoryId"), "label": STR, "status": _nullable(_ref("Status"))}}),
            "benefit_differences": _arr({"type": "object", "required": ["benefit", "statuses", "values"],
                                         "properties": {
                                             "benefit": _ref("BenefitId"), "label": STR,
                                             "statuses": jmap(_nullable(_ref("Status"))),
                                             "values": jmap(_nullable(DECIMAL)),
                                             "deciding_clauses": jmap(_arr(_ref("DecidingClause")))}}),
        },
    }
    s["Text2"] = {"type": "object", "required": ["zh", "en"], "properties": {"zh": STR, "en": STR}}
    s["Decisive"] = {"type": "object", "required": ["rule", "clause", "holds"], "properties": {
        "rule": STR, "clause": _nullable(_ref("CitedClause")), "holds": TRUTH,
        "conditions": _arr({"type": "object"}), "failed": _arr({"type": "object"}),
        "unknown": _arr({"type": "object"}), "missing": _arr(STR), "reason": _nullable(STR)}}
    s["Finding"] = {
        "type": "object", "required": ["id", "kind", "jurisdictions", "summary", "clauses", "rules", "witness",
                                       "confirmed"],
        "description": "one static finding with a witness household the engine decided (kb.analysis.conflicts)",
        "properties": {
            "id": STR, "kind": {"type": "string", "enum": ["overlap", "contradiction", "boundary_mismatch", "gap"]},
            "jurisdictions": _arr(_ref("JurisdictionId")), "categories": _arr(_ref("CategoryId")),
            "category": _ref("CategoryId"), "summary": _ref("Text2"),
            "resolution": {"type": "object", "properties": {"status": STR, "principle": _nullable(STR),
                                                            "clause": _nullable(_ref("CitedClause"))}},
            "clauses": _arr(_ref("CitedClause")), "rules": _arr(STR),
            "witness": {"type": "object", "required": ["household", "describe", "answers"], "properties": {
                "household": {}, "date": STR, "describe": _ref("Text2"), "answers": {"type": "object"}}},
            "confirmed": BOOL}}
    nullable_date = {"type": ["string", "null"], "format": "date"}
    s["DocumentVersion"] = {
        "type": "object", "required": ["version", "status", "issued", "effective_from"],
        "description": "the version of the jurisdiction's document an answer used: the one in force at the "
                       "assessment date (or the one asked for with ?version=); `in_force` false when the "
                       "household's date is before every version took effect",
        "properties": {"version": STR, "status": {"type": "string", "enum": ["issued", "draft"]},
                       "issued": nullable_date, "effective_from": nullable_date, "file": STR,
                       "title": _nullable(STR), "number": _nullable(STR), "in_force": BOOL}}
    doc_props = {"file": STR, "jurisdiction": _ref("JurisdictionId"), "label": STR, "title": _nullable(STR),
                 "number": {"type": ["string", "null"], "description": "文号, null where the document has none"},
                 "date": _nullable(STR), "status": {"type": "string", "enum": ["issued", "draft"]},
                 "version": STR, "issued": nullable_date, "effective_from": nullable_date,
                 "latest": {"type": "boolean", "description": "whether this is the jurisdiction's latest version"},
                 "jurisdiction_info": {"type": ["object", "null"]},
                 "encoded": {"type": "boolean", "description": "whether the rule base encodes this document"},
                 "rules": {"type": "integer", "minimum": 0}, "url": STR}
    s["DocumentSummary"] = {"type": "object", "required": list(doc_props), "properties": doc_props}
    s["JurisdictionList"] = {"type": "object", "required": ["jurisdictions"], "properties": {
        "rulebase": VERSION, "jurisdictions": _arr({"type": "object", "required": ["id", "label", "versions", "latest"],
                                                    "properties": {"id": _ref("JurisdictionId"), "label": STR,
                                                                   "versions": _arr({"type": "object"}),
                                                                   "latest": STR}})}}
    s["RuleDiff"] = {"type": "object", "required": ["jurisdiction", "from", "to", "added", "removed", "changed"],
                     "properties": {"jurisdiction": _ref("JurisdictionId"), "from": {"type": "object"},
                                    "to": {"type": "object"}, "added": _arr({"type": "object"}),
                                    "removed": _arr({"type": "object"}), "changed": _arr({"type": "object"}),
                                    "categories": {"type": "object"}, "benefits": {"type": "object"},
                                    "rulebase": VERSION}}
    s["AnswerDiff"] = {"type": "object", "required": ["household", "jurisdiction", "from", "to", "changed",
                                                      "categories", "benefits"],
                       "properties": {"household": STR, "jurisdiction": _ref("JurisdictionId"),
                                      "assessment_date": STR, "from": _ref("DocumentVersion"),
                                      "to": _ref("DocumentVersion"), "changed": BOOL,
                                      "categories": _arr({"type": "object"}), "benefits": _arr({"type": "object"})}}
    s["DocumentList"] = {"type": "object", "required": ["documents"], "properties": {
        "rulebase": VERSION, "documents": _arr(_ref("DocumentSummary"))}}
    s["Anchor"] = {
        "type": "object", "required": ["section", "quote", "start", "end", "rules", "cited_by"],
        "description": "one cited span: text[start:end] == quote (code points; the five texts have no "
                       "characters outside the BMP, so these are also UTF-16 indices)",
        "properties": {"section": STR, "quote": STR, "start": {"type": "integer", "minimum": 0},
                       "end": {"type": "integer", "minimum": 0}, "rules": _arr(STR),
                       "cited_by": _arr({"type": "object", "required": ["kind", "id"], "properties": {
                           "kind": {"type": "string", "enum": ["rule", "principle", "procedure", "income_exclusion"]},
                           "id": STR, "label": STR}})},
    }
    s["Document"] = {"allOf": [_ref("DocumentSummary"), {
        "type": "object", "required": ["text", "length", "clauses"],
        "properties": {"text": STR, "length": INT, "clauses": _arr(_ref("Anchor")), "rulebase": VERSION}}]}
    rule_props = {"id": STR, "jurisdiction": _ref("JurisdictionId"),
                  "head": {"type": "string", "description": "the predicate the rule concludes (a category, benefit, "
                                                            "`member`, or a helper)"},
                  "per_member": BOOL, "subtype": _nullable(STR), "value": _nullable(DECIMAL),
                  "basis": _ref("Basis"), "file": {"type": "string", "description": "the policy file as `<jurisdiction directory>/<file>` (under kb/policies/ in the repository)"}, "line": INT, "clauses": _arr(_ref("CitedClause")), "url": STR}
    s["RuleSummary"] = {"type": "object", "required": list(rule_props), "properties": rule_props}
    cited = {"type": "object", "required": ["id", "label", "clauses"],
             "properties": {"id": STR, "label": STR, "clauses": _arr(_ref("CitedClause"))}}
    s["Procedures"] = {"type": "object", "required": ["jurisdictions"], "properties": {
        "rulebase": VERSION,
        "jurisdictions": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["procedures", "principles", "income_exclusions"], "properties": {
                "label": STR, "document": STR,
                "procedures": _arr({"allOf": [cited, {"type": "object", "required": ["value"], "properties": {
                    "value": {"type": ["string"]}, "unit": _nullable(STR)}}]}),
                "principles": _arr({"allOf": [cited, {"type": "object", "properties": {
                    "picks": {"enum": ["max", "min"]}, "benefits": _arr(STR)}}]}),
                "income_exclusions": _arr({"type": "object", "required": ["income_type", "clauses"],
                                           "properties": {"income_type": STR, "clauses": _arr(_ref("CitedClause"))}})}}}}}
    s["RuleList"] = {"type": "object", "required": ["count", "rules"], "properties": {
        "rulebase": VERSION, "count": INT, "rules": _arr(_ref("RuleSummary"))}}
    s["Rule"] = {"allOf": [_ref("RuleSummary"), {
        "type": "object", "required": ["source", "reads", "deferred_note", "conditions"],
        "properties": {"source": {"type": "string", "description": "the rule's DSL text"},
                       "deferred_note": _nullable(STR),
                       "conditions": _arr({"type": "object", "required": ["condition", "clause"], "properties": {
                           "condition": STR,
                           "clause": {"type": ["integer", "null"], "minimum": 0,
                                      "description": "index in `clauses` of the sentence the condition rests on "
                                                     "(`@n` in the rule; the only one when it cites one)"}}}),
                       "reads": {"type": "object", "required": ["facts", "parameters", "predicates"], "properties": {
                           "facts": _arr(STR), "parameters": _arr(STR), "predicates": _arr(STR)}},
                       "rulebase": VERSION}}]}
    s["Conflicts"] = {"type": "object", "required": ["available", "conflicts"], "properties": {
        "rulebase": VERSION, "available": {"type": "boolean", "description": "false: no static analysis in this "
                                                                               "build, and no findings are claimed"},
        "count": INT, "counts": {"type": "object", "additionalProperties": INT}, "note": STR,
        "conflicts": _arr(_ref("Finding"))}}
    s["Health"] = {"type": "object", "required": ["status", "version", "rulebase", "jurisdictions"], "properties": {
        "status": {"type": "string", "enum": ["ok"]}, "version": STR,
        "rulebase": {"type": "object", "required": ["version", "rules"], "properties": {"version": STR, "rules": INT}},
        "jurisdictions": _arr({"type": "object", "required": ["id", "label", "document", "rules"], "properties": {
            "id": _ref("JurisdictionId"), "label": STR, "document": STR, "rules": INT,
            "categories": _arr(_ref("CategoryId")), "benefits": _arr(_ref("BenefitId"))}})}}
    return s


# -- the document ------------------------------------------------------------------------

def _error_responses(*codes: int) -> dict:
    out = {}
    text = {400: "malformed input (bad Turtle/JSON-LD, empty body, bad query parameter)",
            404: "no such resource", 405: "method not allowed", 413: "request body larger than the limit",
            415: "Content-Type is not text/turtle, application/ld+json or application/json (or not UTF-8)",
            422: "valid RDF that breaks the household shapes; every violation listed",
            500: "internal error (logged; no traceback in the answer)"}
    for code in codes:
        out[str(code)] = {"description": text[code], "content": {"application/json": {"schema": _ref("Error")}}}
    return out


def _ok(schema: str, description: str, example=None) -> dict:
    media = {"schema": _ref(schema)}
    if example is not None:
        media["examples"] = {"example": {"value": example}}
    return {"200": {"description": description, "content": {"application/json": media}}}


def _example_jurisdiction(rb) -> str:
    return next(iter(rb.jurisdictions), "")


def _household_body(rb) -> dict:
    jid = _example_jurisdiction(rb)
    household = _ref("Household")
    example = household_schemas(1, 1, jid)["Household"]["examples"][0]
    return {"required": True, "description": "one household (docs/vocabulary.md; ingest/shapes.ttl says what a valid one is)",
            "content": {"application/json": {"schema": household, "examples": {jid: {"value": example}}},
                        "application/ld+json": {"schema": household, "examples": {jid: {"value": example}}},
                        "text/turtle": {"schema": {"type": "string", "minLength": 1,
                                                   "description": "the household in Turtle, bg: vocabulary"},
                                        "examples": {jid: {"value": examples.turtle(jid)}}}}}


def _version_name(rb) -> dict:
    """A document version's name, as the served rule base calls its versions."""
    names = sorted({str(j.version_id) for vs in rb.versions.values() for j in vs})
    return {"type": "string", "enum": names,
            "description": "a version of the jurisdiction's document (GET /api/v1/jurisdictions lists each "
                           "jurisdiction's own)"}


def _id_list_pattern(rb) -> str:
    """?jurisdictions=: a comma-separated list of the served rule base's ids (never empty)."""
    one = "(" + "|".join(re.escape(jid) for jid in rb.jurisdictions) + ")"
    return f"^{one}(,{one})*$"


def _benefit_table(rb) -> str:
    rows = []
    for j in rb.jurisdictions.values():
        for b in j.benefits.values():
            rows.append(f"| `{b.id}` | {b.label} | {b.kind} | {j.id} |")
    if not rows:
        return "No benefits are encoded in this rule base."
    return "| benefit id | label | kind | jurisdiction |\n|---|---|---|---|\n" + "\n".join(rows)


def _example_answers(rb, app) -> tuple[dict | None, dict | None]:
    """A real answer and comparison for the example household (None if it cannot be computed)."""
    try:
        import ingest

        from kb.engine import decide

        from kb.engine import compare
        jid = _example_jurisdiction(rb)
        household = ingest.read_household(examples.turtle(jid).encode(), "text/turtle", jurisdictions=tuple(rb.jurisdictions))
        answer = decide(household, rb, jid)
        from .eligibility import annotate
        comparison = annotate(compare(household, rb))
        return answer, _trim_comparison(comparison)
    except Exception as err:   # an example must never take the document down
        log.warning("openapi: no live example answer (%s: %s)", type(err).__name__, err)
        return None, None


def _trim_comparison(comparison: dict) -> dict:
    """Keep the example short: one full answer, the others' categories reduced to id/status."""
    out = copy.deepcopy(comparison)
    for i, (jid, answer) in enumerate(out["jurisdictions"].items()):
        if i:
            answer["categories"] = [{k: c[k] for k in ("id", "label", "status", "because", "because_not", "missing",
                                                      "basis")} | {"because": [], "because_not": []}
                                    for c in answer["categories"]]
            answer["benefits"] = []
    return out


def build(rb, app=None) -> dict:
    answer, comparison = _example_answers(rb, app)
    if answer is not None:
        json.dumps(answer)   # must be JSON-ready
    max_bytes = (app.config.get("MAX_CONTENT_LENGTH") if app else None) or 1024 * 1024
    lang = {"name": "lang", "in": "query", "required": False,
            "description": "add `text`: the answer rendered as readable text in zh or en",
            "schema": {"type": "string", "enum": ["zh", "en"]}}
    description = (
        "binggui turns five Chinese social-assistance pilot documents into cited rules and decides, for one "
        "household, which categories and benefits it qualifies for — why, and why not — each reason "
        "with the verbatim clause and its offsets in the document.\n\n"
        "Households are RDF (Turtle `text/turtle` or JSON-LD `application/ld+json`) in the "
        "`bg: <https://w3id.org/binggui#>` vocabulary. An absent fact is unknown, never false: rules that "
        "need it answer `undetermined` and name it in `missing`. Money is exact decimal strings.\n\n"
        f"Request bodies are limited to {max_bytes} bytes (413). Errors are JSON "
        "`{code, message, description, location}`; 422 adds `violations`.\n\n"
        "## Categories\n\n" + "\n".join(f"- `{k}`: {v}" for k, v in CATEGORY_LABELS.items()) +
        "\n\n## Benefits\n\n" + _benefit_table(rb) + "\n\n"
        f"Rule base version `{rb.version}`; encoded jurisdictions: {', '.join(rb.jurisdictions)}."
    )
    from .health import package_version
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "binggui API", "version": package_version(), "summary":
                 "Cited eligibility decisions under Chinese social-assistance pilot policies",
                 "description": description, "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}},
        "servers": [{"url": "/", "description": "this server"}],
        "tags": [{"name": "eligibility"}, {"name": "documents"}, {"name": "rules"}, {"name": "meta"}],
        "paths": {
            f"{API_PREFIX}/eligibility": {"post": {
                "tags": ["eligibility"], "operationId": "decideEligibility",
                "summary": "Decide every category and benefit of one jurisdiction for one household",
                "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                                "description": "decide under this jurisdiction (overrides bg:jurisdiction of the body)",
                                "schema": _ref("JurisdictionId")},
                               {"name": "version", "in": "query", "required": False, "schema": _version_name(rb),
                                "description": "decide under this version of the document (default: the one in "
                                               "force at bg:assessmentDate; GET /api/v1/jurisdictions lists them)"},
                               lang],
                "requestBody": _household_body(rb),
                "responses": {**_ok("Answer", "the answer, with why / why not and clauses", answer),
                              **_error_responses(400, 413, 415, 422, 500)}}},
            f"{API_PREFIX}/eligibility/diff": {"post": {
                "tags": ["eligibility"], "operationId": "diffVersions",
                "summary": "How one household's answer changes between two versions of its jurisdiction's document",
                "description": "per category and benefit the status (and value) under each version, and for "
                               "what differs the deciding rules with their clauses and conditions",
                "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                                "schema": _ref("JurisdictionId")},
                               {"name": "from", "in": "query", "required": False, "schema": _version_name(rb),
                                "description": "version name (default: the second latest)"},
                               {"name": "to", "in": "query", "required": False, "schema": _version_name(rb),
                                "description": "version name (default: the latest)"}],
                "requestBody": _household_body(rb),
                "responses": {**_ok("AnswerDiff", "the two answers' differences"),
                              **_error_responses(400, 413, 415, 422, 500)}}},
            f"{API_PREFIX}/jurisdictions": {"get": {
                "tags": ["documents"], "operationId": "listJurisdictions",
                "summary": "The jurisdictions: names, province, city, issuer, and every version of the document",
                "responses": {**_ok("JurisdictionList", "one entry per jurisdiction folder"), **_error_responses(500)}}},
            f"{API_PREFIX}/jurisdictions/{{jid}}/diff": {"get": {
                "tags": ["documents"], "operationId": "diffRules",
                "summary": "The rules one version of a document adds, removes and changes against another",
                "parameters": [{"name": "jid", "in": "path", "required": True, "schema": _ref("JurisdictionId")},
                               {"name": "from", "in": "query", "required": False, "schema": _version_name(rb)},
                               {"name": "to", "in": "query", "required": False, "schema": _version_name(rb)}],
                "responses": {**_ok("RuleDiff", "added, removed and changed rules with their clauses"),
                              **_error_responses(400, 404, 500)}}},
            f"{API_PREFIX}/compare": {"post": {
                "tags": ["eligibility"], "operationId": "compareJurisdictions",
                "summary": "Decide one household under every encoded jurisdiction, side by side",
                "description": "`differences` lists each category whose status differs between jurisdictions "
                               "(null: not defined there), with the clauses that decided it in each; `same` the "
                               "categories that agree; `benefit_differences` the same for benefits.",
                "parameters": [{"name": "jurisdictions", "in": "query", "required": False,
                                "description": "comma-separated subset of jurisdiction ids (default: all encoded)",
                                "schema": {"type": "string", "pattern": _id_list_pattern(rb)}}, lang],
                "requestBody": _household_body(rb),
                "responses": {**_ok("Comparison", "every jurisdiction's answer and the differences", comparison),
                              **_error_responses(400, 413, 415, 422, 500)}}},
            f"{API_PREFIX}/notice": {"post": {
                "tags": ["eligibility"], "operationId": "householdNotice",
                "summary": "The printable one-page notice of one household's answer (zh, or en with ?lang=en)",
                "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                                "schema": _ref("JurisdictionId")}, lang],
                "requestBody": _household_body(rb),
                "responses": {"200": {"description": "an HTML page with a print stylesheet",
                                      "content": {"text/html": {"schema": {"type": "string"}}}},
                              **_error_responses(400, 413, 415, 422, 500)}}},
            f"{API_PREFIX}/compare/ladder": {"post": {
                "tags": ["eligibility"], "operationId": "compareLadder",
                "summary": "One household's per-capita income on every jurisdiction's thresholds, as SVG",
                "parameters": [{"name": "jurisdictions", "in": "query", "required": False,
                                "schema": {"type": "string", "pattern": _id_list_pattern(rb)}}, lang],
                "requestBody": _household_body(rb),
                "responses": {"200": {"description": "an SVG picture",
                                      "content": {"image/svg+xml": {"schema": {"type": "string"}}}},
                              **_error_responses(400, 413, 415, 422, 500)}}},
            f"{API_PREFIX}/documents": {"get": {
                "tags": ["documents"], "operationId": "listDocuments",
                "summary": "The policy documents of the rule base, every version",
                "responses": {**_ok("DocumentList", "file, jurisdiction, 文号, date, status, number of rules"),
                              **_error_responses(500)}}},
            f"{API_PREFIX}/documents/{{file}}": {"get": {
                "tags": ["documents"], "operationId": "getDocument",
                "summary": "A document's text with every cited clause (offsets, rules, section)",
                "parameters": [{"name": "file", "in": "path", "required": True,
                                "schema": {"type": "string"},
                                "example": next(iter(rb.jurisdictions.values())).document if rb.jurisdictions else ""},
                               {"name": "jurisdiction", "in": "query", "required": False,
                                "description": "whose clause anchors, when two jurisdictions hold the same text",
                                "schema": _ref("JurisdictionId")}],
                "responses": {**_ok("Document", "the text and its clause anchors"), **_error_responses(400, 404, 500)}}},
            f"{API_PREFIX}/rules": {"get": {
                "tags": ["rules"], "operationId": "listRules", "summary": "The compiled rules with their clauses",
                "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                                "schema": _ref("JurisdictionId")},
                               {"name": "head", "in": "query", "required": False,
                                "description": "only rules concluding this predicate (e.g. dibao)",
                                "schema": {"type": "string"}}],
                "responses": {**_ok("RuleList", "the rules"), **_error_responses(400, 500)}}},
            f"{API_PREFIX}/rules/{{rule_id}}": {"get": {
                "tags": ["rules"], "operationId": "getRule",
                "summary": "One rule: its DSL source, clauses, and the facts/parameters/predicates it reads",
                "parameters": [{"name": "rule_id", "in": "path", "required": True, "schema": {"type": "string"},
                                "example": f"{_example_jurisdiction(rb)}.dibao"}],
                "responses": {**_ok("Rule", "the rule"), **_error_responses(404, 500)}}},
            f"{API_PREFIX}/procedures": {"get": {
                "tags": ["rules"], "operationId": "listProcedures",
                "summary": "Deadlines, steps, responsible departments and principles of each document, cited",
                "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                                "schema": _ref("JurisdictionId")}],
                "responses": {**_ok("Procedures", "per jurisdiction: procedures, principles, income exclusions"),
                              **_error_responses(400, 500)}}},
            f"{API_PREFIX}/conflicts": {"get": {
                "tags": ["rules"], "operationId": "listConflicts",
                "summary": "Static cross-rule conflicts of the rule base",
                "description": "overlaps, contradictions, boundary mismatches and gaps, each with a witness "
                               "household the engine decided. Computed once per rule-base version (kept on disk; `binggui serve` starts it at start-up, and a request arriving before it is done waits for it).",
                "parameters": [{"name": "kind", "in": "query", "required": False, "schema": {
                                    "type": "string", "enum": ["overlap", "contradiction", "boundary_mismatch", "gap"]}},
                               {"name": "jurisdiction", "in": "query", "required": False,
                                "schema": _ref("JurisdictionId")}],
                "responses": {**_ok("Conflicts", "the conflicts found (none are invented)"),
                              **_error_responses(400, 500)}}},
            "/health": {"get": {
                "tags": ["meta"], "operationId": "health", "summary": "Liveness and what is served",
                "responses": _ok("Health", "the server is up")}},
            "/openapi.json": {"get": {
                "tags": ["meta"], "operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {**schemas(rb), **household_schemas(
            int((app.config.get("MAX_MEMBERS") if app else None) or 100),
            int((app.config.get("MAX_INCOME_ITEMS") if app else None) or 500), _example_jurisdiction(rb))}},
    }
