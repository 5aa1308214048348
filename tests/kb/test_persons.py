"""Who a category or benefit belongs to, on the tiny knowledge base: `per member` benefits, a
family category's rule written for one member (`dibao(P) :- …`, covering that member only), the
derived `dibao_member(P)`, and the three evaluators (engine, plain oracle, SQL) agreeing on every
member's status and value."""
from __future__ import annotations

import textwrap

import duckdb
import pytest
from msgspec import UNSET

from grammar import PolicyErrors
from kb.batch.load import load_households
from kb.batch.screen import screen_loaded
from kb.compile.compiler import compile_paths
from kb.engine import decide
from kb.testing.plain import PlainEvaluator, summarize_answer
from kb.testing.scenario import household_from_dict
from kb.explain import graph

# 低保 by income covers the family; a 特困 member of a family that is not 低保 by income is 低保 on
# their own (the rule is written for that member). The aid is given to persons: 特困 1.00, 低保 0.70.
PERSON_RULES = textwrap.dedent("""\
    ```policy
    benefit aid "救助比例" ratio per member;
    principle most "有利于保障" picks max of aid
      cites "二.(一)" "各部门应当及时办理";
    rule dibao:
      cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
      dibao :- per_capita_income < dibao_standard.
    rule dibao_single:
      cites "一.(三)" "无劳动能力的老年人纳入特困人员"
      dibao(P) :- tekun(P), not dibao_by_income.
    rule by_income:
      cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
      dibao_by_income :- per_capita_income < dibao_standard.
    rule bianyuan:
      cites "一.(二)" "家庭人均收入低于最低生活保障标准1.5倍的，纳入边缘家庭"
      dibao_bianyuan :- per_capita_income < 1.5 * dibao_standard, not dibao_by_income.
    rule tekun:
      cites "一.(三)" "无劳动能力的老年人纳入特困人员"
      tekun(P) :- member(P), work_ability(P) = "none", age(P) >= 60.
    rule aid_tekun:
      cites "一.(三)" "无劳动能力的老年人纳入特困人员"
      aid(P) = 1.00 :- tekun(P).
    rule aid_dibao:
      cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
      aid(P) = 0.70 :- dibao_member(P).
    ```
    """)


@pytest.fixture
def person_rulebase(tiny_kb):
    write, sources = tiny_kb
    return compile_paths([write(PERSON_RULES)])


def _household(income, hid="urn:t:h"):
    members = [{"id": "old", "age": 70, "work_ability": "none"}, {"id": "wife", "age": 55, "work_ability": "full"}]
    return household_from_dict({"financial_assets": 1000, "income": {"wage": income}, "members": members},
                               "yanqi", "2025-06-01", hid)


def _by_id(entries):
    return {e.id: e for e in entries}


def _members(entry):
    return {m.member: m for m in entry.members}


def test_rule_written_for_a_member_covers_that_member_only(person_rulebase):
    j = person_rulebase.jurisdictions["yanqi"]
    single = next(r for r in j.rules if r.name == "dibao_single")
    assert single.covers == "P" and single.head.var is None       # a household head, covering P
    derived = {r.id: r.derived_from for r in j.rules if r.derived_from}
    assert derived == {"yanqi.dibao_member": "yanqi.dibao", "yanqi.dibao_single_member": "yanqi.dibao_single"}
    # 12000 per head: not 低保 by income; the 特困 husband is 低保 on his own, his wife is not
    answer = decide(_household(24000), person_rulebase)
    dibao = _by_id(answer.categories)["dibao"]
    assert dibao.status == "eligible" and dibao.per_member is False
    m = _members(dibao)
    assert m["old"].status == "eligible" and m["old"].covered_as == "member"
    assert [t.rule for t in graph.traces(answer, m["old"].because)] == ["yanqi.dibao_single"]
    assert m["wife"].status == "ineligible" and m["wife"].covered_as is UNSET
    assert {t.rule for t in graph.traces(answer, m["wife"].because_not)} == {"yanqi.dibao", "yanqi.dibao_single"}


