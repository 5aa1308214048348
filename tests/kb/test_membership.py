"""Household membership under 大冶's definition: who counts, who is excluded and why, and the
docs/vocabulary.md default for members listed without a relation."""
from __future__ import annotations

from kb.compile.compiler import POLICY_DIR, compile_paths
from kb.engine import decide
from kb.testing.scenario import household_from_dict
from kb.explain import graph


def _daye():
    return compile_paths([POLICY_DIR / "daye"])


def test_adult_married_child_living_elsewhere_is_excluded_with_the_reason():
    h = household_from_dict({"financial_assets": 0, "income": {"wage": 24000}, "members": [
        {"id": "a", "age": 50, "relation_to_applicant": "applicant", "work_ability": "full"},
        {"id": "s", "age": 48, "relation_to_applicant": "spouse", "work_ability": "full"},
        {"id": "c", "age": 30, "relation_to_applicant": "child", "married": True, "cohabiting": False,
         "work_ability": "full", "full_time_student": False, "has_legal_support_duty": True},
    ]}, "daye", "2025-06-01")
    answer = decide(h, _daye())
    membership = answer.membership
    assert membership.counted == ["a", "s"]
    assert [e.member for e in membership.excluded] == ["c"]
    assert all(e.rule.startswith("daye.") and graph.trace_clause(answer, e).section.startswith("二.(一).1")
               for e in graph.traces(answer, membership.excluded[0].because_not))
    assert answer.accounting.household_size == 2
    assert answer.accounting.per_capita_income == "12000.00"


def test_member_listed_without_relation_is_counted_as_listed():
    h = household_from_dict({"financial_assets": 0, "income": {"wage": 24000}, "members": [
        {"id": "a", "age": 50, "relation_to_applicant": "applicant"}, {"id": "x", "age": 20}]},
        "daye", "2025-06-01")
    answer = decide(h, _daye())
    assert answer.membership.counted == ["a", "x"]
    assert answer.accounting.household_size == 2


def test_unknown_relation_detail_leaves_size_undetermined_and_names_it():
    h = household_from_dict({"financial_assets": 0, "income": {"wage": 24000}, "members": [
        {"id": "a", "age": 50, "relation_to_applicant": "applicant"},
        {"id": "o", "age": 70, "relation_to_applicant": "other", "has_legal_support_duty": True}]},
        "daye", "2025-06-01")
    answer = decide(h, _daye())
    dibao = next(c for c in answer.categories if c.id == "dibao")
    assert dibao.status == "undetermined"
    assert "bg:cohabiting of <o>" in graph.terms(answer, dibao.missing)
