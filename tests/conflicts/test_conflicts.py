"""Static analysis: every finding has the contract's shape, cites verbatim clauses, and its witness
household gets exactly the recorded answers when the engine decides it again."""
from __future__ import annotations

import json
from fractions import Fraction


from kb.analysis import conflicts as cf
from kb.compile.compiler import default_rulebase
from kb.core.facts import Household

from conflicts_helpers import DATE, answer, hh, statuses


def by_kind(findings, kind):
    return [f for f in findings if f["kind"] == kind]


def pci(data: dict) -> Fraction:
    return sum(Fraction(str(v)) for v in data["income"].values()) / len(data["members"])


# -- shape, citations, witnesses ----------------------------------------------------------------

def test_findings_have_the_contract_shape(findings, rulebase):
    assert findings, "the analysis finds something in the shipped rule base"
    ids = [f["id"] for f in findings]
    assert len(ids) == len(set(ids))
    for f in findings:
        assert set(f) >= {"id", "kind", "jurisdictions", "summary", "clauses", "rules", "witness", "confirmed"}
        assert f["kind"] in cf.KINDS
        assert f["jurisdictions"] and set(f["jurisdictions"]) <= set(rulebase.jurisdictions)
        assert f["summary"]["zh"] and f["summary"]["en"]
        assert f["clauses"] and f["rules"]
        for rid in f["rules"]:
            assert rulebase.rule(rid) is not None, rid
        w = f["witness"]
        assert set(w) >= {"household", "answers", "date"}
        assert set(w["answers"]) == set(f["jurisdictions"])
        json.dumps(f, ensure_ascii=False)   # JSON-ready


def test_every_clause_is_verbatim_at_its_offsets(findings):
    texts = {}
    for f in findings:
        for c in f["clauses"]:
            text = texts.setdefault(c["document"], next(j.text for j in default_rulebase().jurisdictions.values() if j.document == c["document"]))
            assert text[c["start"]:c["end"]] == c["quote"], (f["id"], c)


def test_every_witness_is_confirmed_by_running_the_engine_again(findings, rulebase):
    for f in findings:
        assert f["confirmed"] is True, f["id"]
        assert cf.rerun_witness(f, rulebase) == f["witness"]["answers"], f["id"]


def test_witness_households_are_facts_households(findings):
    for f in findings:
        w = f["witness"]
        for jid in w["answers"]:
            data = (w.get("households") or {}).get(jid, w["household"])
            h = cf.household(data, jid, w["date"])
            assert isinstance(h, Household) and h.members and h.income_items is not None


def test_findings_are_cached_per_rulebase_version(findings, rulebase):
    assert cf.find_conflicts(rulebase) is findings


# -- (c) the boundary mismatches ------------------------------------------------------------------

def test_bianyuan_one_and_a_half_vs_two_times_the_standard(findings):
    """焉耆 边缘: below 1.5 × the 低保 standard; 大冶: above the standard and up to 2 ×."""
    f = next(f for f in by_kind(findings, "boundary_mismatch")
             if f["category"] == "dibao_bianyuan" and f["region"]["from"].startswith("1.5 ×"))
    assert f["region"]["to"].startswith("2 ×") and f["nature"] == "bound"
    assert {"daye", "yanqi"} <= set(f["jurisdictions"])
    assert f["bounds"]["daye"]["holds"] is True and f["bounds"]["yanqi"]["holds"] is False
    assert any("1.5 * dibao_standard" in c for c in f["bounds"]["yanqi"]["conditions"])
    assert any("<= 2 * dibao_standard" in c for c in f["bounds"]["daye"]["conditions"])
    w = f["witness"]
    assert w["answers"]["daye"]["dibao_bianyuan"] == "eligible"
    assert w["answers"]["yanqi"]["dibao_bianyuan"] == "ineligible"
    # the households sit at the same multiple (1.75) of each jurisdiction's own standard
    assert pci(w["households"]["yanqi"]) == Fraction(7, 4) * 6600
    assert pci(w["households"]["daye"]) == Fraction(7, 4) * 8400
    sections = {(c["jurisdiction"], c["section"]) for c in f["clauses"]}
    assert ("yanqi", "二.(三).3") in sections and ("daye", "二.(一).2.(3)") in sections


def test_bianyuan_strict_vs_inclusive_at_the_standard(findings):
    """At exactly the 低保 standard: 焉耆 (not 低保, so 边缘) admits; 大冶 ("高于") refuses."""
    f = next(f for f in by_kind(findings, "boundary_mismatch")
             if f["category"] == "dibao_bianyuan" and f["region"]["from"] == "1 × dibao_standard")
    assert f["nature"] == "strictness" and f["region"]["to"] == "1 × dibao_standard"
    assert f["bounds"]["daye"]["holds"] is False and f["bounds"]["yanqi"]["holds"] is True
    assert f["witness"]["answers"]["daye"]["dibao_bianyuan"] == "ineligible"
    assert pci(f["witness"]["households"]["daye"]) == 8400


