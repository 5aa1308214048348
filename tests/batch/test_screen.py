"""`binggui screen`: the CSV format, outputs, what-if re-screening, explanations and errors."""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from kb.cli import main
from kb.testing.generate import CSV_COLUMNS, generate, write_csv
from kb.testing.plain import PlainEvaluator
from kb.testing.scenario import household_from_dict
from kb.batch.literals import decimal_text

from .test_differential import rulebase

JID = "daye" if "daye" in rulebase().jurisdictions else sorted(rulebase().jurisdictions)[0]
N = 3000


@pytest.fixture(scope="module")
def households():
    return list(generate(rulebase().jurisdictions[JID], N, seed=99))


@pytest.fixture
def csv_file(tmp_path, households):
    path = tmp_path / "households.csv"
    write_csv(households, path)
    return path


def rows(path: Path) -> list[dict]:
    con = duckdb.connect()
    rel = con.execute(f"SELECT * FROM '{path}'")
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def test_screen_writes_parquet_with_lists(csv_file, tmp_path, households, capsys):
    out = tmp_path / "r.parquet"
    assert main(["screen", str(csv_file), "--out", str(out), "--no-progress"]) == 0
    got = rows(out)
    assert [r["household_id"] for r in got] == [h.id for h in households]   # input order
    plain = PlainEvaluator(rulebase().jurisdictions[JID])
    for h, r in zip(households[:500], got):
        want = plain.decide(h)
        for cid, c in want["categories"].items():
            assert r[cid] == c["status"]
            assert r[f"{cid}_rules"] == c["rules"]
    err = capsys.readouterr().err
    assert f"screened {N:,} households" in err and "eligible" in err


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_streamed_output_equals_the_chunked_one(csv_file, tmp_path, capsys, suffix):
    """One chunk goes straight into the output file; several go through the results table: the
    files are byte for byte the same, and so is the summary counted from them."""
    streamed, chunked = tmp_path / f"s{suffix}", tmp_path / f"c{suffix}"
    assert main(["screen", str(csv_file), "--out", str(streamed), "--no-progress"]) == 0
    summary = capsys.readouterr().err
    assert main(["screen", str(csv_file), "--out", str(chunked), "--no-progress", "--chunk", "700"]) == 0
    assert streamed.read_bytes() == chunked.read_bytes()
    table = capsys.readouterr().err

    def counts(err: str) -> list[str]:
        return [line for line in err.splitlines() if line.split(" ")[0] in rulebase().jurisdictions[JID].categories]
    assert len(counts(summary)) == len(rulebase().jurisdictions[JID].categories)
    assert counts(summary) == counts(table)


@pytest.mark.parametrize("flags", [["--out", "/proc/binggui-results.parquet"],                  # straight to the file
                                   ["--out", "/proc/binggui-results.csv", "--chunk", "700"],     # through the table
                                   ["--members", "/proc/binggui-members.csv"]])
def test_an_output_that_cannot_be_written_ends_with_one_line(csv_file, capsys, flags):
    """/proc takes no new files (not even from root): the run ends with exit 2 and one line naming
    the file, not a traceback."""
    assert main(["screen", str(csv_file), "--no-progress", *flags]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"binggui screen: {flags[1]}: cannot write the output: ")
    assert not any("Traceback" in line for line in err)


def test_screen_members_writes_one_row_per_counted_member(csv_file, tmp_path, households):
    """`--members`: each counted member's status per category and per benefit given to persons,
    in household and member order, as the plain oracle decides them."""
    out, members = tmp_path / "r.csv", tmp_path / "m.parquet"
    assert main(["screen", str(csv_file), "--out", str(out), "--members", str(members), "--no-progress"]) == 0
    got = rows(members)
    j = rulebase().jurisdictions[JID]
    plain = PlainEvaluator(j)
    want = []
    for h in households:
        for pid, mine in plain.decide(h)["persons"].items():
            want.append((h.id, pid, mine))
    assert [(r["household_id"], r["person_id"]) for r in got] == [(hid, pid) for hid, pid, _ in want]
    per_member = [b.id for b in j.benefits.values() if b.per_member]
    for r, (_, _, mine) in zip(got, want):
        for cid in j.categories:
            assert r[cid] == mine[cid]
        for bid in per_member:
            value = r[f"benefit_{bid}_value"]
            assert r[f"benefit_{bid}"] + (f" {value}" if value else "") == mine[bid]


