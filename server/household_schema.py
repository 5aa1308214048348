"""The JSON Schema of a household as plain JSON (read as JSON-LD with the shipped @context), for
the OpenAPI document: built from kb.core.facts (which facts exist, their types and code lists)
and the constraints of ingest/shapes.ttl and ingest's limits, so a client or a fuzzer can build
households the server accepts.

What the schema cannot say it narrows instead, so that every household valid under it is
answered (never refused): an age computed from `birthDate` must lie in 0..130 at the
assessment date, so assessment dates are written for 2025-2030 (the pilots' years) and birth
dates for 1900-2024; a member gives an age or a birth date, not both (the server takes both
when they agree); money is written as a decimal string of 0 to 10^12 yuan with at most 4
decimals (the server also reads JSON numbers, and full JSON-LD documents with their own
@context). Days run 01-28 so that every date the pattern allows exists.
"""
from __future__ import annotations

from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INCOME_TYPES, INPUT_FACTS, INTEGER,
                           INTEGER_RANGES, MONEY, PERSON)

MONEY_PATTERN = r"^(0|[1-9][0-9]{0,11})([.][0-9]{1,4})?$|^1000000000000([.]0{1,4})?$"
_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"
ASSESSMENT_DATE = {"type": "string", "pattern": r"^20(2[5-9]|30)-" + _DAY, "examples": ["2025-06-01"],
                   "description": "the date the household is assessed on (xsd:date)"}
PAST_DATE = {"type": "string", "pattern": r"^(19[0-9][0-9]|20[01][0-9]|202[0-4])-" + _DAY, "examples": ["2024-03-15"]}


def _local(term: str) -> str:
    return term.split(":", 1)[1]


def _fact_schema(spec) -> dict:
    if spec.type == MONEY:
        out = {"type": "string", "pattern": MONEY_PATTERN, "examples": ["7200.00"]}
    elif spec.type == INTEGER:
        low, high = INTEGER_RANGES.get(spec.name, (0, 130))
        out = {"type": "integer", "minimum": low, "maximum": high}
    elif spec.type == BOOLEAN:
        out = {"type": "boolean"}
    elif spec.type == CODE:
        out = {"type": "string", "enum": list(spec.codes)}
    elif spec.type == DATE:
        out = dict(PAST_DATE)
    elif spec.type == CODES:
        out = {"anyOf": [{"type": "array", "items": {"enum": list(spec.codes)}, "uniqueItems": True},
                         {"type": "array", "items": {"const": "none"}, "minItems": 1, "maxItems": 1}],
               "description": "the codes that apply; [\"none\"]: known to have none"}
    else:   # a new fact type must be described here before it can be served
        raise ValueError(f"no JSON Schema for fact type {spec.type!r}")
    out["description"] = (f"{spec.label_en} ({spec.label_zh}), {spec.rdf_term}; absent: unknown"
                          + (f"; {out['description']}" if "description" in out else ""))
    return out


def household_schemas(max_members: int, max_income_items: int, example_jurisdiction: str) -> dict:
    """components/schemas entries: Household, Member, IncomeItem. The jurisdiction is one of the
    served rule base's (components/schemas/JurisdictionId); the example names `example_jurisdiction`."""
    member = {"type": "object", "additionalProperties": False,
              "description": "one member (cv:Person); every fact optional (absent: unknown)",
              "properties": {"type": {"const": "Person"}}}
    for spec in INPUT_FACTS.values():
        if spec.level == PERSON:
            member["properties"][_local(spec.rdf_term)] = _fact_schema(spec)
    member["properties"]["birthDate"] = {**PAST_DATE, "description": "cv:birthDate: the age at the assessment "
                                         "date is computed from it; give it or `age` (both are refused unless "
                                         "they agree at the assessment date)"}
    # the two must agree, which a JSON Schema cannot say: it allows one of them only
    member["not"] = {"required": ["age", "birthDate"]}
    item = {"type": "object", "additionalProperties": False, "required": ["incomeType", "amount"],
            "description": "one income item of the last 12 months (bg:IncomeItem)",
            "properties": {"type": {"const": "IncomeItem"},
                           "incomeType": {"type": "string", "enum": list(INCOME_TYPES)},
                           "amount": {"type": "string", "pattern": MONEY_PATTERN, "examples": ["7200.00"],
                                      "description": "yuan, 0 to 10^12, at most 4 decimals"}}}
    household = {
        "type": "object", "additionalProperties": False,
        "required": ["jurisdiction", "assessmentDate", "members"],
        "description": "one household as plain JSON (ingest/context.jsonld applies); an absent fact is unknown",
        "properties": {
            "type": {"const": "Household"},
            "jurisdiction": {"$ref": "#/components/schemas/JurisdictionId"},
            "assessmentDate": ASSESSMENT_DATE,
            "members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}, "minItems": 1,
                        "maxItems": max_members,
                        "description": "the members; one of them at most is the applicant",
                        "contains": {"type": "object", "required": ["relationToApplicant"],
                                     "properties": {"relationToApplicant": {"const": "applicant"}}},
                        "minContains": 0, "maxContains": 1},
            "incomeItems": {"type": "array", "items": {"$ref": "#/components/schemas/IncomeItem"},
                            "maxItems": max_income_items,
                            "description": "absent: income unknown; []: known to have no income"},
        },
        "examples": [{"type": "Household", "jurisdiction": example_jurisdiction, "assessmentDate": "2025-06-01",
                      "members": [{"age": 45, "workAbility": "none", "relationToApplicant": "applicant"},
                                  {"birthDate": "2013-09-01", "relationToApplicant": "child"}],
                      "incomeItems": [{"incomeType": "wage", "amount": "7200.00"}],
                      "rigidExpenditure": "1000", "problems": ["housing_safety"], "formerlyPoor": False}],
    }
    for spec in INPUT_FACTS.values():
        if spec.level == HOUSEHOLD:
            key = "problems" if spec.name == "problem" else _local(spec.rdf_term)
            household["properties"][key] = _fact_schema(spec)
    return {"Household": household, "Member": member, "IncomeItem": item}
