"""Run time: a household in several categories, resolved by the principle its document states
(or reported unresolved), and 就低 income accounting with both departments' figures."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from msgspec import UNSET

from kb.explain import favourability as fav
from kb.explain import graph
from grammar import PolicyErrors
from kb.compile.compiler import POLICY_DIR, compile_paths, default_rulebase
from kb.analysis.conflicts import household
from kb import engine
from kb.engine import decide
from kb.explain.types import given

from conflicts_helpers import ADULT, DATE, ELDER_ALONE, answer, hh, statuses


def benefit(ans, bid):
    return next(b for b in ans.benefits if b.id == bid)


def overlap_records(rb, ans):
    return fav.category_overlaps(rb.jurisdictions[ans.jurisdiction], ans)


# -- the statements table is cited verbatim -----------------------------------------------------

def test_every_statement_is_quoted_verbatim_at_its_offsets():
    rb = default_rulebase()
    found = [(j, s) for j in rb.jurisdictions.values() for s in j.statements]
    assert len(found) == 14     # every statement the old Python table had, now in the statements.yaml files
    for j, s in found:
        clause = s.clause
        assert (clause.document, clause.jurisdiction) == (j.document, j.id)
        assert j.text[clause.start:clause.end] == s.quote


def test_a_statement_not_in_its_document_is_a_located_compile_error(tmp_path):
    import shutil
    folder = tmp_path / "dianjiang"
    shutil.copytree(POLICY_DIR / "dianjiang", folder)
    path = folder / "statements.yaml"
    text = path.read_text(encoding="utf-8")
    assert '"不重不漏"' in text
    path.write_text(text.replace('quote: "不重不漏"', 'quote: "不重不漏不漏"'), encoding="utf-8")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "不重不漏不漏" in row)
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([folder])
    errors = [e for e in caught.value.errors if e.file.endswith("statements.yaml")]
    assert len(errors) == 1 and "quote not found verbatim" in errors[0].message
    assert errors[0].line in (line - 2, line - 1, line)   # the statement's entry


def test_statements_apply_only_to_their_own_document(tmp_path):
    rb = _tiny_rulebase(tmp_path, principle=False)
    assert fav.statements(rb.jurisdictions["yanqi"]) == []


# -- 大冶: 有利于保障 picks the more favourable value -------------------------------------------

def test_daye_dibao_and_jiance_inpatient_aid_70_chosen_over_60(rulebase):
    """A 低保 household that is also 监测对象 in 大冶: inpatient aid 0.70 (低保) over 0.60 (监测)."""
    ans = answer(rulebase, hh({"wage": "4000"}), "daye")
    st = statuses(ans)
    assert st["dibao"] == "eligible" and st["jiance"] == "eligible"
    aid = benefit(ans, "inpatient_medical_aid")
    assert aid.value == "0.70"
    res = graph.resolution(ans, aid.resolved_by)
    assert res.principle == "有利于保障"
    assert graph.clause(ans, res.clause).section == "二.(二).1"
    assert "有利于保障" in graph.clause(ans, res.clause).quote
    alts = {a.rule: a.value for a in res.alternatives}
    assert alts == {"daye.inpatient_dibao": "0.70", "daye.inpatient_jiance": "0.60"}
    assert all(graph.clause(ans, a.clause).section == "附件.二.市医保局" for a in res.alternatives)
    assert res.chosen == "0.70"
    # the engine's conflict record refers to the resolution: the principle, its clause and both options
    rec = next(c for c in ans.conflicts if c.benefit == "inpatient_medical_aid")
    assert rec.resolution == aid.resolved_by
    rec = graph.conflict(ans, rec)
    assert rec.principle == "有利于保障" and rec.chosen == "0.70" and graph.clause(ans, rec.clause).section == "二.(二).1"

    # the category-overlap record: both categories, the principle, the alternatives by category
    [over] = overlap_records(rulebase, ans)
    assert over.kind == "category_overlap" and over.categories == ["dibao", "jiance"]
    assert over.status == "resolved"
    assert over.principle == "有利于保障" and graph.clause(ans, over.clause).section == "二.(二).1"
    assert [o.category for o in over.options] == ["dibao", "jiance"] and given(over.chosen) is None
    assert over.options[0].rules == ["daye.dibao_income"]
    inpatient = next(b for b in over.benefits if b.benefit == "inpatient_medical_aid")
    assert inpatient.resolution == aid.resolved_by        # the same resolution, stated once
    inpatient = graph.overlap_benefit(ans, inpatient)
    by_cat = {tuple(a.categories): a.value for a in inpatient.alternatives}
    assert by_cat == {("dibao",): "0.70", ("jiance",): "0.60"}
    assert inpatient.chosen == "0.70"
    # 与其他身份类别重复的，要予以标识
    [mark] = over.marking
    assert mark.category == "jiance" and mark.with_ == ["dibao"]
    assert graph.clause(ans, mark.clause).section == "二.(一).2.(4)" and "予以标识" in graph.clause(ans, mark.clause).quote
    assert "daye.jiance_overlap_dibao" in mark.rules


def test_daye_tekun_and_dibao_premium_subsidy_full_over_90(rulebase):
    ans = answer(rulebase, hh({"transfer": "1000"}, members=[dict(ELDER_ALONE, id="p1")]), "daye")
    st = statuses(ans)
    assert st["tekun"] == "eligible" and st["dibao"] == "eligible"
    sub = benefit(ans, "insurance_premium_subsidy")
    assert sub.value == "1.00"
    res = graph.resolution(ans, sub.resolved_by)
    assert {a.value for a in res.alternatives} == {"1.00", "0.90"}
    assert res.chosen == "1.00"
    [over] = overlap_records(rulebase, ans)
    assert over.status == "resolved" and "tekun" in over.categories and over.members["tekun"] == ["p1"]


def test_daye_single_category_has_no_overlap_record(rulebase):
    ans = answer(rulebase, hh({"wage": "12000"}), "daye")    # 边缘 only
    assert [c for c in statuses(ans).values() if c == "eligible"] == ["eligible"]
    assert overlap_records(rulebase, ans) == []
    assert given(benefit(ans, "inpatient_medical_aid").resolved_by) is None


# -- 垫江: 就高不就低 (a principle with no benefit values to pick between) --------------------------

def test_dianjiang_overlap_resolved_by_jiu_gao_bu_jiu_di(rulebase):
    ans = answer(rulebase, hh({"transfer": "1000"}, members=[dict(ELDER_ALONE, id="p1")]), "dianjiang")
    st = statuses(ans)
    assert st["tekun"] == "eligible" and st["dibao"] == "eligible"
    [over] = overlap_records(rulebase, ans)
    assert over.status == "resolved"
    assert over.principle == "就高不就低"
    assert graph.clause(ans, over.clause).section == "二.(四)"
    assert over.benefits == []
    assert "no benefit values" in over.note


# -- no principle: reported unresolved, nothing picked -----------------------------------------

def test_yanqi_tekun_and_dibao_unresolved(rulebase):
    """焉耆 sorts people into 5 classes and names no precedence: a 特困 person living alone below
    the standard is both 特困 and 低保, and the answer does not pick one."""
    ans = answer(rulebase, hh({"transfer": "1000"}, members=[dict(ELDER_ALONE, id="p1")]), "yanqi")
    st = statuses(ans)
    assert st["tekun"] == "eligible" and st["dibao"] == "eligible"
    [over] = overlap_records(rulebase, ans)
    assert over.status == "unresolved" and over.principle is None
    pair = next(e for e in over.exclusive if e.categories == ["tekun", "dibao"])
    assert graph.clause(ans, pair.clause).section == "二.(三)" and "5类对象" in graph.clause(ans, pair.clause).quote
    assert "unresolved" in over.note and "未解决" in over.note_zh


TINY_DOC = textwrap.dedent("""\
    测试县救助方案
    一、认定标准
    （一）低保。家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围。
    （二）监测。家庭人均收入低于防止返贫监测标准的，纳入防止返贫监测范围。
    二、救助
    （一）住院救助。低保对象按70%救助；监测对象按60%救助。
    （二）同时属于不同类别的，按有利于保障原则救助。
    """)

TINY_POLICY = textwrap.dedent("""\
    ```policy
    document "tiny.txt";
    jurisdiction yanqi "测试县";
    category dibao "最低生活保障对象";
    category jiance "防止返贫监测对象";
    benefit inpatient_medical_aid "住院医疗救助" ratio;
    rule dibao:
      cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
      dibao :- per_capita_income < dibao_standard.
    rule jiance:
      cites "一.(二)" "家庭人均收入低于防止返贫监测标准的，纳入防止返贫监测范围"
      jiance :- per_capita_income < monitoring_line.
    rule inpatient_dibao:
      cites "二.(一)" "低保对象按70%救助"
      inpatient_medical_aid = 0.70 :- dibao.
    rule inpatient_jiance:
      cites "二.(一)" "监测对象按60%救助"
      inpatient_medical_aid = 0.60 :- jiance.
    ```
    """)

TINY_PRINCIPLE = textwrap.dedent("""\
    ```policy
    principle you_li "有利于保障" picks max of inpatient_medical_aid
      cites "二.(二)" "同时属于不同类别的，按有利于保障原则救助";
    ```
    """)

TINY_PARAMS = textwrap.dedent("""\
    jurisdiction: yanqi
    parameters:
      dibao_standard:
        values:
          - {from: 2025-01-01, value: 8400, source: "test", illustrative: true}
      monitoring_line:
        values:
          - {from: 2025-01-01, value: 8000, source: "test", illustrative: true}
    """)


def _tiny_rulebase(tmp_path: Path, principle: bool):
    pol = tmp_path / ("with" if principle else "without")
    pol.mkdir(exist_ok=True)
    (pol / "tiny.txt").write_text(TINY_DOC, encoding="utf-8")
    (pol / "01.md").write_text(TINY_POLICY + (TINY_PRINCIPLE if principle else ""), encoding="utf-8")
    (pol / "parameters.yaml").write_text(TINY_PARAMS, encoding="utf-8")
    return compile_paths([pol])


def test_no_principle_benefit_conflict_is_unresolved(tmp_path):
    rb = _tiny_rulebase(tmp_path, principle=False)
    ans = decide(household(hh({"wage": "4000"}), "yanqi", DATE), rb, "yanqi")
    aid = benefit(ans, "inpatient_medical_aid")
    assert aid.status == "eligible" and aid.value is None and aid.resolved_by is UNSET
    rec = next(c for c in ans.conflicts if c.benefit == "inpatient_medical_aid")
    assert rec.principle is None and rec.chosen is None
    assert {o.value for o in rec.options} == {"0.70", "0.60"}
    [over] = overlap_records(rb, ans)
    assert over.status == "unresolved" and over.principle is None
    [b] = over.benefits
    assert b.chosen is None and b.principle is None
    assert {tuple(a.categories): a.value for a in b.alternatives} == {("dibao",): "0.70", ("jiance",): "0.60"}


def test_same_conflict_with_a_principle_is_resolved(tmp_path):
    rb = _tiny_rulebase(tmp_path, principle=True)
    ans = decide(household(hh({"wage": "4000"}), "yanqi", DATE), rb, "yanqi")
    aid = benefit(ans, "inpatient_medical_aid")
    res = graph.resolution(ans, aid.resolved_by)
    assert aid.value == "0.70" and res.principle == "有利于保障"
    assert graph.clause(ans, res.clause).section == "二.(二)"
    [over] = overlap_records(rb, ans)
    assert over.status == "resolved" and graph.overlap_benefit(ans, over.benefits[0]).chosen == "0.70"


def test_annotate_is_idempotent(rulebase):
    ans = answer(rulebase, hh({"wage": "4000"}), "daye")
    j = rulebase.jurisdictions["daye"]
    conflicts = list(ans.conflicts)
    fav.annotate(j, ans)
    first = ans.category_overlaps
    fav.annotate(j, ans)
    assert ans.category_overlaps == first and len(first) == 1
    assert ans.conflicts == conflicts          # the engine's benefit conflicts are left as they are


# -- 淮上: 申请人家庭收入就低 --------------------------------------------------------------------

JIU_DI = hh({"wage": "8000", "basic_pension": "2000"})


def test_huaishang_jiu_di_shows_both_accountings_and_uses_the_lower(rulebase):
    ans = answer(rulebase, JIU_DI, "huaishang")
    view = ans.accounting.income_principle
    assert view.principle == "申请人家庭收入就低"
    assert graph.clause(ans, view.clause).section == "二.(一).1"
    incomes = sorted(o.annual_income for o in view.options)
    assert incomes == ["10000.00", "8000.00"]
    assert view.chosen == "8000.00"
    assert ans.accounting.annual_income == "8000.00"
    # the departments, from the document's own sentence
    fav.department_accounting(rulebase.jurisdictions["huaishang"], ans)
    depts = {o.department: o.annual_income for o in view.options}
    assert depts == {"农业农村部门": "10000.00", "民政部门": "8000.00"}
    assert "就低" in graph.clause(ans, view.statement.clause).quote


def test_huaishang_jiu_di_changes_the_outcome(rulebase):
    """Counted the 农业农村 way (pension included) the household is above the 低保 standard (9000);
    counted the 民政 way it is below; 就低 takes the lower figure, so it is 低保."""
    h = household(JIU_DI, "huaishang", DATE)
    view = engine.income_accounting(h, rulebase, "huaishang")
    by_dept = {o["department"]: o for o in view["options"]}
    assert by_dept["民政部门"]["annual_income"] == "8000.00"
    assert by_dept["农业农村部门"]["annual_income"] == "10000.00"
    assert by_dept["民政部门"]["categories"]["dibao"] == "eligible"
    assert by_dept["农业农村部门"]["categories"]["dibao"] == "ineligible"
    assert view["chosen"] == {"annual_income": "8000.00", "departments": ["民政部门"]}
    assert "dibao" in view["categories_that_differ"]
    assert view["clause"]["section"] == "二.(一).1"
    assert statuses(answer(rulebase, JIU_DI, "huaishang"))["dibao"] == "eligible"


def test_jiu_di_not_applicable_elsewhere(rulebase):
    h = household(JIU_DI, "yanqi", DATE)
    assert engine.income_accounting(h, rulebase, "yanqi") is None
    assert answer(rulebase, JIU_DI, "yanqi").accounting.income_principle is UNSET
    # 淮上 without a pension: nothing counted differently, nothing to choose
    assert engine.income_accounting(household(hh({"wage": "8000"}), "huaishang", DATE), rulebase, "huaishang") is None


@pytest.mark.parametrize("jid", ["yanqi", "huaishang", "suntuan", "daye", "dianjiang"])
def test_overlap_records_only_for_eligible_categories(rulebase, jid):
    ans = answer(rulebase, hh({"transfer": "1000"}, members=[dict(ELDER_ALONE, id="p1"), dict(ADULT, id="p2",
                                                              relation_to_applicant="spouse")]), jid)
    eligible = {c for c, s in statuses(ans).items() if s == "eligible"}
    for rec in overlap_records(rulebase, ans):
        assert set(rec.categories) == eligible and len(eligible) >= 2