def test_screen_csv_output_joins_lists(csv_file, tmp_path):
    out = tmp_path / "r.csv"
    assert main(["screen", str(csv_file), "--out", str(out), "--no-progress", "--jurisdiction", JID]) == 0
    got = rows(out)
    assert len(got) == N
    assert all(isinstance(r["dibao_rules"], (str, type(None))) for r in got)


def test_what_if_reports_exactly_the_households_that_change(csv_file, tmp_path, households, capsys):
    j = rulebase().jurisdictions[JID]
    std = j.parameters["dibao_standard"].values[-1].value
    raised = std * Fraction(105, 100)
    out, changes = tmp_path / "w.parquet", tmp_path / "changes.csv"
    assert main(["screen", str(csv_file), "--set", f"{JID}.dibao_standard=+5%", "--out", str(out),
                 "--changes", str(changes), "--no-progress"]) == 0
    err = capsys.readouterr().err
    before, after = PlainEvaluator(j), PlainEvaluator(j, {"dibao_standard": raised})
    expected_changed = set()
    moves: dict[tuple, int] = {}
    got = {r["household_id"]: r for r in rows(out)}
    for h in households:
        b, a = before.decide(h), after.decide(h)
        for cid in j.categories:
            sb, sa = b["categories"][cid]["status"], a["categories"][cid]["status"]
            r = got[h.id]
            assert (r[cid], r[f"{cid}_baseline"]) == (sa, sb), (h.id, cid)
            if sb != sa:
                expected_changed.add(h.id)
                moves[(cid, sb, sa)] = moves.get((cid, sb, sa), 0) + 1
    assert expected_changed, "a 5% higher standard changes some households"
    assert {r["household_id"] for r in rows(changes)} == expected_changed
    assert f"{len(expected_changed):,} household(s) changed" in err
    for (cid, sb, sa), k in moves.items():
        assert any(line.split() == [cid, sb, "->", sa, f"{k:,}"] for line in err.splitlines()), (cid, sb, sa, k)


def test_params_file_equals_set(csv_file, tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text(f"{JID}:\n  dibao_standard: 9000\n", encoding="utf-8")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["screen", str(csv_file), "--params", str(params), "--out", str(a), "--no-progress"]) == 0
    assert main(["screen", str(csv_file), "--set", f"{JID}.dibao_standard=9000", "--out", str(b), "--no-progress"]) == 0
    assert a.read_text() == b.read_text()