def test_monitoring_line_inclusive_vs_strict(findings):
    """焉耆 "在当地监测范围内" (<=) vs 大冶 "低于防止返贫监测标准" (<), the same line (8000)."""
    f = next(f for f in by_kind(findings, "boundary_mismatch")
             if f["category"] == "jiance" and f["nature"] == "strictness")
    assert f["dimension"] == {"fact": "per_capita_income", "relative_to": "monitoring_line"}
    assert f["bounds"]["yanqi"]["holds"] is True and f["bounds"]["daye"]["holds"] is False
    assert "household" in f["witness"] and "households" not in f["witness"]   # one and the same household
    assert pci(f["witness"]["household"]) == 8000


def test_tekun_minor_age(findings):
    f = next(f for f in by_kind(findings, "boundary_mismatch") if f["category"] == "tekun")
    assert f["region"] == {"from": "age = 16", "to": "age = 17", "points": ["age = 16", "age = 17"]}
    assert f["bounds"]["daye"]["holds"] is True and f["bounds"]["yanqi"]["holds"] is False
    assert f["witness"]["household"]["members"][0]["age"] in (16, 17)


def test_rigid_expenditure_half_vs_more_than_income(findings):
    f = next(f for f in by_kind(findings, "boundary_mismatch")
             if f["category"] == "gangxing_zhichu" and f["dimension"]["fact"] == "rigid_expenditure")
    assert f["bounds"]["yanqi"]["holds"] is True and f["bounds"]["daye"]["holds"] is False
    assert any("rigid_expenditure > annual_income" in c for c in f["bounds"]["daye"]["conditions"])


# -- (a) overlaps ---------------------------------------------------------------------------------

def test_daye_dibao_jiance_overlap_resolved_70_over_60(findings):
    f = next(f for f in findings if f["id"] == "overlap/daye/dibao+jiance")
    res = f["resolution"]
    assert res["status"] == "resolved" and res["principle"] == "有利于保障"
    assert res["clause"]["section"] == "二.(二).1"
    aid = next(b for b in res["benefits"] if b["benefit"] == "inpatient_medical_aid")
    assert aid["chosen"] == "0.70"
    assert {a["value"]: a["categories"] for a in aid["alternatives"]} == {"0.70": ["dibao"], "0.60": ["jiance"]}
    assert f["witness"]["benefits"]["daye"]["inpatient_medical_aid"] == {"status": "eligible", "value": "0.70"}


def test_yanqi_tekun_dibao_overlap_unresolved(findings):
    f = next(f for f in findings if f["id"] == "overlap/yanqi/tekun+dibao")
    assert f["resolution"]["status"] == "unresolved" and f["resolution"]["principle"] is None
    assert any(c.get("statement") == "5类对象" and c["section"] == "二.(三)" for c in f["clauses"])
    assert f["witness"]["answers"]["yanqi"]["tekun"] == "eligible"
    assert f["witness"]["answers"]["yanqi"]["dibao"] == "eligible"


def test_overlap_across_documents(findings):
    """大冶 lets a 低保 household be 刚性支出困难家庭 too; 焉耆 excludes 低保 from 刚性支出."""
    f = next(f for f in findings if f["kind"] == "overlap" and f.get("scope") == "across"
             and f["categories"] == ["dibao", "gangxing_zhichu"] and f["jurisdictions"][0] == "daye")
    a = f["witness"]["answers"]
    assert a["daye"]["dibao"] == a["daye"]["gangxing_zhichu"] == "eligible"
    assert a["yanqi"]["gangxing_zhichu"] == "ineligible"
    assert "yanqi.gangxing_zhichu" in f["rules"]


# -- (b) contradictions ---------------------------------------------------------------------------

def test_jiance_needs_a_difficulty_in_yanqi_not_in_daye(findings):
    f = next(f for f in by_kind(findings, "contradiction") if f["id"] == "contradiction/jiance/serious_difficulty")
    assert "daye" in f["admitted_by"] and "yanqi" in f["refused_by"]
    a = f["witness"]["answers"]
    assert a["daye"]["jiance"] == "eligible" and a["yanqi"]["jiance"] == "ineligible"
    assert "households" not in f["witness"]          # the same facts for both
    assert f["witness"]["household"]["problem"] == []


def test_no_contradiction_is_a_parameter_difference(findings, rulebase):
    """An exclusion by another category counts only when that category has the same status in
    both jurisdictions (otherwise the difference is the parameter, e.g. the 低保 standard)."""
    for f in by_kind(findings, "contradiction"):
        for reason in f["because"]:
            name = reason.removeprefix("not ").strip()
            if name in rulebase.jurisdictions[f["refused_by"][0]].categories:
                a = f["witness"]["answers"]
                assert len({a[j][name] for j in f["jurisdictions"]}) == 1


# -- (d) gaps -------------------------------------------------------------------------------------

