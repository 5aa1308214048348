"""What a valid document becomes: `kb.core.facts.Household` with exact, typed, possibly unknown facts."""
from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import pytest

from ingest import IngestError, read_household, read_households
from ingest_helpers import EXAMPLES, PREFIXES, TTL_MIN, plain, ttl
from kb.core.facts import BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INPUT_FACTS, INTEGER, MONEY, Household

TURTLE, JSONLD, JSON = "text/turtle", "application/ld+json", "application/json"


def J(doc) -> str:
    return json.dumps(doc, ensure_ascii=False)


# --- Turtle and JSON-LD say the same thing ---------------------------------------------------

def test_example_in_turtle_and_jsonld_is_the_same_household():
    from_ttl = read_household((EXAMPLES / "daye-dibao-family.ttl").read_bytes(), TURTLE)
    from_json = read_household((EXAMPLES / "daye-dibao-family.jsonld").read_bytes(), JSONLD)
    assert from_ttl == from_json
    assert from_ttl.id == "https://example.org/households/daye-0001"
    assert [m.id for m in from_ttl.members] == [f"_:household1-member{k}" for k in (1, 2, 3)]


EVERY_FACT_TTL = PREFIXES + """\
<urn:h:1> a bg:Household ;
    bg:jurisdiction "yanqi" ; bg:assessmentDate "2025-06-01"^^xsd:date ;
    bg:residence "rural" ; bg:rigidExpenditure 12000.50 ; bg:financialAssets 0 ;
    bg:formerlyPoor true ; bg:problem "housing_safety", "drinking_water" ; bg:suddenShock false ;
    bg:naturalDisaster true ; bg:housingGrade "C" ; bg:deniedDibaoOn "2024-11-30"^^xsd:date ; bg:exitedOn "2023-01-01"^^xsd:date ;
    bg:incomeItem [ bg:incomeType "wage" ; bg:amount 7200.00 ], [ bg:incomeType "other" ; bg:amount 0.1 ] ;
    bg:member [ bg:age 45 ; bg:workAbility "partial" ; bg:disabilityGrade 2 ; bg:seriousIllness true ;
                bg:hasCapableSupporter false ; bg:livelihoodSource true ; bg:relationToApplicant "applicant" ;
                bg:fullTimeStudent false ; bg:studyLevel "bachelor" ; bg:married true ; bg:cohabiting true ;
                bg:hasLegalSupportDuty false ; bg:unableToLiveIndependently false ] ,
              [ cv:birthDate "2012-06-01"^^xsd:date ; bg:relationToApplicant "child" ] .
"""

EVERY_FACT_JSON = {
    "@context": "https://w3id.org/binggui/context.jsonld",
    "id": "urn:h:1", "type": "Household",
    "jurisdiction": "yanqi", "assessmentDate": "2025-06-01",
    "residence": "rural", "rigidExpenditure": "12000.50", "financialAssets": 0,
    "formerlyPoor": True, "problems": ["housing_safety", "drinking_water"], "suddenShock": False,
    "naturalDisaster": True, "housingGrade": "C", "deniedDibaoOn": "2024-11-30", "exitedOn": "2023-01-01",
    "incomeItems": [{"incomeType": "wage", "amount": "7200.00"}, {"incomeType": "other", "amount": 0.1}],
    "members": [
        {"age": 45, "workAbility": "partial", "disabilityGrade": 2, "seriousIllness": True,
         "hasCapableSupporter": False, "livelihoodSource": True, "relationToApplicant": "applicant",
         "fullTimeStudent": False, "studyLevel": "bachelor", "married": True, "cohabiting": True,
         "hasLegalSupportDuty": False, "unableToLiveIndependently": False},
        {"birthDate": "2012-06-01", "relationToApplicant": "child"},
    ],
}


def test_every_fact_turtle_equals_jsonld():
    assert read_household(EVERY_FACT_TTL, TURTLE) == read_household(J(EVERY_FACT_JSON), JSONLD)


