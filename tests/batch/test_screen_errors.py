"""`binggui screen` on hostile input: one located line, exit code 2, nothing written, no traceback,
no hang (issue 18, items 2, 3, 5 and 7)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.cli import main

from .test_differential import rulebase

JID = "daye" if "daye" in rulebase().jurisdictions else sorted(rulebase().jurisdictions)[0]
HEADER = "household_id,jurisdiction,assessment_date,person_id,age,income_wage"
GOOD = f"h1,{JID},2025-06-01,p1,40,100"
AGE_AND_BIRTH = "household_id,jurisdiction,assessment_date,person_id,age,birth_date"
LATE_DENIAL = (f"household_id,jurisdiction,assessment_date,person_id,denied_dibao_on\n"
               f"h1,{JID},2025-06-01,p1,2026-01-01\n").encode()
TWO_APPLICANTS = (f"household_id,jurisdiction,assessment_date,person_id,relation_to_applicant\n"
                  f"h1,{JID},2025-06-01,p1,applicant\nh1,,,p2,spouse\nh1,,,p3,applicant\n").encode()


def _screen(capsys, *args: str) -> tuple[int, str]:
    code = main(["screen", *args, "--no-progress"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_CSV = [
    ("ragged.csv", f"{HEADER}\n{GOOD}\nh1,{JID},2025-06-01,p2,40,100,7\n".encode(), ":3:", "7 cells where the header has 6"),
    ("quote.csv", f'{HEADER}\n{GOOD}\nh2,{JID},"2025-06-01,p2,40,1\nh3,{JID},2025-06-01,p3,4,1\n'.encode(), ":3:",
     "not terminated"),
    ("latin1.csv", f"{HEADER}\nh1,{JID},2025-06-01,p\xe9,40,100\n".encode("latin-1"), ":2:", "not UTF-8"),
    ("latin1-header.csv", f"{HEADER},r\xe9sidence\n".encode("latin-1"), ":1:", "not UTF-8"),
    ("binary.csv", bytes(range(256)) * 4, "binary.csv:", "binary data"),
    ("header-only.csv", f"{HEADER}\n".encode(), "header-only.csv:", "no rows after the header"),
    ("empty.csv", b"", "empty.csv:1:", "expected a header row"),
    ("money35.csv", f"{HEADER}\nh1,{JID},2025-06-01,p1,40,{'9' * 35}\n".encode(), ":2:", "income_wage=" + "9" * 35),
    # what spreadsheets save when asked for something other than "CSV UTF-8 (comma delimited)"
    ("tabs.csv", f"{HEADER}\n{GOOD}\n".replace(",", "\t").encode(), ":1:", "separated by tabs, not commas"),
    ("semicolons.csv", f"{HEADER}\n{GOOD}\n".replace(",", ";").encode(), ":1:", "separated by semicolons"),
    ("utf16.csv", f"{HEADER}\n{GOOD}\n".encode("utf-16"), "utf16.csv:", "UTF-16 text"),
    ("stray-cr.csv", f"{HEADER}\n{GOOD}\nh2,{JID}\r,2025-06-01,p2,40,1\n".encode(), ":3:", "a carriage return (\\r) inside a line"),
    # in a file of CRLF lines DuckDB takes a lone carriage return for a line break
    ("stray-cr-crlf.csv", f"{HEADER}\r\n{GOOD}\r\nh2,{JID}\r,2025-06-01,p2,40,1\r\n".encode(), ":3:",
     "2 cells where the header has 6"),
    ("bad-date.csv", f"{HEADER}\n{GOOD}\nh2,{JID},2025/06/01,p2,40,1\n".encode(), ":3:", "assessment_date=2025/06/01"),
    ("empty-id.csv", f"{HEADER}\n{GOOD}\n,{JID},2025-06-01,p2,40,1\n".encode(), ":3:", "empty household_id"),
    # the format takes an age or a birth date; both, disagreeing at the assessment date, is a slip
    # the shapes' ranges, as the RDF reader holds them (kb.core.facts.INTEGER_RANGES, MONEY_RANGE)
    ("negative-income.csv", f"{HEADER}\nh1,{JID},2025-06-01,p1,40,-5000\n".encode(), ":2:",
     "income_wage=-5000 (expected yuan as a plain decimal from 0"),
    ("age-200.csv", f"{HEADER}\nh1,{JID},2025-06-01,p1,200,100\n".encode(), ":2:", "age=200 (expected a whole number from 0 to 130)"),
    ("born-later.csv", f"{AGE_AND_BIRTH}\nh1,{JID},2025-06-01,p1,,2030-01-01\n".encode(), ":2:",
     "birth_date 2030-01-01 gives an age of -5 at the assessment date 2025-06-01, outside 0 to 130"),
    ("age-and-birth.csv", f"{AGE_AND_BIRTH}\nh1,{JID},2025-06-01,p1,45,1980-01-01\nh1,,,p2,50,1980-06-02\n".encode(),
     "household h1: person p2", "age 50 disagrees with birth_date 1980-06-02 (age 44 at the assessment date 2025-06-01)"),
]


@pytest.mark.parametrize("name,data,where,what", BAD_CSV)
def test_bad_csv_is_one_located_line(tmp_path, capsys, name, data, where, what):
    path = _file(tmp_path, name, data)
    out = tmp_path / "out.csv"
    code, err = _screen(capsys, str(path), "--out", str(out))
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err and where in err and what in err, err
    assert not out.exists()


# `--explain` reads the file in Python (kb.batch.python_reader): the same refusals, located alike;
# where its reading differs, what it says instead
EXPLAIN_SAYS = {"header-only.csv": ("header-only.csv", "no household 'h1'"),
                "stray-cr.csv": (":3:", "2 cells where the header has 6")}


@pytest.mark.parametrize("name,data,where,what", BAD_CSV + [
    ("no-date.csv", f"{HEADER}\nh1,{JID},,p1,40,100\n".encode(), "household h1", "no assessment_date"),
    ("disagree.csv", f"{HEADER}\n{GOOD}\nh1,{JID},2025-07-01,p2,40,\n".encode(), "household h1",
     "rows disagree on assessment_date"),
    ("applicants.csv", TWO_APPLICANTS, "household h1", "2 persons have relation_to_applicant=applicant"),
    ("late-denial.csv", LATE_DENIAL, "household h1", "denied_dibao_on 2026-01-01 is after the assessment date 2025-06-01")])
def test_explain_refuses_what_screen_refuses(tmp_path, capsys, name, data, where, what):
    where, what = EXPLAIN_SAYS.get(name, (where, what))
    path = _file(tmp_path, name, data)
    code, err = _screen(capsys, str(path), "--explain", "h1")
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert where in err and what in err, err


def test_explain_names_an_unknown_jurisdiction(tmp_path, capsys):
    path = _file(tmp_path, "nowhere.csv", f"{HEADER}\nh1,nowhere,2025-06-01,p1,40,100\n".encode())
    code, err = _screen(capsys, str(path), "--explain", "h1")
    assert code == 2
    assert "household h1: unknown jurisdiction 'nowhere'" in err, err


def test_explain_reads_parquet_as_screen_does(tmp_path, capsys):
    import duckdb
    csv_path = _file(tmp_path, "one.csv", f"{HEADER}\n{GOOD}\n".encode())
    parquet = tmp_path / "one.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar = true)) TO '{parquet}'")
    outs = []
    for path in (csv_path, parquet):
        assert main(["screen", str(path), "--explain", "h1"]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] and '"household": "h1"' in outs[0]


def test_money_beyond_the_range_is_refused_not_unknown(tmp_path, capsys):
    """A 35-digit income once read as unknown (dibao undetermined, exit 0); now it is refused."""
    path = _file(tmp_path, "big.csv", f"{HEADER}\nh1,{JID},2025-06-01,p1,40,1{'0' * 12}\n".encode())
    code, err = _screen(capsys, str(path))
    assert code == 2 and "big.csv:2:" in err and "below 10^12" in err
    path = _file(tmp_path, "max.csv", f"{HEADER}\nh1,{JID},2025-06-01,p1,40,{'9' * 12}.9999\n".encode())
    assert _screen(capsys, str(path))[0] == 0


@pytest.mark.parametrize("value", ["1e5000", "1e999999999", "+1e999999999%", "*1e999999999", "nan", "inf", "abc",
                                   "1e-999999999", "0.00001"])
def test_set_values_outside_the_range_end_at_once(tmp_path, capsys, value):
    path = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\n".encode())
    code, err = _screen(capsys, str(path), "--set", f"{JID}.dibao_standard={value}")
    assert code == 2 and f"--set '{JID}.dibao_standard={value}'" in err
    assert len(err.strip().splitlines()) == 1, err


def test_outputs_are_checked_before_any_work(tmp_path, capsys):
    path = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\n".encode())
    code, err = _screen(capsys, str(path), "--out", str(tmp_path / "missing" / "r.parquet"))
    assert code == 2 and "does not exist" in err and "loaded" not in err
    code, err = _screen(capsys, str(path), "--out", str(tmp_path / "r.xlsx"))
    assert code == 2 and ".parquet or .csv" in err and "loaded" not in err
    out = tmp_path / "r.csv"
    code, err = _screen(capsys, str(path), "--out", str(out), "--changes", str(tmp_path / "c.csv"))
    assert code == 2 and "--changes needs --set" in err and not out.exists()


def test_no_output_is_written_over_an_input_or_another_output(tmp_path, capsys):
    data = f"{HEADER}\n{GOOD}\n".encode()
    path = _file(tmp_path, "ok.csv", data)
    params = _file(tmp_path, "params.yaml", f"{JID}.dibao_standard: 9000\n".encode())
    for argv in (("--out", str(path)), ("--out", str(tmp_path / "." / "ok.csv")),
                 ("--params", str(params), "--out", str(tmp_path / "r.csv"), "--changes", str(params))):
        code, err = _screen(capsys, str(path), *argv)
        assert code == 2 and "is an input of this run" in err and "loaded" not in err, err
    assert path.read_bytes() == data and params.read_bytes() == f"{JID}.dibao_standard: 9000\n".encode()
    out = tmp_path / "r.csv"
    code, err = _screen(capsys, str(path), "--out", str(out), "--members", str(out))
    assert code == 2 and "--members" in err and "is also --out" in err and not out.exists()


@pytest.mark.parametrize("value", ["-5", "-150%", "*-1"])
def test_a_negative_parameter_is_refused(tmp_path, capsys, value):
    path = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\n".encode())
    out = tmp_path / "r.csv"
    code, err = _screen(capsys, str(path), "--set", f"{JID}.dibao_standard={value}", "--out", str(out))
    assert code == 2 and "is below 0" in err and "cannot be negative" in err and not out.exists(), err


def test_prepare_never_writes_over_an_input(tmp_path, capsys):
    import duckdb
    source = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\n".encode())
    parquet = tmp_path / "households.parquet"       # a Parquet input named as a layout file
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) TO '{parquet}'")
    before = parquet.read_bytes()
    code, err = _screen(capsys, str(parquet), "--prepare", str(tmp_path))
    assert code == 2 and "would write households.parquet over an input of this run" in err, err
    assert parquet.read_bytes() == before


def test_prepare_into_a_file_is_refused_and_the_file_kept(tmp_path, capsys):
    data = f"{HEADER}\n{GOOD}\n".encode()
    path = _file(tmp_path, "ok.csv", data)
    code, err = _screen(capsys, str(path), "--prepare", str(path))
    assert code == 2 and "is a file; the prepared layout is a directory" in err and "loaded" not in err, err
    assert path.read_bytes() == data


@pytest.mark.parametrize("data,fragment", [
    (b"daye.dibao_standard: [1,2\n", "params.yaml:2:1: not YAML or JSON (expected ',' or ']'"),
    (b"daye.dibao_standard: \xff\n", "params.yaml: not UTF-8 text"),
])
def test_a_bad_params_file_is_one_located_line(tmp_path, capsys, data, fragment):
    path = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\n".encode())
    params = _file(tmp_path, "params.yaml", data)
    code, err = _screen(capsys, str(path), "--params", str(params), "--out", str(tmp_path / "r.csv"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and fragment in err, err
    code, err = _screen(capsys, str(path), "--params", str(tmp_path / "none.yaml"), "--out", str(tmp_path / "r.csv"))
    assert code == 2 and "none.yaml: cannot read: No such file or directory" in err, err


def test_chunk_must_be_positive(tmp_path, capsys):
    path = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\n".encode())
    with pytest.raises(SystemExit) as stop:
        main(["screen", str(path), "--chunk", "0"])
    assert stop.value.code == 2
    assert "--chunk: 0 is not a positive number" in capsys.readouterr().err


def test_parquet_input_screens_as_csv_does(tmp_path, capsys):
    import duckdb
    csv_path = _file(tmp_path, "ok.csv", f"{HEADER}\n{GOOD}\nh2,{JID},2025-06-01,p2,70,\n".encode())
    pq = tmp_path / "in.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{pq}' (FORMAT parquet)")  # typed columns
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert _screen(capsys, str(csv_path), "--out", str(a))[0] == 0
    assert _screen(capsys, str(pq), "--out", str(b))[0] == 0
    assert a.read_text() == b.read_text()


def test_the_example_folder_names_the_household_given_twice(capsys):
    folder = Path(__file__).resolve().parents[2] / "examples" / "households"
    files = sorted(str(p) for p in folder.iterdir() if p.suffix in (".ttl", ".jsonld"))
    code, err = _screen(capsys, *files)
    assert code == 2 and "appears in" in err and ".ttl" in err and ".jsonld" in err
    assert _screen(capsys, *(f for f in files if f.endswith(".ttl")))[0] == 0


@pytest.mark.parametrize("column,value", [
    ("income_wage", "1e5"), ("income_wage", "1.23456"), ("income_wage", "+5"), ("income_wage", "1_000"),
    ("income_wage", ".5"), ("income_wage", "12."), ("income_wage", "1000000000000"), ("age", "4.5"),
    ("age", "0x10"), ("age", "1000000000"), ("assessment_date", "2025/06/01"), ("assessment_date", "2025-6-1"),
    ("assessment_date", "12025-06-01"), ("assessment_date", "2025-02-30"),
])
def test_cells_duckdb_would_cast_leniently_are_refused(tmp_path, capsys, column, value):
    """DuckDB types the cells; a cell its cast reads leniently (an exponent, extra decimals, another
    date spelling) is checked against the format and refused, naming row and column."""
    cells = {"household_id": "h1", "jurisdiction": JID, "assessment_date": "2025-06-01", "person_id": "p1",
             "age": "40", "income_wage": "100"}
    cells[column] = value
    path = _file(tmp_path, "lenient.csv", (HEADER + "\n" + ",".join(cells[c] for c in HEADER.split(",")) + "\n").encode())
    code, err = _screen(capsys, str(path))
    assert code == 2 and "lenient.csv:2:" in err and f"{column}={value}" in err and "expected" in err, err


@pytest.mark.parametrize("column,value", [("income_wage", "8400.50"), ("income_wage", "8400.5000"), ("income_wage", "-0"),
                                          ("income_wage", "999999999999.9999"), ("age", "007"), ("age", " 40 "),
                                          ("assessment_date", " 2025-06-01")])
def test_cells_in_the_format_but_not_as_duckdb_writes_them_are_accepted(tmp_path, capsys, column, value):
    cells = {"household_id": "h1", "jurisdiction": JID, "assessment_date": "2025-06-01", "person_id": "p1",
             "age": "40", "income_wage": "100"}
    cells[column] = value
    path = _file(tmp_path, "fine.csv", (HEADER + "\n" + ",".join(cells[c] for c in HEADER.split(",")) + "\n").encode())
    code, err = _screen(capsys, str(path))
    assert code == 0, err


def test_parquet_input_with_typed_and_list_columns_screens_as_csv_does(tmp_path, capsys):
    """A Parquet file typed by its writer (dates, decimals, booleans, `problem` as a list of codes,
    an empty list for none) screens exactly as the CSV it holds; a bad code in a list is refused."""
    import duckdb
    header = "household_id,jurisdiction,assessment_date,problem,financial_assets,person_id,age,married,income_wage"
    rows = [f"h1,{JID},2025-06-01,basic_living;housing_safety,1200.5,p1,40,true,100",
            f"h2,{JID},2025-06-01,none,0,p2,70,false,",
            f"h3,{JID},2025-06-01,,,p3,9,,0"]
    csv_path = _file(tmp_path, "in.csv", (header + "\n" + "\n".join(rows) + "\n").encode())
    pq = tmp_path / "in.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT household_id, jurisdiction, CAST(assessment_date AS DATE) AS assessment_date, "
        f"CASE WHEN problem = 'none' THEN CAST([] AS VARCHAR[]) ELSE string_split(problem, ';') END AS problem, "
        f"CAST(financial_assets AS DECIMAL(18,4)) AS financial_assets, person_id, CAST(age AS INTEGER) AS age, "
        f"CAST(married AS BOOLEAN) AS married, CAST(income_wage AS DOUBLE) AS income_wage "
        f"FROM read_csv('{csv_path}', all_varchar = true)) TO '{pq}' (FORMAT parquet)")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert _screen(capsys, str(csv_path), "--out", str(a))[0] == 0
    assert _screen(capsys, str(pq), "--out", str(b))[0] == 0
    assert a.read_text() == b.read_text()
    bad = tmp_path / "bad.parquet"
    duckdb.connect().execute(f"COPY (SELECT 'h1' AS household_id, '{JID}' AS jurisdiction, DATE '2025-06-01' "
                             f"AS assessment_date, ['basic_living', 'flying'] AS problem, 'p1' AS person_id) "
                             f"TO '{bad}' (FORMAT parquet)")
    code, err = _screen(capsys, str(bad))
    assert code == 2 and "bad.parquet:2:" in err and "problem=basic_living;flying" in err, err


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1 << 22])
def test_a_stray_carriage_return_is_found_across_read_boundaries(tmp_path, chunk):
    from kb.batch.sources import _stray_carriage_return
    crlf = _file(tmp_path, "crlf.csv", b"a,b\r\n1,2\r\n3,4\r\n")
    stray = _file(tmp_path, "stray.csv", b"a,b\r\n1,2\r\n3\r,4\r\n5,6\r\n")
    last = _file(tmp_path, "last.csv", b"a,b\n1,2\r")
    assert _stray_carriage_return(crlf, chunk) is None
    assert _stray_carriage_return(stray, chunk) == 3
    assert _stray_carriage_return(last, chunk) is None     # a line ending at the end of the file


def test_explain_refuses_a_household_in_a_csv_and_an_rdf_file(tmp_path, capsys):
    example = Path(__file__).resolve().parents[2] / "examples" / "households" / "daye-dibao-family.ttl"
    hid = "https://example.org/households/daye-0001"
    table = _file(tmp_path, "dup.csv", f"{HEADER}\n{hid},daye,2025-06-01,p1,40,100\n".encode())
    for argv in (("--out", str(tmp_path / "r.csv")), ("--explain", hid)):
        code, err = _screen(capsys, str(example), str(table), *argv)
        assert code == 2 and f"household {hid}: appears in more than one input file" in err, err


def test_an_age_and_a_birth_date_that_agree_are_screened(tmp_path, capsys):
    path = _file(tmp_path, "agree.csv", f"{AGE_AND_BIRTH}\nh1,{JID},2025-06-01,p1,45,1980-01-01\n".encode())
    code, err = _screen(capsys, str(path), "--out", str(tmp_path / "out.csv"))
    assert code == 0, err
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 2


def test_a_household_with_two_applicants_is_refused(tmp_path, capsys):
    path = _file(tmp_path, "applicants.csv", TWO_APPLICANTS)
    code, err = _screen(capsys, str(path), "--out", str(tmp_path / "out.csv"))
    assert code == 2 and "household h1: 2 persons have relation_to_applicant=applicant" in err, err
    assert not (tmp_path / "out.csv").exists()


def test_an_event_after_the_assessment_date_is_refused(tmp_path, capsys):
    path = _file(tmp_path, "late.csv", LATE_DENIAL)
    code, err = _screen(capsys, str(path), "--out", str(tmp_path / "out.csv"))
    assert code == 2 and "household h1: denied_dibao_on 2026-01-01 is after the assessment date" in err, err