def test_explain_gives_the_engine_answer(csv_file, households, capsys):
    h = households[0]
    assert main(["screen", str(csv_file), "--explain", h.id]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["household"] == h.id
    assert {c["id"] for c in answer["categories"]} == set(rulebase().jurisdictions[JID].categories)


def _write(path: Path, header: list[str], lines: list[list[str]]) -> Path:
    import csv
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(lines)
    return path


def _row(**cells) -> list[str]:
    return [str(cells.get(c, "")) for c in CSV_COLUMNS]


@pytest.mark.parametrize("cells,message", [
    ({"rigid_expenditure": "12.34567"}, "rigid_expenditure=12.34567"),
    ({"formerly_poor": "maybe"}, "formerly_poor=maybe"),
    ({"work_ability": "some"}, "work_ability=some"),
    ({"problem": "basic_living;flood"}, "problem=basic_living;flood"),
    ({"assessment_date": "2025-13-01"}, "assessment_date=2025-13-01"),
    ({"age": "forty"}, "age=forty"),
])
def test_malformed_cells_are_refused_with_file_and_line(tmp_path, capsys, cells, message):
    base = {"household_id": "h1", "jurisdiction": JID, "assessment_date": "2025-06-01", "person_id": "p1"}
    path = _write(tmp_path / "bad.csv", CSV_COLUMNS, [_row(**base), _row(**{**base, "person_id": "p2", **cells})])
    assert main(["screen", str(path), "--out", str(tmp_path / "o.csv"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3" in err and message in err


def test_malformed_rows_of_a_later_file_are_located_in_that_file(tmp_path, capsys):
    """Rows are numbered by their position in the loaded table: a second file's lines start again
    at 2, and the report lists every malformed row (an empty household_id too) in file order."""
    base = {"jurisdiction": JID, "assessment_date": "2025-06-01"}
    first = _write(tmp_path / "first.csv", CSV_COLUMNS,
                   [_row(**base, household_id=f"a{i}", person_id=f"a{i}p") for i in range(50)])
    second = _write(tmp_path / "second.csv", CSV_COLUMNS,
                    [_row(**base, household_id="b1", person_id="b1p"),
                     _row(**base, household_id="b2", person_id="b2p", age="4.5"),
                     _row(**base, household_id="", person_id="b3p"),
                     _row(**base, household_id="b4", person_id="b4p", housing_grade="Z", married="maybe")])
    assert main(["screen", str(first), str(second), "--no-progress"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith(f"{second}:3: malformed value(s): age=4.5 (expected a whole number from 0 to 130)")
    assert lines[1] == f"{second}:4: empty household_id"
    assert lines[2].startswith(f"{second}:5: malformed value(s): housing_grade=Z ") and "married=maybe" in lines[2]
    assert len(lines) == 3


def test_unknown_column_conflicts_and_jurisdiction_are_refused(tmp_path, capsys):
    base = {"household_id": "h1", "jurisdiction": JID, "assessment_date": "2025-06-01", "person_id": "p1"}
    path = _write(tmp_path / "typo.csv", CSV_COLUMNS + ["incom_wage"], [_row(**base) + ["100"]])
    assert main(["screen", str(path), "--no-progress"]) == 2
    assert "incom_wage" in capsys.readouterr().err
    path = _write(tmp_path / "conflict.csv", CSV_COLUMNS,
                  [_row(**base, residence="rural"), _row(**{**base, "person_id": "p2"}, residence="urban")])
    assert main(["screen", str(path), "--no-progress"]) == 2
    assert "rows disagree on residence" in capsys.readouterr().err
    path = _write(tmp_path / "nowhere.csv", CSV_COLUMNS, [_row(**{**base, "jurisdiction": "atlantis"})])
    assert main(["screen", str(path), "--no-progress"]) == 2
    assert "unknown jurisdiction 'atlantis'" in capsys.readouterr().err
    assert main(["screen", str(path), "--set", f"{JID}.no_such=1", "--no-progress"]) == 2
    assert "no parameter 'no_such'" in capsys.readouterr().err


def test_exact_money_at_the_standard(tmp_path):
    """Per-capita income exactly at the standard is not 'below' it; a fen less per head is."""
    j = rulebase().jurisdictions[JID]
    std = j.parameters["dibao_standard"].at(__import__("datetime").date(2025, 6, 1)).value
    members = [{"id": "p1", "age": 45, "work_ability": "full", "relation_to_applicant": "applicant"},
               {"id": "p2", "age": 43, "work_ability": "full", "relation_to_applicant": "spouse"},
               {"id": "p3", "age": 12, "work_ability": "none", "relation_to_applicant": "child"}]
    hs = []
    for k, total in enumerate([std * 3, std * 3 - Fraction(3, 100), std * 3 - Fraction(1, 100)]):
        h = household_from_dict({"financial_assets": 100, "income": {"wage": decimal_text(total)}, "members": members},
                                JID, "2025-06-01", hid=f"h{k}")
        hs.append(h)
    path = tmp_path / "edge.csv"
    write_csv(hs, path)
    out = tmp_path / "edge.parquet"
    assert main(["screen", str(path), "--out", str(out), "--no-progress"]) == 0
    got = {r["household_id"]: r["dibao"] for r in rows(out)}
    plain = PlainEvaluator(j)
    assert got == {h.id: plain.decide(h)["categories"]["dibao"]["status"] for h in hs}
    assert got["h0"] != got["h1"]        # at the standard vs one fen per head below it
    assert got["h2"] == got["h1"]        # 1/3 fen per head below it: still below, exactly


def test_unknown_facts_stay_unknown(tmp_path):
    """Absent income: 低保 undetermined, never ineligible; rule ids name the undetermined rule."""
    members = [{"id": "p1", "age": 45, "work_ability": "full", "relation_to_applicant": "applicant"}]
    h = household_from_dict({"financial_assets": 100, "members": members}, JID, "2025-06-01", hid="u1")
    path = tmp_path / "u.csv"
    write_csv([h], path)
    out = tmp_path / "u.parquet"
    assert main(["screen", str(path), "--out", str(out), "--no-progress"]) == 0
    (r,) = rows(out)
    assert r["dibao"] == "undetermined" and r["dibao_rules"]
    assert r["qita_kunnan"] == PlainEvaluator(rulebase().jurisdictions[JID]).decide(h)["categories"]["qita_kunnan"]["status"]