def test_every_input_fact_has_its_python_type():
    h = read_household(EVERY_FACT_TTL, TURTLE)
    expected_type = {MONEY: Fraction, INTEGER: int, BOOLEAN: bool, CODE: str, CODES: frozenset, DATE: date}
    person = h.members[0].facts
    for spec in INPUT_FACTS.values():
        facts = h.facts if spec.level == HOUSEHOLD else person
        assert spec.name in facts, spec.name
        assert type(facts[spec.name]) is expected_type[spec.type], (spec.name, facts[spec.name])
    assert h.facts == {
        "residence": "rural", "rigid_expenditure": Fraction(24001, 2), "financial_assets": Fraction(0),
        "formerly_poor": True, "problem": frozenset({"housing_safety", "drinking_water"}),
        "sudden_shock": False, "natural_disaster": True, "housing_grade": "C", "denied_dibao_on": date(2024, 11, 30),
        "exited_on": date(2023, 1, 1)}
    assert person == {
        "age": 45, "work_ability": "partial", "disability_grade": 2, "serious_illness": True,
        "has_capable_supporter": False, "livelihood_source": True, "relation_to_applicant": "applicant",
        "full_time_student": False, "study_level": "bachelor", "married": True, "cohabiting": True,
        "has_legal_support_duty": False, "unable_to_live_independently": False}
    assert h.members[1].facts == {"age": 13, "relation_to_applicant": "child"}
    assert h.jurisdiction == "yanqi" and h.assessment_date == date(2025, 6, 1)


# --- unknown is not false ------------------------------------------------------------------

def test_absent_fact_is_missing_not_false():
    h = read_household(J(plain()), JSON)
    assert "formerly_poor" not in h.facts
    assert "problem" not in h.facts
    assert "work_ability" not in h.members[0].facts
    assert h.income_items is None


@pytest.mark.parametrize("value, expected", [(False, False), (True, True), ("false", False), ("true", True)])
def test_stated_boolean_is_kept(value, expected):
    h = read_household(J(plain(formerlyPoor=value)), JSON)
    assert h.facts["formerly_poor"] is expected


def test_json_null_is_unknown():
    h = read_household(J(plain(formerlyPoor=None) | {"formerlyPoor": None}), JSON)
    assert "formerly_poor" not in h.facts


def test_problem_none_means_known_no_problem():
    assert read_household(ttl('<urn:h:1> bg:problem "none" .\n'), TURTLE).facts["problem"] == frozenset()
    assert read_household(J(plain(problems=["none"])), JSON).facts["problem"] == frozenset()
    assert read_household(J(plain(problem="basic_living")), JSON).facts["problem"] == frozenset({"basic_living"})


def test_income_unknown_versus_zero():
    assert read_household(J(plain()), JSON).income_items is None
    zero = read_household(J(plain(incomeItems=[{"incomeType": "other", "amount": "0"}])), JSON)
    assert zero.income_items == (zero.income_items[0],) and zero.income_items[0].amount == 0


# --- money is exact --------------------------------------------------------------------------

@pytest.mark.parametrize("media_type, amount, expected", [
    (JSON, "0.1", Fraction(1, 10)),
    (JSON, 0.1, Fraction(1, 10)),
    (JSON, "7200.00", Fraction(7200)),
    (JSON, 1000, Fraction(1000)),
    (JSON, 1e3, Fraction(1000)),          # a JSON exponent is still exact
    (JSON, "999999999999.9999", Fraction("999999999999.9999")),   # the top of the range, exact
    (JSON, "1000000000000", Fraction(10**12)),
    (TURTLE, "0.1", Fraction(1, 10)),
    (TURTLE, "1000", Fraction(1000)),
    (TURTLE, '"0.30"^^xsd:decimal', Fraction(3, 10)),
])
def test_money_is_exact(media_type, amount, expected):
    if media_type == JSON:
        body = J(plain(incomeItems=[{"incomeType": "wage", "amount": amount}])).replace("1000.0", "1e3")
    else:
        body = ttl(f'<urn:h:1> bg:incomeItem [ bg:incomeType "wage" ; bg:amount {amount} ] .\n')
    h = read_household(body, media_type)
    assert h.income_items[0].amount == expected
    assert isinstance(h.income_items[0].amount, Fraction)


