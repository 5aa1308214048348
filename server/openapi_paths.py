"""The paths of the OpenAPI document: every operation with its parameters (ids and version names
as the served rule base has them), its request body (one household: the JSON Schema of
server.household_schema, or Turtle) and its responses (the schemas and the JSON errors)."""
from __future__ import annotations

import re

from . import API_PREFIX, examples
from .household_schema import household_schemas
from .openapi_examples import example_jurisdiction
from .openapi_schemas import ref
from .rules import rule_heads


def paths(rb, answer: dict | None, comparison: dict | None) -> dict:
    """Every path of the API; `answer` and `comparison` are real answers shown as examples (None:
    no example)."""
    lang = {"name": "lang", "in": "query", "required": False,
            "description": "add `text`: the answer rendered as readable text in zh or en",
            "schema": {"type": "string", "enum": ["zh", "en"]}}
    # the answer is the proof graph; its prose is a view in the language asked for
    answer_lang = {**lang, "description": "the answer's prose in this one language: categories' and benefits' "
                                          "`labels`, `explanation`, questions' `text`, reading notes' texts, "
                                          "parameter and member labels, the place's names (each a `Text` with "
                                          "only this language set), a `text` beside every condition, change and "
                                          "missing term, and `text`: the answer as readable text. Without "
                                          "`lang` the answer carries no prose in either language"}
    return {
        f"{API_PREFIX}/eligibility": {"post": {
            "tags": ["eligibility"], "operationId": "decideEligibility",
            "summary": "Decide every category and benefit of one jurisdiction for one household",
            "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                            "description": "decide under this jurisdiction (overrides bg:jurisdiction of the body)",
                            "schema": ref("JurisdictionId")},
                           {"name": "version", "in": "query", "required": False, "schema": _version_name(rb),
                            "description": "decide under this version of the document (default: the one in "
                                           "force at bg:assessmentDate; GET /api/v1/jurisdictions lists them)"},
                           answer_lang],
            "requestBody": _household_body(rb),
            "responses": {**_ok("Answer", "the answer, with why / why not and clauses", answer),
                          **_error_responses(400, 413, 415, 422, 500)}}},
        f"{API_PREFIX}/eligibility/diff": {"post": {
            "tags": ["eligibility"], "operationId": "diffVersions",
            "summary": "How one household's answer changes between two versions of its jurisdiction's document",
            "description": "per category and benefit the status (and value) under each version, and for "
                           "what differs the deciding rules with their clauses and conditions",
            "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                            "schema": ref("JurisdictionId")},
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
            "responses": {**_ok("JurisdictionList", "one entry per jurisdiction folder"), **_error_responses(400, 500)}}},
        f"{API_PREFIX}/jurisdictions/{{jid}}/diff": {"get": {
            "tags": ["documents"], "operationId": "diffRules",
            "summary": "The rules one version of a document adds, removes and changes against another",
            "parameters": [{"name": "jid", "in": "path", "required": True, "schema": ref("JurisdictionId")},
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
                            "schema": {"type": "string", "pattern": _id_list_pattern(rb)}}, answer_lang],
            "requestBody": _household_body(rb),
            "responses": {**_ok("Comparison", "every jurisdiction's answer and the differences", comparison),
                          **_error_responses(400, 413, 415, 422, 500)}}},
        f"{API_PREFIX}/notice": {"post": {
            "tags": ["eligibility"], "operationId": "householdNotice",
            "summary": "The printable one-page notice of one household's answer (zh, or en with ?lang=en)",
            "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                            "schema": ref("JurisdictionId")}, lang],
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
                          **_error_responses(400, 500)}}},
        f"{API_PREFIX}/documents/{{file}}": {"get": {
            "tags": ["documents"], "operationId": "getDocument",
            "summary": "A document's text with every cited clause (offsets, rules, section)",
            "parameters": [{"name": "file", "in": "path", "required": True,
                            "schema": {"type": "string"},
                            "example": next(iter(rb.jurisdictions.values())).document if rb.jurisdictions else ""},
                           {"name": "jurisdiction", "in": "query", "required": False,
                            "description": "whose clause anchors, when two jurisdictions hold the same text",
                            "schema": ref("JurisdictionId")}],
            "responses": {**_ok("Document", "the text and its clause anchors"), **_error_responses(400, 404, 500)}}},
        f"{API_PREFIX}/rules": {"get": {
            "tags": ["rules"], "operationId": "listRules", "summary": "The compiled rules with their clauses",
            "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                            "schema": ref("JurisdictionId")},
                           {"name": "head", "in": "query", "required": False,
                            "description": "only rules concluding this predicate (e.g. dibao); one of the "
                                           "served rule base's heads (400 for another)",
                            "schema": {"type": "string", "enum": rule_heads(rb)}}],
            "responses": {**_ok("RuleList", "the rules"), **_error_responses(400, 500)}}},
        f"{API_PREFIX}/rules/{{rule_id}}": {"get": {
            "tags": ["rules"], "operationId": "getRule",
            "summary": "One rule: its DSL source, clauses, and the facts/parameters/predicates it reads",
            "parameters": [{"name": "rule_id", "in": "path", "required": True, "schema": {"type": "string"},
                            "example": f"{example_jurisdiction(rb)}.dibao"}],
            "responses": {**_ok("Rule", "the rule"), **_error_responses(400, 404, 500)}}},
        f"{API_PREFIX}/procedures": {"get": {
            "tags": ["rules"], "operationId": "listProcedures",
            "summary": "Deadlines, steps, responsible departments and principles of each document, cited",
            "parameters": [{"name": "jurisdiction", "in": "query", "required": False,
                            "schema": ref("JurisdictionId")},
                           {**lang, "description": "en: `label` in English (every record has `labels` {zh, en})"}],
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
                            "schema": ref("JurisdictionId")},
                           {**lang, "description": "add `text` to each finding and to the list: told in zh or en"}],
            "responses": {**_ok("Conflicts", "the conflicts found (none are invented)"),
                          **_error_responses(400, 500)}}},
        "/health": {"get": {
            "tags": ["meta"], "operationId": "health", "summary": "Liveness and what is served",
            "responses": _ok("Health", "the server is up")}},
        "/openapi.json": {"get": {
            "tags": ["meta"], "operationId": "openapi", "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.1",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    }


def _error_responses(*codes: int) -> dict:
    out = {}
    text = {400: "malformed input (bad Turtle/JSON-LD, empty body; a bad, unknown or repeated query parameter)",
            404: "no such resource", 405: "method not allowed", 413: "request body larger than the limit",
            415: "Content-Type is not text/turtle, application/ld+json or application/json (or not UTF-8)",
            422: "valid RDF that breaks the household shapes; every violation listed",
            500: "internal error (logged; no traceback in the answer)"}
    for code in codes:
        out[str(code)] = {"description": text[code], "content": {"application/json": {"schema": ref("Error")}}}
    return out


def _ok(schema: str, description: str, example=None) -> dict:
    media = {"schema": ref(schema)}
    if example is not None:
        media["examples"] = {"example": {"value": example}}
    return {"200": {"description": description, "content": {"application/json": media}}}


def _household_body(rb) -> dict:
    jid = example_jurisdiction(rb)
    household = ref("Household")
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

