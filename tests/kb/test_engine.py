"""The engine on the tiny knowledge base: three-valued status, why / why not with values and
thresholds, exactly the missing facts, the counterfactual threshold, and thread isolation."""
from __future__ import annotations

import random
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor

import msgspec
import pytest
from msgspec import UNSET

from kb.compile.compiler import compile_paths
from kb.explain import graph
from kb.explain.graph import member_ids
from kb.engine import decide
from kb.explain.text import render_text
from kb.explain.types import Answer, given
from kb.testing.scenario import household_from_dict


@pytest.fixture
def tiny_rulebase(tiny_kb, valid_rules):
    write, sources = tiny_kb
    return compile_paths([write(valid_rules)])


def household(income=None, assets=1000, members=None):
    data = {"financial_assets": assets, "members": members or [{"id": "p1", "age": 40, "work_ability": "full"},
                                                                {"id": "p2", "age": 38, "work_ability": "full"}]}
    if income is not None:
        data["income"] = {"wage": income}
    return household_from_dict(data, "yanqi", "2025-06-01")


def categories(answer):
    return {c.id: c for c in answer.categories}


def trace(answer, ref):
    """A derivation of the answer with its rule's statement joined in (kb.explain.graph)."""
    t = graph.trace(answer, ref)
    return {"rule": t.rule, "binding": given(t.binding), "clause": graph.trace_clause(answer, t),
            "conditions": graph.conditions(answer, t), "failed": graph.failed(answer, t)}


def test_eligible_with_the_proof_values_thresholds_and_clause(tiny_rulebase):
    answer = decide(household(income=14400), tiny_rulebase)   # 7200 per head < 8400
    assert isinstance(answer, Answer)      # the engine builds the typed answer (kb.explain.types)
    dibao = categories(answer)["dibao"]
    assert dibao.status == "eligible"
    (ref,) = dibao.because
    proof = trace(answer, ref)
    assert proof["rule"] == "yanqi.dibao"
    assert proof["clause"].section == "一.(一)"
    assert proof["clause"].quote == "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
    (cond,) = proof["conditions"]
    assert (cond.fact, cond.value, cond.test, cond.holds) == \
        ("per_capita_income", "7200.00", "< dibao_standard (8400)", True)
    assert answer.rulebase.illustrative_parameters == ["yanqi.dibao_standard"]


def test_why_not_lists_every_failed_condition_and_the_threshold_to_reach(tiny_rulebase):
    answer = decide(household(income=18200), tiny_rulebase)   # 9100 per head
    cats = categories(answer)
    dibao = cats["dibao"]
    assert dibao.status == "ineligible"
    failed = trace(answer, dibao.because_not[0])["failed"]
    assert [(f.value, f.test) for f in failed] == [("9100.00", "< dibao_standard (8400)")]
    assert msgspec.to_builtins(graph.changes(answer, dibao.would_change[0])) == [
        {"fact": "per_capita_income", "term": "bg:incomeItem", "now": "9100.00", "needs": "< 8400.00"}]
    # 边缘 holds: below 1.5x (12600) and not 低保; its proof names the nested category test
    assert cats["dibao_bianyuan"].status == "eligible"


def test_exactly_at_the_standard_is_not_below_it(tiny_rulebase):
    answer = decide(household(income=16800), tiny_rulebase)   # exactly 8400
    assert categories(answer)["dibao"].status == "ineligible"
    assert categories(answer)["dibao_bianyuan"].status == "eligible"


def test_unknown_income_is_undetermined_and_names_exactly_what_decides_it(tiny_rulebase):
    answer = decide(household(income=None), tiny_rulebase)
    cats = categories(answer)
    assert cats["dibao"].status == "undetermined"
    assert graph.terms(answer, cats["dibao"].missing) == ["bg:incomeItem"]
    # 特困 does not read income: it is decided (no member is 60+ without work ability)
    assert cats["tekun"].status == "ineligible"
    assert cats["tekun"].missing == []


