"""The component schemas of the OpenAPI document, built from the served rule base: errors, the
ids it answers with (jurisdictions, categories, and the benefits with their labels and kinds),
the answer's schemas (generated from kb.explain.types by server.answer_schemas) and those of the
comparison, findings, documents, rules and procedures. JSON Schema 2020-12, OpenAPI 3.1's dialect.
"""
from __future__ import annotations

from kb.compile.vocabulary import CATEGORY_IDS

from .answer_schemas import answer_components
from .errors import MESSAGES

CATEGORY_LABELS = {"tekun": "特困人员", "dibao": "最低生活保障对象 (低保)",
                   "dibao_bianyuan": "最低生活保障边缘家庭 (低保边缘)", "gangxing_zhichu": "刚性支出困难家庭",
                   "jiance": "防止返贫监测对象 (subtypes tuopin_buwending 脱贫不稳定户, bianyuan_yizhipin "
                             "边缘易致贫户, tufa_kunnan 突发严重困难户)",
                   "qita_kunnan": "其他困难人员 (一事一议: undetermined, with the reason)"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def arr(items: dict) -> dict:
    return {"type": "array", "items": items}


def nullable(schema: dict) -> dict:
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
            "violations": {**arr(ref("Violation")), "maxItems": 50,
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
            "location": nullable(STR), "node": nullable(STR),
            "path": nullable(STR), "value": {},
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
    # (there, every clause names its document and jurisdiction: the answer's table alone leaves
    # out its own)
    clause = {**s["Clause"], "required": ["document", "jurisdiction", *s["Clause"]["required"]]}
    s["CitedClause"] = {k: v for k, v in clause.items() if k != "additionalProperties"}
    s["DecidingClause"] = {**clause, "required": [*clause["required"], "rule"],
                           "properties": {**clause["properties"], "rule": STR}}
    jmap = lambda v: {"type": "object", "propertyNames": ref("JurisdictionId"), "additionalProperties": v}  # noqa: E731
    s["Comparison"] = {
        "type": "object",
        "required": ["household", "assessment_date", "compared", "jurisdictions", "differences", "same",
                     "benefit_differences"],
        "properties": {
            "household": STR, "assessment_date": {"type": "string", "format": "date"}, "rulebase": VERSION,
            "compared": arr(ref("JurisdictionId")),
            "jurisdictions": jmap(ref("Answer")),
            "differences": arr({"type": "object", "required": ["category", "statuses", "deciding_clauses"],
                                 "properties": {
                                     "category": ref("CategoryId"), "label": STR,
                                     "statuses": jmap(nullable(ref("Status"))),
                                     "subtypes": jmap(arr(STR)),
                                     "deciding_clauses": jmap(arr(ref("DecidingClause"))),
                                     "decisive": {**jmap(arr(ref("Decisive"))), "description":
                                                  "per jurisdiction, the rule(s) that decided the status with "
                                                  "their conditions (kb.analysis.conflicts)"},
                                     "why": {**ref("Text2"), "description": "the difference in words"}}}),
            "favourability": {**jmap({"type": "object", "properties": {
                "conflicts": arr(ref("AnswerConflict")), "category_overlaps": arr(ref("CategoryOverlap")),
                "income_principle": nullable(ref("IncomePrinciple"))}}),
                "description": "per jurisdiction: benefit values resolved by a principle and 就低 income accounting "
                               "(clause and resolution ids name entries of that jurisdiction's answer)"},
            "same": arr({"type": "object", "required": ["category", "status"], "properties": {
                "category": ref("CategoryId"), "label": STR, "status": nullable(ref("Status"))}}),
            "benefit_differences": arr({"type": "object", "required": ["benefit", "statuses", "values"],
                                         "properties": {
                                             "benefit": ref("BenefitId"), "label": STR,
                                             "statuses": jmap(nullable(ref("Status"))),
                                             "values": jmap(nullable(DECIMAL)),
                                             "deciding_clauses": jmap(arr(ref("DecidingClause")))}}),
        },
    }
    s["Text2"] = {"type": "object", "required": ["zh", "en"], "properties": {"zh": STR, "en": STR}}
    s["Decisive"] = {"type": "object", "required": ["rule", "clause", "holds"], "properties": {
        "rule": STR, "clause": nullable(ref("CitedClause")), "holds": TRUTH,
        "conditions": arr({"type": "object"}), "failed": arr({"type": "object"}),
        "unknown": arr({"type": "object"}), "missing": arr(STR), "reason": nullable(STR)}}
    s["Finding"] = {
        "type": "object", "required": ["id", "kind", "jurisdictions", "summary", "clauses", "rules", "witness",
                                       "confirmed"],
        "description": "one static finding with a witness household the engine decided (kb.analysis.conflicts)",
        "properties": {
            "id": STR, "kind": {"type": "string", "enum": ["overlap", "contradiction", "boundary_mismatch", "gap"]},
            "jurisdictions": arr(ref("JurisdictionId")), "categories": arr(ref("CategoryId")),
            "category": ref("CategoryId"), "summary": ref("Text2"),
            "resolution": {"type": "object", "properties": {"status": STR, "principle": nullable(STR),
                                                            "clause": nullable(ref("CitedClause"))}},
            "clauses": arr(ref("CitedClause")), "rules": arr(STR),
            "witness": {"type": "object", "required": ["household", "describe", "answers"], "properties": {
                "household": {}, "date": STR, "describe": ref("Text2"), "answers": {"type": "object"}}},
            "confirmed": BOOL,
            "text": {"type": "object", "description": "with ?lang=: the finding told in the glossary's words, "
                                                      "as `binggui conflicts` prints it",
                     "required": ["title", "summary"], "properties": {
                         "title": STR, "summary": STR, "witness": STR,
                         "witness_each": {"type": "object", "additionalProperties": STR},
                         "answers": {"type": "object", "additionalProperties": STR}}}}}
    nullable_date = {"type": ["string", "null"], "format": "date"}
    s["DocumentVersion"] = {
        "type": "object", "required": ["version", "status"],
        "description": "the version of the jurisdiction's document an answer used: the one in force at the "
                       "assessment date (or the one asked for with ?version=); `in_force` false when the "
                       "household's date is before every version took effect; an absent date, title or "
                       "number is null",
        "properties": {"version": STR, "status": {"type": "string", "enum": ["issued", "draft"]},
                       "issued": nullable_date, "effective_from": nullable_date, "file": STR,
                       "title": nullable(STR), "number": nullable(STR), "in_force": BOOL}}
    doc_props = {"file": STR, "jurisdiction": ref("JurisdictionId"), "label": STR, "title": nullable(STR),
                 "number": {"type": ["string", "null"], "description": "文号, null where the document has none"},
                 "date": nullable(STR), "status": {"type": "string", "enum": ["issued", "draft"]},
                 "version": STR, "issued": nullable_date, "effective_from": nullable_date,
                 "latest": {"type": "boolean", "description": "whether this is the jurisdiction's latest version"},
                 "jurisdiction_info": {"type": ["object", "null"]},
                 "encoded": {"type": "boolean", "description": "whether the rule base encodes this document"},
                 "rules": {"type": "integer", "minimum": 0}, "url": STR}
    s["DocumentSummary"] = {"type": "object", "required": list(doc_props), "properties": doc_props}
    s["JurisdictionList"] = {"type": "object", "required": ["jurisdictions"], "properties": {
        "rulebase": VERSION, "jurisdictions": arr({"type": "object", "required": ["id", "label", "versions", "latest"],
                                                    "properties": {"id": ref("JurisdictionId"), "label": STR,
                                                                   "versions": arr({"type": "object"}),
                                                                   "latest": STR}})}}
    s["RuleDiff"] = {"type": "object", "required": ["jurisdiction", "from", "to", "added", "removed", "changed"],
                     "properties": {"jurisdiction": ref("JurisdictionId"), "from": {"type": "object"},
                                    "to": {"type": "object"}, "added": arr({"type": "object"}),
                                    "removed": arr({"type": "object"}), "changed": arr({"type": "object"}),
                                    "categories": {"type": "object"}, "benefits": {"type": "object"},
                                    "rulebase": VERSION}}
    s["AnswerDiff"] = {"type": "object", "required": ["household", "jurisdiction", "from", "to", "changed",
                                                      "categories", "benefits"],
                       "properties": {"household": STR, "jurisdiction": ref("JurisdictionId"),
                                      "assessment_date": STR, "from": ref("DocumentVersion"),
                                      "to": ref("DocumentVersion"), "changed": BOOL,
                                      "categories": arr({"type": "object"}), "benefits": arr({"type": "object"})}}
    s["DocumentList"] = {"type": "object", "required": ["documents"], "properties": {
        "rulebase": VERSION, "documents": arr(ref("DocumentSummary"))}}
    s["Anchor"] = {
        "type": "object", "required": ["section", "quote", "start", "end", "rules", "cited_by"],
        "description": "one cited span: text[start:end] == quote (code points; the five texts have no "
                       "characters outside the BMP, so these are also UTF-16 indices)",
        "properties": {"section": STR, "quote": STR, "start": {"type": "integer", "minimum": 0},
                       "end": {"type": "integer", "minimum": 0}, "rules": arr(STR),
                       "cited_by": arr({"type": "object", "required": ["kind", "id"], "properties": {
                           "kind": {"type": "string", "enum": ["rule", "principle", "procedure", "income_exclusion"]},
                           "id": STR, "label": STR}})},
    }
    s["Document"] = {"allOf": [ref("DocumentSummary"), {
        "type": "object", "required": ["text", "length", "clauses"],
        "properties": {"text": STR, "length": INT, "clauses": arr(ref("Anchor")), "rulebase": VERSION}}]}
    rule_props = {"id": STR, "jurisdiction": ref("JurisdictionId"),
                  "head": {"type": "string", "description": "the predicate the rule concludes (a category, benefit, "
                                                            "`member`, or a helper)"},
                  "per_member": BOOL, "subtype": nullable(STR), "value": nullable(DECIMAL),
                  "basis": ref("Basis"), "file": {"type": "string", "description": "the policy file as `<jurisdiction directory>/<file>` (under kb/policies/ in the repository)"}, "line": INT, "clauses": arr(ref("CitedClause")), "url": STR}
    s["RuleSummary"] = {"type": "object", "required": list(rule_props), "properties": rule_props}
    cited = {"type": "object", "required": ["id", "label", "clauses"],
             "properties": {"id": STR, "label": STR, "labels": ref("Text2"), "clauses": arr(ref("CitedClause"))}}
    s["Procedures"] = {"type": "object", "required": ["jurisdictions"], "properties": {
        "rulebase": VERSION,
        "jurisdictions": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["procedures", "principles", "income_exclusions"], "properties": {
                "label": STR, "document": STR,
                "procedures": arr({"allOf": [cited, {"type": "object", "required": ["value"], "properties": {
                    "value": {"type": ["string"]}, "unit": nullable(STR), "value_text": ref("Text2")}}]}),
                "principles": arr({"allOf": [cited, {"type": "object", "properties": {
                    "picks": {"enum": ["max", "min"]}, "benefits": arr(STR)}}]}),
                "income_exclusions": arr({"type": "object", "required": ["income_type", "clauses"],
                                           "properties": {"income_type": STR, "clauses": arr(ref("CitedClause"))}})}}}}}
    s["RuleList"] = {"type": "object", "required": ["count", "rules"], "properties": {
        "rulebase": VERSION, "count": INT, "rules": arr(ref("RuleSummary"))}}
    s["Rule"] = {"allOf": [ref("RuleSummary"), {
        "type": "object", "required": ["source", "reads", "deferred_note", "conditions"],
        "properties": {"source": {"type": "string", "description": "the rule's DSL text"},
                       "deferred_note": nullable(STR),
                       "conditions": arr({"type": "object", "required": ["condition", "clause"], "properties": {
                           "condition": STR,
                           "clause": {"type": ["integer", "null"], "minimum": 0,
                                      "description": "index in `clauses` of the sentence the condition rests on "
                                                     "(`@n` in the rule; the only one when it cites one)"}}}),
                       "reads": {"type": "object", "required": ["facts", "parameters", "predicates"], "properties": {
                           "facts": arr(STR), "parameters": arr(STR), "predicates": arr(STR)}},
                       "rulebase": VERSION}}]}
    s["Conflicts"] = {"type": "object", "required": ["available", "conflicts"], "properties": {
        "rulebase": VERSION, "available": {"type": "boolean", "description": "false: no static analysis in this "
                                                                               "build, and no findings are claimed"},
        "count": INT, "counts": {"type": "object", "additionalProperties": INT}, "note": STR,
        "conflicts": arr(ref("Finding")),
        "text": {"type": "string", "description": "with ?lang=: the report's header in the glossary's words"}}}
    s["Health"] = {"type": "object", "required": ["status", "version", "rulebase", "jurisdictions"], "properties": {
        "status": {"type": "string", "enum": ["ok"]}, "version": STR,
        "rulebase": {"type": "object", "required": ["version", "rules"], "properties": {"version": STR, "rules": INT}},
        "jurisdictions": arr({"type": "object", "required": ["id", "label", "document", "rules"], "properties": {
            "id": ref("JurisdictionId"), "label": STR, "document": STR, "rules": INT,
            "categories": arr(ref("CategoryId")), "benefits": arr(ref("BenefitId"))}})}}
    return s