# Money's documented range: 0 to 10^12 yuan, at most 4 decimal places (ingest/shapes.ttl).
@pytest.mark.parametrize("media_type, amount", [
    (JSON, "1000000000000.0001"),
    (JSON, "1" + "0" * 26),                       # 27 integer digits used to give a 500 downstream
    (JSON, "NUMBER:" + "9" * 4400),               # a JSON integer over Python's int-from-string digit limit
    (JSON, "0.12345"),                            # five decimals
    (JSON, "NUMBER:1e999"),                       # a JSON exponent written out in full
    (TURTLE, "1" + "0" * 40),
    (TURTLE, '"0.00001"^^xsd:decimal'),
])
def test_money_outside_its_range_is_refused_with_its_place(media_type, amount):
    if media_type == JSON:
        raw = json.dumps(plain(incomeItems=[{"incomeType": "wage", "amount": "AMOUNT"}]))
        shown = amount.removeprefix("NUMBER:") if amount.startswith("NUMBER:") else json.dumps(amount)
        body = raw.replace('"AMOUNT"', shown)
    else:
        body = ttl(f'<urn:h:1> bg:incomeItem [ bg:incomeType "wage" ; bg:amount {amount} ] .\n')
    with pytest.raises(IngestError) as caught:
        read_household(body, media_type)
    err = caught.value
    assert err.status == 422, err
    assert any("10^12" in v["message"]["en"] for v in err.violations), err.violations
    if media_type == JSON:
        assert err.violations[0]["location"] == "$.incomeItems[0].amount"
    else:
        assert err.violations[0]["location"] and err.violations[0]["path"] == "bg:amount", err.violations
    assert "sys.set_int_max_str_digits" not in str(err.to_dict())


def test_money_sums_exactly():
    items = [{"incomeType": "wage", "amount": "0.1"}, {"incomeType": "other", "amount": "0.2"}]
    h = read_household(J(plain(incomeItems=items)), JSON)
    assert sum(i.amount for i in h.income_items) == Fraction(3, 10)


# --- ages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("birth, on, age", [
    ("1980-06-01", "2025-06-01", 45),   # birthday today
    ("1980-06-02", "2025-06-01", 44),   # birthday tomorrow
    ("1980-05-31", "2025-06-01", 45),
    ("2025-06-01", "2025-06-01", 0),
    ("2000-02-29", "2025-02-28", 24),   # leap-day birthday, non-leap year
    ("2000-02-29", "2025-03-01", 25),
    ("2000-02-29", "2024-02-29", 24),
])
def test_age_from_birth_date(birth, on, age):
    h = read_household(J(plain(assessmentDate=on, members=[{"birthDate": birth}])), JSON)
    assert h.members[0].facts["age"] == age


def test_an_age_and_a_birth_date_that_agree_are_read():
    # both given and disagreeing is refused (tests/ingest/test_ingest_malformed.py)
    h = read_household(J(plain(members=[{"age": 45, "birthDate": "1980-01-01"}])), JSON)
    assert h.members[0].facts["age"] == 45


# --- members, ids, order ---------------------------------------------------------------------

def test_members_keep_listed_order_turtle():
    names = ["urn:p:zeta", "urn:p:alpha", "urn:p:mu", "urn:p:beta", "urn:p:omega", "urn:p:delta"]
    listed = ", ".join(f"<{n}>" for n in names)
    defs = "".join(f"<{n}> bg:age {20 + i} .\n" for i, n in reversed(list(enumerate(names))))
    body = PREFIXES + ('<urn:h:1> bg:jurisdiction "daye" ; bg:assessmentDate "2025-06-01"^^xsd:date ;\n'
                       f"  bg:member {listed} .\n") + defs
    h = read_household(body, TURTLE)
    assert [m.id for m in h.members] == names
    assert [m.facts["age"] for m in h.members] == [20, 21, 22, 23, 24, 25]


