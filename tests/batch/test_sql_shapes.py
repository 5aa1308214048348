"""Rule shapes the shipped policies do not use (yet), through all three paths: rules with two
variables (per member and per household), membership rules reading another person, a household
rule over members, arithmetic on a fact whose absence means none, codes against numbers,
negated comparisons over unknowns, per-member benefits with and without a principle,
case_by_case, derived facts in the membership context. SQL, the plain evaluator and the engine
must agree on every generated household; recursion is refused with its location."""
from __future__ import annotations

import textwrap

import duckdb
import pytest

from kb.compile.compiler import compile_paths
from kb.engine import decide
from kb.testing.generate import generate, write_csv
from kb.compile.levels import Unsupported
from kb.testing.plain import PlainEvaluator, differences, summarize_answer
from kb.batch.load import load_csv
from kb.batch.screen import screen_loaded
from kb.batch.sql import SqlProgram

from .test_differential import _report, sql_summaries

DOCUMENT = textwrap.dedent("""\
    测试县救助方案
    一、认定
    （一）申请人及与其共同生活的家属为家庭成员。
    （二）人均收入低于标准且财产不超过限额的，纳入低保。
    （三）无劳动能力者、重度残疾者纳入特困。
    （四）收入低于标准一点五倍且有老人的，纳入边缘。
    （五）突发困难或脱贫户困难的，纳入监测。
    （六）刚性支出较大的，纳入刚性支出困难家庭。
    （七）其他困难人员一事一议。
    （八）救助比例就高。照护补贴按人发放。
    （九）基础养老金不计入收入。
    """)

PARAMETERS = textwrap.dedent("""\
    jurisdiction: yanqi
    parameters:
      dibao_standard:
        values: [{from: 2025-01-01, value: 8400, source: test, illustrative: true}]
      monitoring_line:
        values: [{from: 2025-01-01, value: 8000, source: test, illustrative: true}]
      financial_assets_limit_per_person:
        values: [{from: 2025-01-01, value: 30000, source: test, illustrative: true}]
      disposable_income_last_year:
        values: [{from: 2025-01-01, value: 20000, source: test, illustrative: true}]
    """)

POLICY = textwrap.dedent('''\
    ```policy
    document "tiny.txt";
    jurisdiction yanqi "测试县";
    category dibao "低保";
    category tekun "特困" per member;
    category dibao_bianyuan "边缘";
    category jiance "监测" subtypes tuopin_buwending, bianyuan_yizhipin, tufa_kunnan;
    category gangxing_zhichu "刚性";
    category qita_kunnan "其他";
    benefit aid "救助" ratio;
    benefit care "照护" amount per member;   # rules write care(P) = …: given to persons
    principle jiu_gao "就高" picks max of aid cites "一.(八)" "救助比例就高";
    income excludes basic_pension cites "一.(九)" "基础养老金不计入收入";

    rule member_applicant:
      cites "一.(一)" "申请人及与其共同生活的家属为家庭成员"
      member(P) :- listed(P), relation_to_applicant(P) = "applicant".
    rule member_family:
      cites "一.(一)" "申请人及与其共同生活的家属为家庭成员"
      member(P) :- listed(P), cohabiting(P), listed(Q), relation_to_applicant(Q) = "applicant",
                   has_legal_support_duty(P), not relation_to_applicant(P) = "other".
    rule member_size:
      cites "一.(一)" "申请人及与其共同生活的家属为家庭成员"
      member(P) :- listed(P), relation_to_applicant(P) = "other", age(P) < household_size + 10.

    rule dibao:
      cites "一.(二)" "人均收入低于标准且财产不超过限额的，纳入低保"
      dibao :- per_capita_income < dibao_standard,
               not financial_assets_per_capita > financial_assets_limit_per_person.

    rule tekun_cared_for:
      cites "一.(三)" "无劳动能力者、重度残疾者纳入特困"
      tekun(P) :- member(P), work_ability(P) = "none", member(Q), age(Q) >= age(P) + 30.
    rule tekun_disabled:
      cites "一.(三)" "无劳动能力者、重度残疾者纳入特困"
      tekun(P) :- member(P), disability_grade(P) * 2 <= 4, not livelihood_source(P).

    rule bianyuan:
      cites "一.(四)" "收入低于标准一点五倍且有老人的，纳入边缘"
      dibao_bianyuan :- per_capita_income < 1.5 * dibao_standard, not dibao, member(P), age(P) >= 60.

    rule jiance_shock:
      cites "一.(五)" "突发困难或脱贫户困难的，纳入监测"
      jiance[tufa_kunnan] :- sudden_shock, problem("basic_living").
    rule jiance_poor_spending:
      cites "一.(五)" "突发困难或脱贫户困难的，纳入监测"
      jiance[tuopin_buwending] :- formerly_poor, rigid_expenditure + annual_income >= 2 * dibao_standard - 100.
    rule jiance_poor_housing:
      cites "一.(五)" "突发困难或脱贫户困难的，纳入监测"
      jiance[tuopin_buwending] :- formerly_poor, housing_grade = "D".
    rule jiance_edge:
      cites "一.(五)" "突发困难或脱贫户困难的，纳入监测"
      jiance[bianyuan_yizhipin] :- not formerly_poor, tekun, months_since_dibao_denial <= 12.

    rule gangxing:
      cites "一.(六)" "刚性支出较大的，纳入刚性支出困难家庭"
      gangxing_zhichu :- rigid_expenditure >= 0.5 * annual_income, months_since_exit < 24,
                         residence != "urban", household_size - 1 >= 1.
    rule gangxing_code_number:
      cites "一.(六)" "刚性支出较大的，纳入刚性支出困难家庭"
      gangxing_zhichu :- housing_grade = 3.

    rule qita:
      cites "一.(七)" "其他困难人员一事一议"
      qita_kunnan :- case_by_case("一事一议").
    rule qita_not_code:
      cites "一.(七)" "其他困难人员一事一议"
      qita_kunnan :- not formerly_poor, housing_grade != 3, not tekun.

    rule aid_dibao:
      cites "一.(八)" "救助比例就高"
      aid = 0.70 :- dibao.
    rule aid_bianyuan:
      cites "一.(八)" "救助比例就高"
      aid = 0.60 :- dibao_bianyuan.
    rule aid_tekun:
      cites "一.(八)" "救助比例就高"
      aid = 1.00 :- tekun.
    rule aid_jiance:
      cites "一.(八)" "救助比例就高"
      aid = 0.60 :- jiance.

    rule elderly:
      cites "一.(八)" "照护补贴按人发放"
      elderly(P) :- member(P), age(P) >= 70.
    rule care_tekun:
      cites "一.(八)" "照护补贴按人发放"
      care(P) = 500 :- tekun(P).
    rule care_ill:
      cites "一.(八)" "照护补贴按人发放"
      care(P) = 800 :- member(P), serious_illness(P).
    rule care_elderly:
      cites "一.(八)" "照护补贴按人发放"
      care(P) = 500 :- elderly(P), not married(P).
    ```
    ''')


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    policy = root / "policies" / "yanqi"
    policy.mkdir(parents=True)
    (policy / "parameters.yaml").write_text(PARAMETERS, encoding="utf-8")
    (policy / "rules.md").write_text(POLICY, encoding="utf-8")
    (policy / "tiny.txt").write_text(DOCUMENT, encoding="utf-8")
    return compile_paths([policy])


