"""Malformed and invalid households, as a data table: each row's status, location and reason.

Every row goes through the public API and must end in an `IngestError` with the expected HTTP
status; `location` is checked exactly (a `line:col`, a JSON path or a node), `path` is the
RDF property the violation names, and `fragment` must appear in the English message of some
violation (the Chinese message must be present too).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from ingest import IngestError, read_household
from ingest_helpers import PREFIXES, TTL_MIN, plain, ttl
from kb.compile.compiler import default_rulebase

# The jurisdiction ids bg:jurisdiction may take are the knowledge base's (the API passes them).
SHIPPED = tuple(default_rulebase().jurisdictions)

TURTLE, JSONLD, JSON = "text/turtle", "application/ld+json", "application/json"
HERE = "urn:h:1"
P1 = "urn:p:1"


@dataclass
class Case:
    id: str
    media_type: str
    body: str | bytes
    status: int
    location: str | None = None     # exact location of some violation (None: not checked)
    fragment: str = ""              # in some violation's English message
    path: str | None = None         # that violation's path
    max_bytes: int | None = None
    jurisdiction: str | None = None


def J(doc) -> str:
    return json.dumps(doc, ensure_ascii=False)


def nested_json(depth: int) -> str:
    return J(plain(note=None)) [:-1] + ', "x": ' + "[" * depth + "1" + "]" * depth + "}"


CASES = [
    # --- 415: media type -------------------------------------------------------------------
    Case("media-type-text-plain", "text/plain", TTL_MIN, 415, "Content-Type", "unsupported media type"),
    Case("media-type-rdfxml", "application/rdf+xml", "<rdf:RDF/>", 415, "Content-Type", "unsupported media type"),
    Case("media-type-missing", "", TTL_MIN, 415, "Content-Type", "unsupported media type"),
    Case("charset-latin1", "text/turtle; charset=iso-8859-1", TTL_MIN, 415, "Content-Type", "charset"),

    # --- 413: size ---------------------------------------------------------------------------
    Case("document-too-large", TURTLE, TTL_MIN, 413, None, "over the limit of 100 bytes", max_bytes=100),
    Case("huge-literal-json", JSON, J(plain(name="张" * 10_001)), 413, "$.name", "10001 characters"),
    Case("huge-literal-turtle", TURTLE, ttl(f'<urn:p:1> <https://schema.org/name> "{"x" * 10_001}" .\n'),
         413, P1, "10001 characters"),
    Case("huge-iri-turtle", TURTLE, ttl(f"<urn:p:1> <https://schema.org/sameAs> <urn:{'x' * 10_001}> .\n"),
         413, P1, "characters is over the limit"),

    # --- 400: syntax -------------------------------------------------------------------------
    Case("turtle-unbound-prefix", TURTLE, PREFIXES + "<urn:h:1> bg:member ex:p .\n", 400, "4:21",
         'Prefix "ex:" not bound'),
    Case("turtle-unterminated-string", TURTLE, PREFIXES + '<urn:h:1> bg:jurisdiction "daye ;\n', 400, None,
         "Turtle syntax error"),
    Case("turtle-missing-dot", TURTLE, TTL_MIN.replace("bg:age 40 .", "bg:age 40"), 400, "8:1",
         "Turtle syntax error"),
    Case("turtle-not-utf8", TURTLE, TTL_MIN.encode("utf-8") + b'<urn:p:1> <urn:x> "\xff\xfe" .\n', 400,
         "8:20", "not valid UTF-8"),
    Case("json-trailing-comma", JSON, '{"jurisdiction": "daye",\n "members": [{"age": 40,}]}', 400, "2:25",
         "JSON syntax error"),
    Case("json-truncated", JSON, J(plain())[:40], 400, "1:40", "JSON syntax error"),
    Case("json-empty", JSON, "", 400, "1:1", "JSON syntax error"),
    Case("json-duplicate-key", JSON, '{"jurisdiction": "daye", "assessmentDate": "2025-06-01",'
         ' "members": [{"age": 40, "age": 41}]}', 400, "$.members[0].age", 'the key "age" appears twice'),
    Case("json-nan", JSON, '{"jurisdiction": "daye", "assessmentDate": "2025-06-01", "members": [{"age": NaN}]}',
         400, None, "NaN is not a JSON number"),
    Case("json-not-an-object", JSON, '"a household"', 400, "$", "must be an object or an array"),
    Case("json-deeply-nested", JSON, nested_json(60), 400, None, "nests deeper than 50 levels"),
    Case("turtle-deeply-nested", TURTLE, ttl("<urn:p:1> <urn:x> " + "[ <urn:y> " * 60 + "1" + " ]" * 60 + " .\n"),
         400, "8:519", "nests deeper than 50 levels"),
    Case("remote-context-top", JSONLD, J({"@context": "https://example.com/context.jsonld", **plain()}), 400,
         '$["@context"]', "remote @context https://example.com/context.jsonld is not fetched"),
    Case("remote-context-in-list", JSONLD, J({"@context": ["https://w3id.org/binggui/context.jsonld",
                                                            "http://evil.example/ctx"], **plain()}),
         400, '$["@context"][1]', "is not fetched"),
    Case("remote-context-nested-node", JSONLD,
         J(plain(members=[{"@context": "http://evil.example/ctx", "age": 40}])), 400,
         '$.members[0]["@context"]', "is not fetched"),
    Case("remote-context-import", JSONLD, J({"@context": {"@import": "http://evil.example/ctx"}, **plain()}),
         400, '$["@context"]["@import"]', "is not fetched"),
    Case("remote-context-scoped", JSONLD,
         J({"@context": [{"members": {"@id": "https://w3id.org/binggui#member",
                                      "@context": "http://evil.example/scoped"}}], **plain()}),
         400, '$["@context"][0].members["@context"]', "is not fetched"),

    # --- 422: shapes -------------------------------------------------------------------------
    Case("unknown-jurisdiction", JSON, J(plain(jurisdiction="wuhan")), 422, "$.jurisdiction",
         "one of daye, dianjiang, huaishang, suntuan, yanqi", "bg:jurisdiction"),
    Case("unknown-jurisdiction-turtle", TURTLE, TTL_MIN.replace('"daye"', '"Daye"'), 422, HERE,
         "exactly one bg:jurisdiction", "bg:jurisdiction"),
    Case("two-jurisdictions", TURTLE, ttl('<urn:h:1> bg:jurisdiction "yanqi" .\n'), 422, HERE,
         "exactly one bg:jurisdiction", "bg:jurisdiction"),
    Case("missing-jurisdiction", JSON, J(plain(jurisdiction=None)), 422, "$", "exactly one bg:jurisdiction",
         "bg:jurisdiction"),
    Case("missing-assessment-date", JSON, J(plain(assessmentDate=None)), 422, "$",
         "exactly one bg:assessmentDate", "bg:assessmentDate"),
    Case("bad-assessment-date", JSON, J(plain(assessmentDate="2025-02-30")), 422, "$.assessmentDate",
         "xsd:date", "bg:assessmentDate"),
    Case("missing-members", JSON, J(plain(members=None)), 422, "$", "at least one bg:member", "bg:member"),
    Case("empty-members", JSON, J(plain(members=[])), 422, "$.members", "at least one bg:member", "bg:member"),
    Case("member-is-a-literal", TURTLE, ttl('<urn:h:1> bg:member "张三" .\n'), 422, HERE,
         "each a node (a person), not a literal", "bg:member"),
    Case("age-wrong-datatype-turtle", TURTLE, TTL_MIN.replace("bg:age 40", 'bg:age "forty"^^xsd:integer'),
         422, P1, "integer from 0 to 130", "bg:age"),
    Case("age-plain-string-turtle", TURTLE, TTL_MIN.replace("bg:age 40", 'bg:age "40"'), 422, P1,
         "integer from 0 to 130", "bg:age"),
    Case("age-decimal-json", JSON, J(plain(members=[{"age": 40}, {"age": 12.5}])).replace('12.5', '12.5'),
         422, "$.members[1].age", "integer from 0 to 130", "bg:age"),
    Case("age-not-a-number-json", JSON, J(plain(members=[{"age": "forty"}])), 422, "$.members[0].age",
         "integer from 0 to 130", "bg:age"),
    Case("age-over-130", JSON, J(plain(members=[{"age": 131}])), 422, "$.members[0].age",
         "integer from 0 to 130", "bg:age"),
    Case("age-negative", TURTLE, TTL_MIN.replace("bg:age 40", "bg:age -1"), 422, P1,
         "integer from 0 to 130", "bg:age"),
    Case("birth-after-assessment", JSON, J(plain(members=[{"birthDate": "2030-01-01"}])), 422,
         "$.members[0].birthDate", "gives an age of -5", "cv:birthDate"),
    Case("disability-grade-5", JSON, J(plain(members=[{"age": 40, "disabilityGrade": 5}])), 422,
         "$.members[0].disabilityGrade", "integer from 1 to 4", "bg:disabilityGrade"),
    Case("boolean-wrong-value", JSON, J(plain(formerlyPoor="yes")), 422, "$.formerlyPoor", "true or false",
         "bg:formerlyPoor"),
    Case("boolean-plain-string-turtle", TURTLE, ttl('<urn:h:1> bg:formerlyPoor "false" .\n'), 422, HERE,
         "true or false", "bg:formerlyPoor"),
    Case("negative-money-json", JSON, J(plain(incomeItems=[{"incomeType": "wage", "amount": "-1.00"}])), 422,
         "$.incomeItems[0].amount", "decimal amount of 0 to 10^12 yuan", "bg:amount"),
    Case("negative-money-turtle", TURTLE, ttl("<urn:h:1> bg:rigidExpenditure -5.00 .\n"), 422, HERE,
         "decimal amount of 0 to 10^12 yuan", "bg:rigidExpenditure"),
    Case("money-as-double", TURTLE, ttl("<urn:h:1> bg:financialAssets 1.5e3 .\n"), 422, HERE,
         "decimal amount of 0 to 10^12 yuan", "bg:financialAssets"),
    Case("money-as-text", JSON, J(plain(rigidExpenditure="a lot")), 422, "$.rigidExpenditure",
         "decimal amount of 0 to 10^12 yuan", "bg:rigidExpenditure"),
    # XSD's lexical forms, which rdflib's Python parsers are laxer than (ingest/literals.py)
    Case("money-with-exponent-json", JSON, J(plain(rigidExpenditure="1e5")), 422, "$.rigidExpenditure",
         "not a valid xsd:decimal", "bg:rigidExpenditure"),
    # as written, the shapes' own pattern refuses these (rdflib read them as 1000 before)
    Case("money-with-exponent-turtle", TURTLE, ttl('<urn:h:1> bg:financialAssets "1e3"^^xsd:decimal .\n'), 422,
         HERE, "decimal amount of 0 to 10^12 yuan", "bg:financialAssets"),
    Case("money-with-separator-turtle", TURTLE, ttl('<urn:h:1> bg:financialAssets "1_000"^^xsd:decimal .\n'), 422,
         HERE, "decimal amount of 0 to 10^12 yuan", "bg:financialAssets"),
    Case("age-with-separator-turtle", TURTLE, TTL_MIN.replace("bg:age 40", 'bg:age "4_0"^^xsd:integer'), 422, P1,
         "not a valid xsd:integer", "bg:age"),
    Case("age-in-other-digits-json", JSON, J(plain(members=[{"age": "٤٠"}])), 422, "$.members[0].age",
         "not a valid xsd:integer", "bg:age"),
    Case("age-json-true", JSON, J(plain(members=[{"age": True}])), 422, "$.members[0].age",
         "integer from 0 to 130", "bg:age"),
    Case("flag-uppercase-turtle", TURTLE, ttl('<urn:h:1> bg:formerlyPoor "TRUE"^^xsd:boolean .\n'), 422, HERE,
         "bg:formerlyPoor", "bg:formerlyPoor"),
    Case("denial-after-assessment", JSON, J(plain(deniedDibaoOn="2025-07-01")), 422, "$.deniedDibaoOn",
         "is after the assessment date 2025-06-01", "bg:deniedDibaoOn"),
    Case("exit-after-assessment", TURTLE, ttl('<urn:h:1> bg:exitedOn "2026-01-01"^^xsd:date .\n'), 422, HERE,
         "is after the assessment date", "bg:exitedOn"),
    Case("two-applicants", JSON, J(plain(members=[{"age": 40, "relationToApplicant": "applicant"},
                                                  {"age": 38, "relationToApplicant": "applicant"}])), 422,
         "$.members[1].relationToApplicant", "2 members have bg:relationToApplicant", "bg:relationToApplicant"),
    Case("age-disagrees-with-birth-date", JSON, J(plain(members=[{"age": 50, "birthDate": "1980-01-01"}])), 422,
         "$.members[0].age", "disagrees with the birth date 1980-01-01 (age 45", "bg:age"),
    Case("money-huge-exponent-json", JSON, '{"jurisdiction": "daye", "assessmentDate": "2025-06-01",\n'
         ' "members": [{"age": 40}], "financialAssets": 1e999999999}', 400, "2:47", "too large an exponent"),
    Case("money-huge-exponent-string", JSON, J(plain(financialAssets="1E-999999999")), 400, None,
         "too large an exponent"),
    Case("money-huge-exponent-turtle", TURTLE, ttl('<urn:h:1> bg:amount "1E+999999999"^^xsd:decimal .\n'),
         400, "8:22", "too large an exponent"),
    Case("income-item-without-amount", JSON, J(plain(incomeItems=[{"incomeType": "wage"}])), 422,
         "$.incomeItems[0]", "exactly one bg:amount", "bg:amount"),
    Case("unknown-income-type", JSON, J(plain(incomeItems=[{"incomeType": "salary", "amount": "1"}])), 422,
         "$.incomeItems[0].incomeType", "one of wage, business", "bg:incomeType"),
    Case("unknown-code-work-ability", JSON, J(plain(members=[{"age": 40, "workAbility": "some"}])), 422,
         "$.members[0].workAbility", "one of full, partial, none", "bg:workAbility"),
    Case("unknown-code-problem", JSON, J(plain(problems=["housing_safety", "poverty"])), 422,
         "$.problems[1]", "bg:problem is one of", "bg:problem"),
    Case("problem-none-with-others", TURTLE, ttl('<urn:h:1> bg:problem "none", "housing_safety" .\n'), 422,
         HERE, '"none" (known: no problem) cannot be stated together', "bg:problem"),
    Case("unknown-housing-grade", JSON, J(plain(housingGrade="E")), 422, "$.housingGrade", "one of A, B, C, D",
         "bg:housingGrade"),
    Case("language-tagged-code", TURTLE, ttl('<urn:h:1> bg:residence "rural"@en .\n'), 422, HERE,
         "one of rural, urban", "bg:residence"),
    Case("unknown-term-turtle", TURTLE, ttl('<urn:p:1> bg:workAbilty "none" .\n'), 422, P1,
         "did you mean bg:workAbility?", "bg:workAbilty"),
    Case("unknown-term-wrong-case", TURTLE, ttl("<urn:h:1> bg:formerlypoor true .\n"), 422, HERE,
         "did you mean bg:formerlyPoor?", "bg:formerlypoor"),
    Case("unknown-key-json", JSON, J(plain(members=[{"age": 40, "workAbilty": "none"}])), 422,
         "$.members[0].workAbilty", 'did you mean "workAbility" (bg:workAbility)?', "bg:workAbilty"),
    Case("unknown-class-json", JSON, J(plain(**{"@type": "Houshold"})), 422, '$["@type"]',
         "did you mean bg:Household?", "rdf:type"),
    Case("person-fact-on-household", JSON, J(plain(age=70)), 422, "$.age",
         "fact about a member", "bg:age"),
    Case("household-fact-on-member", JSON, J(plain(members=[{"age": 40, "rigidExpenditure": "10"}])), 422,
         "$.members[0].rigidExpenditure", "fact about the household", "bg:rigidExpenditure"),
    Case("person-not-listed", TURTLE, ttl("<urn:p:2> bg:age 12 .\n"), 422, "urn:p:2",
         "not listed by any household", "^bg:member"),
    Case("household-fact-on-stray-node", TURTLE, ttl("<urn:x:1> bg:rigidExpenditure 100 .\n"), 422, "urn:x:1",
         "neither a household nor a member", "bg:rigidExpenditure"),
    Case("no-household-turtle", TURTLE, PREFIXES + "<urn:p:1> <https://schema.org/name> \"x\" .\n", 422, None,
         "no household in the document"),
    Case("no-household-empty-turtle", TURTLE, "", 422, None, "no household in the document"),
    Case("two-households", TURTLE, ttl('<urn:h:2> a bg:Household ; bg:jurisdiction "yanqi" ;\n'
                                       '  bg:assessmentDate "2025-06-01"^^xsd:date ; bg:member <urn:p:1> .\n'),
         422, HERE, "expected one household, found 2: urn:h:1, urn:h:2"),
    Case("two-households-json", JSON, J([plain(), plain(id="urn:h:2")]), 422, '$["@graph"][1]',
         "expected one household, found 2: _:household1, urn:h:2"),
    Case("jurisdiction-argument-unknown", TURTLE, TTL_MIN, 422, "jurisdiction", "unknown jurisdiction 'wuhan'",
         jurisdiction="wuhan"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_with_status_and_location(case: Case, no_network):
    kwargs = {"jurisdictions": SHIPPED}
    if case.max_bytes is not None:
        kwargs["max_bytes"] = case.max_bytes
    if case.jurisdiction is not None:
        kwargs["jurisdiction"] = case.jurisdiction
    with pytest.raises(IngestError) as caught:
        read_household(case.body, case.media_type, **kwargs)
    err = caught.value
    report = json.dumps(err.to_dict(), ensure_ascii=False, indent=1)
    assert err.status == case.status, report
    assert err.violations, report
    for v in err.violations:
        assert set(v) == {"location", "node", "path", "value", "message"}, report
        assert v["message"]["zh"] and v["message"]["en"], report
    matching = [v for v in err.violations if case.fragment in v["message"]["en"]]
    assert matching, f"no violation says {case.fragment!r}:\n{report}"
    if case.location is not None:
        assert case.location in [v["location"] for v in matching], report
    if case.path is not None:
        assert case.path in [v["path"] for v in matching], report
    json.dumps(err.to_dict())   # JSON-ready for the API
    assert no_network == []


def test_remote_context_is_never_fetched_even_if_rdflib_tries(no_network):
    """The second guard: a context URL that reaches rdflib is refused, not fetched."""
    from rdflib.plugins.shared.jsonld.context import Context
    from ingest.jsonld import _NoFetchCache
    ctx = Context(base="https://w3id.org/binggui/input/")
    ctx._context_cache = _NoFetchCache()
    with pytest.raises(IngestError) as caught:
        ctx.load("https://example.com/context.jsonld")
    assert caught.value.status == 400
    assert no_network == []


def test_published_context_url_is_served_locally(no_network):
    doc = {"@context": "https://w3id.org/binggui/context.jsonld", **plain()}
    household = read_household(J(doc), JSONLD)
    assert household.jurisdiction == "daye"
    assert no_network == []


def test_two_households_error_names_both_nodes():
    with pytest.raises(IngestError) as caught:
        read_household(J([plain(id="urn:h:a"), plain(id="urn:h:b")]), JSON)
    err = caught.value
    assert err.status == 422
    assert {v["node"] for v in err.violations} == {"urn:h:a", "urn:h:b"}
    assert "urn:h:a" in err.message and "urn:h:b" in err.message


def test_all_violations_reported_at_once():
    doc = plain(jurisdiction="wuhan", members=[{"age": 200, "workAbility": "some"}], rigidExpenditure="-3")
    with pytest.raises(IngestError) as caught:
        read_household(J(doc), JSON, jurisdictions=SHIPPED)
    locations = {v["location"] for v in caught.value.violations}
    assert {"$.jurisdiction", "$.members[0].age", "$.members[0].workAbility", "$.rigidExpenditure"} <= locations


def test_error_summary_fields():
    with pytest.raises(IngestError) as caught:
        read_household(J(plain(jurisdiction="wuhan")), JSON, jurisdictions=SHIPPED)
    err = caught.value
    assert err.location == "$.jurisdiction"
    assert err.message_zh and err.message
    d = err.to_dict()
    assert d["status"] == 422 and d["location"] == "$.jurisdiction" and d["violations"]
    assert "422" in str(err)