def test_daye_gap_exactly_at_the_dibao_standard(findings, rulebase):
    f = next(f for f in by_kind(findings, "gap") if f["jurisdictions"] == ["daye"])
    w = f["witness"]
    assert pci(w["household"]) == 8400
    assert all(s != "eligible" for s in w["answers"]["daye"].values())
    assert w["neighbours"]["below"]["answers"]["daye"]["dibao"] == "eligible"
    assert w["neighbours"]["above"]["answers"]["daye"]["dibao_bianyuan"] == "eligible"
    for side in ("below", "above"):    # the neighbours are witnesses too: decide them again
        n = w["neighbours"][side]
        assert statuses(answer(rulebase, n["household"], "daye")) == n["answers"]["daye"]
    assert {c["section"] for c in f["clauses"]} >= {"二.(一).2.(2)", "二.(一).2.(3)"}


# -- compare ------------------------------------------------------------------------------------------

def test_compare_says_which_clause_makes_the_difference(rulebase):
    data = hh({"wage": "14700"})      # 1.75 × 大冶's standard; above 1.5 × 焉耆's
    h = cf.household(data, "daye", DATE)
    result = cf.compare(h, rulebase)
    diff = next(d for d in result["differences"] if d["category"] == "dibao_bianyuan")
    assert diff["statuses"]["daye"] == "eligible" and diff["statuses"]["yanqi"] == "ineligible"
    [yanqi] = diff["decisive"]["yanqi"]
    assert yanqi["rule"] == "yanqi.dibao_bianyuan" and yanqi["clause"]["section"] == "二.(三).3"
    assert [c["condition"] for c in yanqi["failed"]] == ["per_capita_income < 1.5 * dibao_standard"]
    assert diff["decisive"]["daye"][0]["rule"] == "daye.dibao_bianyuan_income"
    assert "二.(三).3" in diff["why"]["zh"] and "yanqi.dibao_bianyuan" in diff["why"]["en"]


def test_compare_carries_favourability_records(rulebase):
    h = cf.household(hh({"wage": "8000", "basic_pension": "2000"}), "huaishang", DATE)
    result = cf.compare(h, rulebase)
    assert result["favourability"]["huaishang"]["income_principle"].chosen == "8000.00"


# -- CLI ----------------------------------------------------------------------------------------------

def test_cli_conflicts_json(capsys, findings):
    from kb.cli import main
    assert main(["conflicts", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in out["conflicts"]] == [f["id"] for f in findings]
    assert out["counts"]["gap"] >= 1


def test_cli_conflicts_text(capsys, findings):
    from kb.cli import main
    assert main(["conflicts", "--kind", "gap", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "[空白]" in out and "8400.00" in out and "未经引擎确认" not in out
    from tests.explain.plain_words import internal_names
    assert not internal_names(out), internal_names(out)
    assert main(["conflicts", "--kind", "gap", "--lang", "en"]) == 0
    assert "[gap]" in capsys.readouterr().out


def test_compare_carries_category_overlaps(rulebase):
    h = cf.household(hh({"wage": "4000"}), "daye", DATE)
    fav = cf.compare(h, rulebase)["favourability"]
    [over] = fav["daye"]["category_overlaps"]
    assert over.categories == ["dibao", "jiance"] and over.principle == "有利于保障"


# -- per person: 特困 is a person's status ---------------------------------------------------------

def test_overlaps_with_a_persons_category_name_the_person(findings, rulebase):
    """An overlap of 特困 with another category is one *person* in both, and the witness shows who:
    the engine, deciding the witness afresh, gives that member both categories."""
    from kb.analysis.conflicts import household
    from kb.engine import decide
    personal = [f for f in findings if f["kind"] == "overlap" and "tekun" in f["categories"]]
    assert personal
    for f in personal:
        assert f["per_person"] is True and f["members"], f["id"]
        assert "同一人（" in f["summary"]["zh"] and "one person (" in f["summary"]["en"], f["summary"]
        jid = f["jurisdictions"][0]
        w = f["witness"]
        assert w["members"] == f["members"]
        answer = decide(household((w.get("households") or {}).get(jid, w["household"]), jid, w["date"]), rulebase, jid)
        for pid in f["members"]:
            held = {c.id for c in answer.categories
                    for m in c.members if m.member == pid and m.status == "eligible"}
            assert set(f["categories"]) <= held, (f["id"], pid, held)
            assert set(w["persons"][jid][pid]["categories"]) == held & set(w["persons"][jid][pid]["categories"])


def test_daye_tekun_overlap_is_resolved_for_that_person(findings):
    f = next(f for f in findings if f["id"] == "overlap/daye/tekun+dibao_bianyuan")
    (pid,) = f["members"]
    aid = next(b for b in f["resolution"]["benefits"] if b["benefit"] == "inpatient_medical_aid")
    assert aid["member"] == pid and aid["chosen"] == "1.00"
    assert {a["value"]: a["categories"] for a in aid["alternatives"]} == {"1.00": ["tekun"], "0.60": ["dibao_bianyuan"]}
    assert f["witness"]["persons"]["daye"][pid]["benefits"]["inpatient_medical_aid"] == {"status": "eligible", "value": "1.00"}
