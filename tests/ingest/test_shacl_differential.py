"""The Rust SHACL engine (pyshacl-turbo) against pySHACL, the oracle, on the same shapes.ttl.

Every ingest test already runs its graphs through both (tests/ingest/conftest.py); this module
adds generated households, each also broken in several ways, and literals at the edges of each
datatype, where the two engines are known to differ (ingest.shacl routes those to pySHACL).
"""
from __future__ import annotations

import pytest
from rdflib import Graph

from ingest import shacl
from ingest.locate import OrderedGraph
from ingest.reader import _parse
from ingest_helpers import EXAMPLES, PREFIXES
from kb.compile.compiler import default_rulebase
from kb.testing.generate import generate, to_turtle
from shacl_oracle import canonical, differences

FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".ttl", ".jsonld"))

# Each turns a valid generated household into one that breaks a different shape (or stays
# valid where the replaced text is absent).
BREAKAGES = {
    "valid": lambda t: t,
    "unknown jurisdiction": lambda t: t.replace('bg:jurisdiction "', 'bg:jurisdiction "x', 1),
    "second assessment date": lambda t: t.replace("bg:assessmentDate ", 'bg:assessmentDate "2025-01-01"^^xsd:date, ', 1),
    "age out of range": lambda t: t.replace("bg:age ", "bg:age 1", 1).replace("bg:age 1", "bg:age 3", 1),
    "negative amount": lambda t: t.replace('bg:amount "', 'bg:amount "-', 1),
    "amount as double": lambda t: t.replace('bg:amount "', 'bg:amount "1e3"^^xsd:double, "', 1),
    "none with a problem": lambda t: t.replace("bg:problem ", 'bg:problem "none", ', 1),
    "person fact on the household": lambda t: t.replace("a bg:Household ;", "a bg:Household ; bg:age 40 ;", 1),
    "no members": lambda t: t.replace("bg:member <", "bg:note <"),
    "item without amount": lambda t: t.replace('; bg:amount "', '; bg:note "', 1),
    "work ability misspelt": lambda t: t.replace('bg:workAbility "', 'bg:workAbility "x', 1),
}


def _graph(text: str) -> Graph:
    return OrderedGraph().parse(data=text, format="turtle")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_examples_conform_under_both_engines(path):
    graph, _ = _parse(path.read_text(encoding="utf-8"), "text/turtle" if path.suffix == ".ttl" else "application/ld+json")
    assert shacl.validate_with_pyshacl(graph) == []
    assert shacl._turbo_is_exact_on(graph)
    assert shacl.validate_with_turbo(graph) == []


@pytest.mark.parametrize("jurisdiction", ["huaishang", "yanqi", "suntuan", "daye", "dianjiang"])
def test_generated_households_broken_in_each_way_validate_as_pyshacl_says(jurisdiction):
    j = default_rulebase().jurisdictions[jurisdiction]
    seen_violations = 0
    for h in generate(j, 20, seed=2026):
        text = to_turtle(h)
        for name, breakage in BREAKAGES.items():
            graph = _graph(breakage(text))
            expected = canonical(shacl.validate_with_pyshacl(graph))
            if name == "valid":
                assert expected == [], text
            seen_violations += bool(expected)
            assert canonical(shacl.validate(graph)) == expected, (name, breakage(text))
            if shacl._turbo_is_exact_on(graph):        # the Rust engine itself, not the fallback
                assert canonical(shacl.validate_with_turbo(graph)) == expected, (name, breakage(text))
    assert seen_violations >= 20 * (len(BREAKAGES) - 3)   # the breakages do break things


HOUSEHOLD = PREFIXES + """\
<urn:h:1> a bg:Household ; bg:jurisdiction "daye" ; bg:assessmentDate {date} ;
    bg:member <urn:p:1> ; bg:financialAssets {money} ; bg:formerlyPoor {flag} .
<urn:p:1> bg:age {age} .
"""
DEFAULTS = {"date": '"2025-06-01"^^xsd:date', "money": '"1000.00"^^xsd:decimal', "flag": "true", "age": "40"}
EDGES = {
    "age": ['"-5"^^xsd:integer', '"+5"^^xsd:integer', '"05"^^xsd:integer', '" 5"^^xsd:integer', '"5.0"^^xsd:integer',
            '"1' + "0" * 17 + '"^^xsd:integer', '"1' + "0" * 18 + '"^^xsd:integer', '"1' + "0" * 30 + '"^^xsd:integer',
            '"-1' + "0" * 30 + '"^^xsd:integer', "130", "131", '"130.0"^^xsd:decimal', '"abc"^^xsd:integer',
            '"5"', "5.0", "5e0", '"1e3"^^xsd:integer', '"5"^^xsd:int', '"5"^^xsd:nonNegativeInteger'],
    "money": ['"-1"^^xsd:decimal', '"1e3"^^xsd:decimal', '".5"^^xsd:decimal', '"5."^^xsd:decimal', '"+5"^^xsd:decimal',
              '"1' + "0" * 30 + '.5"^^xsd:decimal', '"0.' + "0" * 30 + '1"^^xsd:decimal', '"-0.0"^^xsd:decimal',
              '"1_000"^^xsd:decimal', '"5"^^xsd:integer', "5e0", '"NaN"^^xsd:double', '"INF"^^xsd:decimal',
              '"1,5"^^xsd:decimal', '" 5"^^xsd:decimal'],
    "date": ['"2025-06-01Z"^^xsd:date', '"2025-06-01+08:00"^^xsd:date', '"0000-01-01"^^xsd:date',
             '"-0001-01-01"^^xsd:date', '"10000-01-01"^^xsd:date', '"2025-02-30"^^xsd:date', '"2025-6-1"^^xsd:date',
             '"2025-06-01T00:00:00"^^xsd:dateTime', '"2025-06-01"', '"2024-02-29"^^xsd:date', '"2023-02-29"^^xsd:date',
             '"0001-01-01"^^xsd:date', '"9999-12-31"^^xsd:date'],
    "flag": ['"1"^^xsd:boolean', '"TRUE"^^xsd:boolean', '"yes"^^xsd:boolean', '"0"^^xsd:boolean', '" true"^^xsd:boolean', '"true"'],
}
CASES = [(field, value) for field, values in EDGES.items() for value in values]


@pytest.mark.parametrize("field,value", CASES, ids=[f"{f}={v}" for f, v in CASES])
def test_literals_at_the_edges_validate_as_pyshacl_says(field, value):
    graph = _graph(HOUSEHOLD.format(**dict(DEFAULTS, **{field: value})))
    assert differences(graph) is None


def test_an_iri_the_rust_parser_refuses_is_validated_by_pyshacl():
    graph = _graph(PREFIXES + '<urn:h:1> a bg:Household ; bg:jurisdiction "daye" ; '
                   'bg:assessmentDate "2025-06-01"^^xsd:date ; bg:member <urn:p:1> .\n'
                   '<urn:p:1> <https://w3id.org/binggui#workA#ility> "full" .\n')
    with pytest.raises(Exception):
        shacl.validate_with_turbo(graph)
    assert differences(graph) is None
