"""`binggui coverage` is complete: every sentence left out is listed with its reason, including the
parts of cited sentences that the rules leave out and that used to be explained only in the
`.md` prose (issue 15.6), and no `uncoded.yaml` entry points at text that is not in its document."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.analysis.coverage import coverage
from kb.compile.compiler import compile_paths


@pytest.fixture(scope="module")
def report():
    return coverage(compile_paths())


def test_no_uncoded_entry_is_stale_and_no_decidable_sentence_is_unexplained(report):
    for jid, entry in report.items():
        assert entry["stale"] == [], f"{jid}: uncoded.yaml entries not in the document: {entry['stale']}"
        assert entry["unexplained"] == 0, jid


def _row_with(report, jid, text):
    rows = [r for r in report[jid]["rows"] if text in r["text"]]
    assert rows, f"{jid}: no coverage row contains {text!r}"
    return rows[0]


def test_daye_left_out_parts_of_cited_sentences_are_listed_with_their_reason(report):
    row = _row_with(report, "daye", "成年无业重度残疾人")
    assert row["cited_by"], "the 单人户 part of the sentence is coded"
    parts = {p["quote"]: p["reason"] for p in row["uncoded_parts"]}
    assert "参照“单人户”纳入最低生活保障范围的成年无业重度残疾人" in parts


def test_daye_urban_housing_support_is_flagged_as_a_benefit_and_explained(report):
    row = _row_with(report, "daye", "依申请实施住房保障")
    assert "benefit" in row["kinds"]
    assert not row["cited_by"] and "住房困难" in row["reason"]


def test_a_stale_entry_is_reported(tmp_path):
    policies = Path(__file__).resolve().parents[2] / "kb" / "policies"
    rb = compile_paths([policies / "suntuan"])
    (tmp_path / "suntuan").mkdir()
    (tmp_path / "suntuan" / "uncoded.yaml").write_text(
        '- quote: "这句话不在文件里"\n  reason: "test"\n- quote: "要充实加强工作专班力量"\n', encoding="utf-8")
    stale = coverage(rb, tmp_path)["suntuan"]["stale"]
    assert [e["quote"] for e in stale] == ["这句话不在文件里", "要充实加强工作专班力量"]