def test_members_keep_listed_order_json():
    members = [{"id": f"urn:p:{c}", "age": 30 + i} for i, c in enumerate("qwertyuiop")]
    h = read_household(J(plain(members=members)), JSON)
    assert [m.id for m in h.members] == [f"urn:p:{c}" for c in "qwertyuiop"]
    assert [m.facts["age"] for m in h.members] == list(range(30, 40))


def test_blank_node_ids_are_stable():
    body = J(plain(members=[{"age": 1}, {"age": 2}]))
    first, second = read_household(body, JSON), read_household(body, JSON)
    assert first == second
    assert first.id == "_:household1"
    assert [m.id for m in first.members] == ["_:household1-member1", "_:household1-member2"]


def test_relative_iris_resolve_against_fixed_base():
    h = read_household(PREFIXES + '<#h> bg:jurisdiction "daye" ; bg:assessmentDate "2025-06-01"^^xsd:date ;'
                       ' bg:member <#p> .\n', TURTLE)
    assert h.id == "https://w3id.org/binggui/input/#h"
    assert h.members[0].id == "https://w3id.org/binggui/input/#p"


def test_untyped_household_is_found():
    body = TTL_MIN.replace("<urn:h:1> a bg:Household ;", "<urn:h:1>")
    assert read_household(body, TURTLE).id == "urn:h:1"


def test_bytes_str_and_media_type_parameters():
    a = read_household(TTL_MIN, "text/turtle")
    b = read_household(TTL_MIN.encode(), "Text/Turtle; charset=UTF-8")
    c = read_household(b"\xef\xbb\xbf" + TTL_MIN.encode(), "application/x-turtle")
    assert a == b == c


def test_non_bg_statements_are_ignored():
    h = read_household(ttl('<urn:p:1> <https://schema.org/name> "张三" ; a cv:Person .\n'), TURTLE)
    assert h.members[0].facts == {"age": 40}
    h = read_household(J(plain(name="王家", members=[{"age": 40, "name": "王五", "type": "Person"}])), JSON)
    assert h.members[0].facts == {"age": 40}


# --- jurisdiction argument -------------------------------------------------------------------

def test_jurisdiction_argument_overrides_body():
    assert read_household(TTL_MIN, TURTLE, jurisdiction="dianjiang").jurisdiction == "dianjiang"


def test_jurisdiction_argument_fills_missing():
    h = read_household(J(plain(jurisdiction=None)), JSON, jurisdiction="suntuan")
    assert h.jurisdiction == "suntuan"


# --- several households ----------------------------------------------------------------------

def test_read_households_in_document_order():
    docs = [plain(id="urn:h:b", jurisdiction="yanqi"), plain(id="urn:h:a"), plain()]
    hs = read_households(J(docs), JSON)
    assert [h.id for h in hs] == ["urn:h:b", "urn:h:a", "_:household3"]
    assert [h.jurisdiction for h in hs] == ["yanqi", "daye", "daye"]
    assert hs[2].members[0].id == "_:household3-member1"
    graph_form = {"@context": "https://w3id.org/binggui/context.jsonld", "@graph": docs}
    assert read_households(J(graph_form), JSONLD) == hs


def test_read_households_turtle_order_and_shared_member_prefix():
    body = TTL_MIN + ('<urn:h:0> a bg:Household ; bg:jurisdiction "huaishang" ;\n'
                      '  bg:assessmentDate "2025-06-01"^^xsd:date ; bg:member [ bg:age 70 ] .\n')
    hs = read_households(body, TURTLE)
    assert [h.id for h in hs] == ["urn:h:1", "urn:h:0"]
    assert hs[1].members[0].id == "_:household2-member1"


def test_read_households_with_override_applies_to_all():
    hs = read_households(J([plain(), plain(jurisdiction="yanqi")]), JSON, jurisdiction="daye")
    assert {h.jurisdiction for h in hs} == {"daye"}


def test_household_is_the_kb_contract_type():
    assert isinstance(read_household(TTL_MIN, TURTLE), Household)