def test_unknown_person_fact_is_named_with_its_member(tiny_rulebase):
    members = [{"id": "p1", "age": 70}]                        # work ability unknown
    answer = decide(household(income=1000, members=members), tiny_rulebase)
    tekun = categories(answer)["tekun"]
    assert tekun.status == "undetermined"
    assert graph.terms(answer, tekun.missing) == ["bg:workAbility of <p1>"]


def test_false_is_not_unknown(tiny_rulebase):
    members = [{"id": "p1", "age": 70, "work_ability": "full"}]
    assert categories(decide(household(income=1000, members=members), tiny_rulebase))["tekun"].status == "ineligible"


def test_per_member_category_names_the_member(tiny_rulebase):
    members = [{"id": "p1", "age": 70, "work_ability": "none"}, {"id": "p2", "age": 30, "work_ability": "full"}]
    answer = decide(household(income=1000, members=members), tiny_rulebase)
    tekun = categories(answer)["tekun"]
    assert tekun.status == "eligible"
    by_member = {m.member: m for m in tekun.members}
    assert set(by_member) == {"p1", "p2"}         # one entry per counted member
    assert by_member["p1"].status == "eligible"
    assert trace(answer, by_member["p1"].because[0])["binding"] == {"P": "p1"}
    assert by_member["p2"].status == "ineligible" and by_member["p2"].because == []
    failed = {f.fact for b in by_member["p2"].because_not for f in trace(answer, b)["failed"]}
    assert "work_ability" in failed
    assert trace(answer, tekun.because[0])["binding"] == {"P": "p1"}
    # the member's derivation is the household entry's: one trace, referred to twice
    assert by_member["p1"].because[0] == tekun.because[0]


def _distinct_households(n, seed=7):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        size = rng.randint(1, 4)
        members = [{"id": f"h{i}m{k}", "age": rng.randint(1, 90),
                    "work_ability": rng.choice(["full", "partial", "none"])} for k in range(size)]
        income = rng.choice([None, rng.randint(0, 60000), 8400 * size, 12600 * size])
        h = household(income=income, members=members)
        out.append(type(h)(f"urn:test:h{i}", h.jurisdiction, h.assessment_date, h.members, h.facts, h.income_items))
    return out


def _statuses(answer):
    return (answer.household, tuple((c.id, c.status, tuple(member_ids(c))) for c in answer.categories))


