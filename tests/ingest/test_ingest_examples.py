"""The shipped example households validate and say what their README says (validation speed: benchmarks/run.py)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest

from ingest import read_household
from ingest_helpers import EXAMPLES

FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".ttl", ".jsonld"))
MEDIA = {".ttl": "text/turtle", ".jsonld": "application/ld+json"}


def read(path):
    return read_household(path.read_bytes(), MEDIA[path.suffix])


def test_there_are_enough_examples_across_jurisdictions():
    households = [read(p) for p in FILES]
    assert len({h.id for h in households}) >= 5
    assert {h.jurisdiction for h in households} == {"huaishang", "yanqi", "suntuan", "daye", "dianjiang"}
    assert {p.suffix for p in FILES} == {".ttl", ".jsonld"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_validates(path):
    household = read(path)
    assert household.members
    assert household.id.startswith("https://example.org/households/")


def test_examples_say_what_the_readme_says():
    by_name = {p.name: read(p) for p in FILES}
    daye = by_name["daye-dibao-family.ttl"]
    assert sum(i.amount for i in daye.income_items) == Fraction(21000)
    assert [m.facts.get("relation_to_applicant") for m in daye.members] == ["applicant", "spouse", "child"]
    elder = by_name["huaishang-tekun-elder.ttl"]
    assert elder.members[0].facts["age"] == 79
    assert elder.members[0].facts["work_ability"] == "none"
    assert elder.members[0].facts["has_capable_supporter"] is False
    yanqi = by_name["yanqi-illness-rigid-expenditure.jsonld"]
    assert yanqi.facts["rigid_expenditure"] == Fraction("62350.80")
    assert [m.facts.get("serious_illness") for m in yanqi.members] == [None, True, None, None]
    suntuan = by_name["suntuan-monitoring-housing.ttl"]
    assert suntuan.facts["formerly_poor"] is True and suntuan.facts["problem"] == frozenset({"housing_safety"})
    unknown = by_name["dianjiang-partly-unknown.jsonld"]
    assert unknown.income_items is None
    assert "formerly_poor" not in unknown.facts and "problem" not in unknown.facts
    assert "work_ability" not in unknown.members[1].facts


def test_concurrent_reads_do_not_interfere():
    """Per-thread shapes graphs: households read in parallel come out as read alone."""
    expected = {p.name: read(p) for p in FILES}
    work = [p for p in FILES for _ in range(4)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(read, work))
    for path, household in zip(work, results):
        assert household == expected[path.name], path.name