def test_family_rule_covers_every_member_and_the_principle_resolves_per_person(person_rulebase):
    answer = decide(_household(8000), person_rulebase)      # 4000 per head: 低保 by income
    m = _members(_by_id(answer.categories)["dibao"])
    assert {k: (v.status, v.covered_as) for k, v in m.items()} == {"old": ("eligible", "family"),
                                                                         "wife": ("eligible", "family")}
    aid = _by_id(answer.benefits)["aid"]
    assert aid.per_member is True and aid.value is None      # the members' values differ
    assert aid.resolved_by is UNSET                                # resolved per person, not for the household
    m = _members(aid)
    old, wife = m["old"], m["wife"]
    res = graph.resolution(answer, old.resolved_by)             # his entry refers to his resolution
    assert old.value == "1.00" and res.principle == "有利于保障" and res.chosen == "1.00"
    assert sorted(a.value for a in res.alternatives) == ["0.70", "1.00"]
    assert wife.value == "0.70" and wife.resolved_by is None  # never the husband's 1.00
    conflicts = [c for c in answer.conflicts if c.benefit == "aid"]
    assert [(c.member, c.resolution) for c in conflicts] == [("old", old.resolved_by)]


def test_no_member_gets_a_benefit_of_another(person_rulebase):
    answer = decide(_household(30000), person_rulebase)     # 15000 per head: neither 低保 nor 边缘
    m = _members(_by_id(answer.benefits)["aid"])
    # the husband is 特困 and, on his own, 低保: his two values are resolved for him
    assert (m["old"].status, m["old"].value) == ("eligible", "1.00")
    assert sorted(a.rule for a in graph.resolution(answer, m["old"].resolved_by).alternatives) == \
        ["yanqi.aid_dibao", "yanqi.aid_tekun"]
    assert (m["wife"].status, m["wife"].value) == ("ineligible", None)
    assert {t.rule for t in graph.traces(answer, m["wife"].because_not)} == {"yanqi.aid_tekun", "yanqi.aid_dibao"}
    assert _by_id(answer.benefits)["aid"].value == "1.00"   # the one member who holds it


@pytest.mark.parametrize("income", [0, 8000, 16000, 16800, 24000, 30000])
def test_engine_plain_and_sql_agree_per_person(person_rulebase, income):
    j = person_rulebase.jurisdictions["yanqi"]
    h = _household(income, f"urn:t:h{income}")
    engine = summarize_answer(decide(h, person_rulebase))
    plain = PlainEvaluator(j).decide(h)
    assert engine["persons"] == plain["persons"], (engine["persons"], plain["persons"])
    con = duckdb.connect()
    load_households(con, [h], None, person_rulebase)
    screen_loaded(con, person_rulebase, members="bg_members_results")
    cols = [r[0] for r in con.execute("DESCRIBE bg_members_results").fetchall()]
    sql = {}
    for values in con.execute("SELECT * FROM bg_members_results ORDER BY ord").fetchall():
        row = dict(zip(cols, values))
        mine = {c: row[c] for c in j.categories}
        mine["aid"] = row["benefit_aid"] + (f" {row['benefit_aid_value']}" if row["benefit_aid_value"] else "")
        sql[row["person_id"]] = mine
    assert sql == plain["persons"]


def test_benefit_rules_must_say_whom_they_give_to(tiny_kb):
    write, sources = tiny_kb
    for decl, head, fragment in [
        ('benefit aid "救助" ratio per member;', "aid = 0.70 :- dibao.", "benefit 'aid' is given per member"),
        ('benefit aid "救助" ratio;', "aid(P) = 0.70 :- member(P), dibao.", "benefit 'aid' is a household benefit"),
    ]:
        policy = write(textwrap.dedent(f"""\
            ```policy
            {decl}
            rule dibao:
              cites "一.(一)" "纳入最低生活保障范围"
              dibao :- per_capita_income < dibao_standard.
            rule tekun:
              cites "一.(三)" "无劳动能力的老年人纳入特困人员"
              tekun(P) :- member(P), age(P) >= 60.
            rule bianyuan:
              cites "一.(二)" "纳入边缘家庭"
              dibao_bianyuan :- per_capita_income < 1.5 * dibao_standard.
            rule aid:
              cites "一.(一)" "纳入最低生活保障范围"
              {head}
            ```
            """))
        with pytest.raises(PolicyErrors) as caught:
            compile_paths([policy])
        found = [e for e in caught.value.errors if fragment in e.message]
        assert found and found[0].line == 14, str(caught.value)


def test_an_error_in_a_rule_behind_dibao_member_is_reported_once(tiny_kb):
    write, sources = tiny_kb
    policy = write(PERSON_RULES.replace("各部门应当及时办理", "各部门应当及时办理", 1)
                   .replace('rule dibao:\n  cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"',
                            'rule dibao:\n  cites "一.(一)" "家庭人均收入低于当地低保标准的"'))
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([policy])
    assert len([e for e in caught.value.errors if "quote not found" in e.message]) == 1, str(caught.value)