def test_concurrent_evaluation_equals_sequential(tiny_rulebase):
    """pyDatalog state is per thread: hundreds of households from many threads must give exactly
    the sequential answers (no household ever sees another's facts)."""
    households = _distinct_households(400)
    sequential = [_statuses(decide(h, tiny_rulebase)) for h in households]
    assert len({s[1] for s in sequential}) > 5, "the sample must produce varied answers"
    barrier = threading.Barrier(16)

    def run(chunk):
        barrier.wait()
        return [(i, _statuses(decide(households[i], tiny_rulebase))) for i in chunk]

    chunks = [list(range(k, len(households), 16)) for k in range(16)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = [r for rs in pool.map(run, chunks) for r in rs]
    mismatches = [(i, got, sequential[i]) for i, got in results if got != sequential[i]]
    assert len(results) == len(households)
    assert not mismatches, mismatches[:3]


def test_explanation_sentences_in_both_languages(tiny_rulebase):
    cats = categories(decide(household(income=18200), tiny_rulebase, texts=("zh", "en")))
    assert cats["dibao"].explanation.en == (
        "Not eligible for minimum living allowance (dibao): §一.(一) fails on "
        "per-capita annual income 9100.00 yuan per person a year < dibao standard 8400 yuan per person a year.")
    assert cats["dibao"].explanation.zh == (
        "不符合最低生活保障对象：§一.(一)的条件未满足：家庭人均年收入 9100.00 元/人·年 < 低保标准 8400 元/人·年。")
    assert cats["dibao_bianyuan"].explanation.zh.startswith("符合最低生活保障边缘家庭：依据§一.(二)「")


def test_would_change_states_each_change_once(tiny_rulebase):
    """An alternative is the derivation that failed and, per condition to change, what it needs: the
    fact, term, member and value now are the trace's, not repeated."""
    answer = decide(household(income=18200), tiny_rulebase)
    alt = categories(answer)["dibao"].would_change[0]
    (change,) = graph.changes(answer, alt)
    assert (graph.trace(answer, alt.trace).rule, change.fact, change.now, change.needs) == \
        ("yanqi.dibao", "per_capita_income", "9100.00", "< 8400.00")
    assert set(msgspec.to_builtins(alt)) == {"trace", "needs"}


def test_a_parameter_without_a_value_at_the_date_leaves_the_category_undetermined(tiny_rulebase):
    early = household_from_dict({"financial_assets": 0, "income": {"wage": 1000},
                                 "members": [{"id": "p1", "age": 40}]}, "yanqi", "2024-06-01")
    answer = decide(early, tiny_rulebase)
    dibao = categories(answer)["dibao"]
    assert dibao.status == "undetermined"
    assert graph.terms(answer, dibao.missing) == ["parameter yanqi.dibao_standard (no value in force on 2024-06-01)"]


def test_the_parameter_in_force_at_the_assessment_date_is_used(tiny_kb, valid_rules):
    write, sources = tiny_kb
    policy = write(valid_rules)
    (policy / "parameters.yaml").write_text(
        "jurisdiction: yanqi\nparameters:\n  dibao_standard:\n    values:\n"
        "      - {from: 2025-01-01, value: 8400, source: 'test 2025', illustrative: true}\n"
        "      - {from: 2026-01-01, value: 9000, source: 'test 2026'}\n"
        "  financial_assets_limit_per_person:\n    values:\n"
        "      - {from: 2025-01-01, value: 30000, source: test, illustrative: true}\n", encoding="utf-8")
    rb = compile_paths([policy])
    data = {"financial_assets": 0, "income": {"wage": 8700}, "members": [{"id": "p1", "age": 40}]}
    before = decide(household_from_dict(data, "yanqi", "2025-12-31"), rb)
    after = decide(household_from_dict(data, "yanqi", "2026-01-01"), rb)
    assert categories(before)["dibao"].status == "ineligible"
    assert categories(after)["dibao"].status == "eligible"
    assert before.rulebase.parameters["yanqi.dibao_standard"].value == "8400"
    used = after.rulebase.parameters["yanqi.dibao_standard"]
    assert {k: getattr(used, k) for k in ("value", "illustrative", "effective_from")} == {
        "value": "9000", "illustrative": False, "effective_from": "2026-01-01"}
    assert after.rulebase.sources[used.source] == "test 2026"      # the source, stated once by id
    assert after.rulebase.illustrative_parameters == []


def test_nothing_of_a_household_stays_in_pydatalog_after_its_evaluation(tiny_rulebase):
    """Base facts are served only while their household is evaluated: afterwards the same thread's
    pyDatalog derives nothing for it, and its database stores no facts at all."""
    from pyDatalog import Logic
    from kb.evaluate.datalog import _LOCAL, _ask
    from kb.evaluate.datalog_rules import pred as _pred

    h = household(income=1000, members=[{"id": "old", "age": 70, "work_ability": "none"}])
    assert member_ids(categories(decide(h, tiny_rulebase))["tekun"]) == ["old"]
    prefixes = list(_LOCAL.variants.values())
    assert prefixes, "the evaluation must have loaded the jurisdiction's program in this thread"
    for prefix in prefixes:
        assert _ask(_pred(prefix, "tekun"), h.id, "P") == []
        assert _ask(_pred(prefix, "member"), h.id, "P") == []
    assert _ask("listed", h.id, "P") == []
    stored = [c for pred in Logic.tl.logic.Db.values() for c in pred.db.values() if not c.body]
    assert stored == []


def test_no_source_text_ever_reaches_pydatalog_load_or_ask(tiny_rulebase, monkeypatch):
    """Rules are built from Term objects and facts given to the engine as typed values: pyDatalog's
    string entry points (which execute Python) are never used, even for odd household ids."""
    import pyDatalog.pyDatalog as facade
    import pyDatalog.pyParser as parser

    def refuse(*args, **kwargs):
        raise AssertionError(f"pyDatalog string API called with {args!r}")

    for module in (facade, parser):
        for name in ("load", "ask"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, refuse)
    h = household(income=1000, members=[{"id": "__import__('os').system('false')", "age": 70, "work_ability": "none"}])
    h = type(h)("X'); import os; ('", h.jurisdiction, h.assessment_date, h.members, h.facts, h.income_items)
    answer = decide(h, tiny_rulebase)
    assert member_ids(categories(answer)["tekun"]) == ["__import__('os').system('false')"]


def test_parameters_written_into_the_program_compare_with_each_other(tiny_kb):
    """pyDatalog gets parameter values as constants, so a condition between two parameters is
    decided when the program is loaded; true, false and negated must all agree with the re-check
    (the engine raises InconsistentDerivation otherwise)."""
    write, sources = tiny_kb
    policy = write(textwrap.dedent("""\
        ```policy
        rule dibao:
          cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard, dibao_standard < financial_assets_limit_per_person.
        rule bianyuan:
          cites "一.(二)" "家庭人均收入低于最低生活保障标准1.5倍的，纳入边缘家庭"
          dibao_bianyuan :- per_capita_income < 1.5 * dibao_standard, 2 * dibao_standard > financial_assets_limit_per_person.
        rule tekun:
          cites "一.(三)" "无劳动能力的老年人纳入特困人员"
          tekun(P) :- member(P), age(P) >= 60, not dibao_standard > financial_assets_limit_per_person.
        ```
        """))
    rb = compile_paths([policy])
    data = {"financial_assets": 0, "income": {"wage": 1000}, "members": [{"id": "p1", "age": 70}]}
    answer = decide(household_from_dict(data, "yanqi", "2025-06-01"), rb)
    cats = categories(answer)
    assert cats["dibao"].status == "eligible"                # 8400 < 30000 holds
    assert cats["dibao_bianyuan"].status == "ineligible"     # 16800 > 30000 fails
    failed = trace(answer, cats["dibao_bianyuan"].because_not[0])["failed"]
    assert [c.condition for c in failed] == ["2 * dibao_standard > financial_assets_limit_per_person"]
    assert cats["tekun"].status == "eligible" and member_ids(cats["tekun"]) == ["p1"]


def test_a_condition_shows_the_sentence_it_rests_on_when_its_rule_cites_several(tiny_kb, valid_rules):
    """`@n` ties a condition to one of its rule's citations: the failing condition's view carries
    that clause, and the explanation quotes it when it is not the rule's first sentence."""
    write, sources = tiny_kb
    one_citation = ('  cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"\n'
                    '  dibao :- per_capita_income < dibao_standard.\n')
    assert one_citation in valid_rules
    two_citations = ('  cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的"\n'
                     '  cites "一.(一)" "纳入最低生活保障范围"\n'
                     '  dibao :- per_capita_income < dibao_standard @1,\n'
                     '           financial_assets_per_capita <= financial_assets_limit_per_person @2.\n')
    policy = write(valid_rules.replace(one_citation, two_citations))
    rb = compile_paths([policy])
    data = {"financial_assets": 90000, "income": {"wage": 1000}, "members": [{"id": "p1", "age": 40}]}
    answer = decide(household_from_dict(data, "yanqi", "2025-06-01"), rb, texts=("en",))
    cats = categories(answer)
    proof = trace(answer, cats["dibao"].because_not[0])
    income, assets = proof["conditions"]
    assert income.holds is True and graph.clause(answer, income.clause).quote == "家庭人均收入低于当地最低生活保障标准的"
    assert assets.holds is False and graph.clause(answer, assets.clause).quote == "纳入最低生活保障范围"
    assert proof["failed"] == [assets]
    assert cats["dibao"].explanation.en.endswith(
        "fails on per-capita financial assets 90000.00 yuan per person ≤ per-person financial asset limit"
        " 30000 yuan per person (\u201c纳入最低生活保障范围\u201d).")
    failed_line = next(line for line in render_text(answer, "en").splitlines() if "✗ per-capita financial" in line)
    assert failed_line.endswith("§一.(一) “纳入最低生活保障范围”")
    # a rule with one citation: its conditions carry none of their own (the trace's clause applies)
    assert all(c.clause is UNSET for c in trace(answer, cats["tekun"].because_not[0])["conditions"])
