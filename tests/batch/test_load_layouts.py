"""The loader's shortcuts (kb.batch.load, kb.batch.sources) take only what the input allows: the
same households in any of the layouts the CSV format accepts give the same input tables, whether
the loader trims cells or not, numbers members by row ids or by a window, fetches household
columns from their row or aggregates them."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from kb.batch.columns import CSV_COLUMNS, csv_rows
from kb.batch.errors import ScreenError
from kb.batch.load import load_csv
from kb.batch.sources import may_have_padded_cells, padded_columns
from kb.testing.generate import generate

from .test_differential import rulebase

JID = "daye" if "daye" in rulebase().jurisdictions else sorted(rulebase().jurisdictions)[0]
PERSON = CSV_COLUMNS.index("person_id")     # the household columns come before it


def _rows() -> list[list[str]]:
    return list(csv_rows(generate(rulebase().jurisdictions[JID], 60, seed=7)))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        w.writerows(rows)
    return path


def _tables(path: Path, read_once_up_to: int | None = None) -> dict[str, list[tuple]]:
    con = duckdb.connect()
    load_csv(con, [path], None, rulebase(), read_once_up_to)
    return {"types": {t: con.execute(f"DESCRIBE {t}").fetchall() for t in ("bg_households", "bg_members", "bg_income")},
            "bg_households": con.execute("SELECT * FROM bg_households").fetchall(),   # in hid order
            "bg_members": con.execute("SELECT * FROM bg_members ORDER BY hid, ord").fetchall(),
            "bg_income": con.execute("SELECT * FROM bg_income ORDER BY hid, type").fetchall()}


def _repeated(rows):
    """Household columns on every row of a household, not on its first only."""
    out, head = [], None
    for r in rows:
        head = r[:PERSON] if r[1] else head
        out.append(head + r[PERSON:])
    return out


def _interleaved(rows):
    """The rows of each two households alternating (A1 B1 A2 B2 …): first rows in the same order,
    each household's persons in the same order, but not adjacent."""
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(r[0], []).append(r)
    ordered, out = list(groups.values()), []
    for a, b in zip(ordered[::2], ordered[1::2] + [[]]):
        for i in range(max(len(a), len(b))):
            out += [g[i] for g in (a, b) if i < len(g)]
    return out


def _given_again(rows):
    """A household column given again, equal, on a household's later rows."""
    return [r if r[1] or i % 3 else [r[0], JID] + r[2:] for i, r in enumerate(rows)]