def test_three_paths_agree_on_unusual_rule_shapes(tiny, tmp_path):
    j = tiny.jurisdictions["yanqi"]
    hs = list(generate(j, 3000, seed=5))
    path = tmp_path / "h.csv"
    write_csv(hs, path)
    con = duckdb.connect()
    load_csv(con, [path], None, tiny)
    screen_loaded(con, tiny, chunk=1000, members="bg_members_results")   # and the per-person rows
    sql = sql_summaries(con, j)
    plain = PlainEvaluator(j)
    bad = [(h, plain.decide(h), sql[h.id], differences(plain.decide(h), sql[h.id]))
           for h in hs if differences(plain.decide(h), sql[h.id])]
    assert not bad, _report("plain vs sql", bad, len(hs))
    seen = {(c, s["categories"][c]["status"]) for s in sql.values() for c in s["categories"]}
    assert {("tekun", "eligible"), ("tekun", "undetermined"), ("dibao_bianyuan", "eligible")} <= seen
    values = {s["benefits"]["care"]["value"] for s in sql.values()}
    assert {"500.00", "800.00", None} <= values
    # The engine runs in a thread of its own: pyDatalog keeps one program per thread, and this
    # rule base must not replace the shipped one in the thread the other tests use.
    from concurrent.futures import ThreadPoolExecutor

    def engine_answers():
        return [summarize_answer(decide(h, tiny)) for h in hs[:600]]
    with ThreadPoolExecutor(1) as pool:
        answers = pool.submit(engine_answers).result()
    bad = []
    for h, want in zip(hs, answers):
        diff = differences(want, plain.decide(h))
        if diff:
            bad.append((h, want, plain.decide(h), diff))
    assert not bad, _report("engine vs plain", bad, 600)


def test_recursion_is_refused_with_its_location(tmp_path):
    policy = tmp_path / "policies" / "yanqi"
    policy.mkdir(parents=True)
    (policy / "parameters.yaml").write_text(PARAMETERS, encoding="utf-8")
    recursive = textwrap.dedent('''\
        rule kin_a:
          cites "一.(一)" "申请人及与其共同生活的家属为家庭成员"
          kin(P) :- member(P), relation_to_applicant(P) = "applicant".
        rule kin_b:
          cites "一.(一)" "申请人及与其共同生活的家属为家庭成员"
          kin(P) :- member(P), kin(Q), has_legal_support_duty(P).
        ```
        ''')
    (policy / "rules.md").write_text(POLICY.rstrip().removesuffix("```") + recursive, encoding="utf-8")
    (policy / "tiny.txt").write_text(DOCUMENT, encoding="utf-8")
    rb = compile_paths([policy])
    with pytest.raises(Unsupported, match=r"rules\.md:\d+: recursive predicate\(s\) kin"):
        SqlProgram(rb.jurisdictions["yanqi"])
    with pytest.raises(Unsupported):
        PlainEvaluator(rb.jurisdictions["yanqi"])