def _split(rows):
    """Some households' columns given partly on their first row, the rest on their second (few
    enough that the loader still takes the giving rows for the writer's layout)."""
    out = [list(r) for r in rows]
    for i in range(1, len(out)):
        if out[i - 1][1] and out[i][0] == out[i - 1][0] and i % 4 == 0:
            given = [c for c in range(1, PERSON) if out[i - 1][c]]
            for c in given[len(given) // 2:]:
                out[i][c], out[i - 1][c] = out[i - 1][c], ""
    return out


def _padded(rows):
    """Every non-empty cell with spaces around it (ASCII, ideographic, no-break)."""
    pads = [(" ", " "), ("\u3000", ""), ("", "\u00a0"), ("  ", "")]
    return [[f"{pads[(i + j) % 4][0]}{c}{pads[(i + j) % 4][1]}" if c else c for j, c in enumerate(r)]
            for i, r in enumerate(rows)]


@pytest.mark.parametrize("layout", [_repeated, _interleaved, _given_again, _split, _padded])
def test_every_layout_loads_the_same_tables(tmp_path, layout):
    rows = _rows()
    assert _tables(_write(tmp_path / "layout.csv", layout(rows))) == _tables(_write(tmp_path / "plain.csv", rows))


@pytest.mark.parametrize("layout", [lambda rows: rows, _repeated, _interleaved, _given_again, _split, _padded])
def test_input_views_for_one_reading_give_the_tables_rows_and_types(tmp_path, layout):
    """A run read once (`read_once_up_to`) gets views over the checked rows: the same rows, in
    the same order, of the same types as the tables."""
    path = _write(tmp_path / "layout.csv", layout(_rows()))
    assert _tables(path, read_once_up_to=1000) == _tables(path)


def _kinds(path: Path, read_once_up_to: int | None) -> dict[str, str]:
    con = duckdb.connect()
    load_csv(con, [path], None, rulebase(), read_once_up_to)
    kinds = {name: "view" for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    kinds.update({name: "table" for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()})
    return {t: kinds[t] for t in ("bg_households", "bg_members", "bg_income")}


def test_input_views_only_for_a_run_that_fits_one_reading(tmp_path):
    """More households than the one reading takes, or no such promise: the input tables are stored."""
    path = _write(tmp_path / "plain.csv", _rows())
    assert set(_kinds(path, read_once_up_to=60).values()) == {"view"}
    assert set(_kinds(path, read_once_up_to=59).values()) == {"table"}
    assert set(_kinds(path, read_once_up_to=None).values()) == {"table"}


def test_households_of_several_jurisdictions_load_as_their_repeated_layout(tmp_path):
    """Numbered by jurisdiction, then first row: not in file order, so no shortcut by position."""
    others = sorted(set(rulebase().jurisdictions) - {JID}) or [JID]
    second = list(csv_rows(generate(rulebase().jurisdictions[others[0]], 40, seed=8)))

    def households(rows):
        groups: dict[str, list] = {}
        for r in rows:
            groups.setdefault(r[0], []).append(r)
        return list(groups.values())
    rows = [r for pair in zip(households(second), households(_rows())) for g in pair for r in g]   # alternating
    assert _tables(_write(tmp_path / "mixed.csv", rows)) == _tables(_write(tmp_path / "rep.csv", _repeated(rows)))
    if others[0] != JID:    # one reading screens one jurisdiction: several are stored as tables
        assert set(_kinds(tmp_path / "mixed.csv", read_once_up_to=1000).values()) == {"table"}


def test_a_person_listed_twice_is_refused(tmp_path):
    """Found by a hash of (household, person) first, then by the ids: every such person named."""
    rows = _rows()
    seconds = {rows[i][0]: i for i in range(len(rows) - 1, 0, -1) if rows[i][0] == rows[i - 1][0]}
    twice = sorted(seconds.values())[:2]            # each household's second row, in two households
    for i in twice:
        rows[i][PERSON] = rows[i - 1][PERSON]
    with pytest.raises(ScreenError) as err:
        _tables(_write(tmp_path / "twice.csv", rows))
    assert str(err.value).splitlines() == sorted(f"household {rows[i][0]}: person {rows[i][PERSON]} is listed twice"
                                                 for i in twice)


@pytest.mark.parametrize("data,padded", [
    (b"a,b\n1,2\n", False),
    (b"a,b\n1 2,x\n", False),                 # a space inside a cell
    (b"a,b\n1 ,2\n", True), (b"a,b\n1, 2\n", True), (b'a,b\n" 1",2\n', True), (b'a,b\n"1 ",2\n', True),
    (b"a,b\n1,2 \n", True), (b"a,b\n1,2 \r\n", True), (b"a,b\n1,2\n 3,4\n", True), (b"a,b\n1,2 ", True),
    ("a,b\n1,\u30002\n".encode(), True), ("a,b\n1,2\u00a0\n".encode(), True),
    ("a,b\n1,大冶\n".encode(), False),      # not ASCII, no space
])
def test_padded_cells_are_found_in_the_bytes(tmp_path, data, padded):
    path = _bytes(tmp_path, data)
    assert may_have_padded_cells(path) is padded
    assert may_have_padded_cells(path, chunk=3) is padded     # a pattern split between two reads


def test_parquet_text_and_list_cells_are_trimmed_numbers_and_dates_not(tmp_path):
    path = tmp_path / "f.parquet"
    duckdb.connect().execute(f"COPY (SELECT ' h1 ' AS household_id, ['a '] AS problem, 5 AS age, true AS married, "
                             f"DATE '2025-06-01' AS assessment_date, 1.5::DECIMAL(9, 2) AS income_wage, "
                             f"2.5::DOUBLE AS income_other) TO '{path}' (FORMAT parquet)")
    cols = ["household_id", "problem", "age", "married", "assessment_date", "income_wage", "income_other"]
    assert padded_columns(path, cols) == {"household_id", "problem"}


def test_csv_cells_are_trimmed_all_or_none(tmp_path):
    cols = ["a", "b"]
    assert padded_columns(_bytes(tmp_path, b"a,b\n1, 2\n"), cols) == {"a", "b"}
    assert padded_columns(_bytes(tmp_path, b"a,b\n1,2\n"), cols) == set()


def _bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    return path
