"""Reading the input files of `binggui screen` into the program's input tables (kb.batch.tables),
every cell typed and checked, every problem located (file:line and column).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from kb.batch.columns import ACCEPTED_COLUMNS, HOUSEHOLD_COLUMNS, column_type, write_csv
from kb.batch.errors import ScreenError
from kb.batch.literals import MONEY_DIGITS, SCALE, sql_str
from kb.batch.sources import SourceError, explain_error, header, padded_columns, relation
from kb.batch.tables import INPUT_TABLES, create_input_tables
from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INCOME_TYPES, INPUT_FACTS, INTEGER, INTEGER_RANGES,
                           MONEY, MONEY_RANGE, PERSON, Household)
from kb.core.model import RuleBase


EXPECTED = {BOOLEAN: "true or false", CODE: "one of the codes of `binggui screen --help`",
            CODES: "codes joined by ';', or none",
            MONEY: f"yuan as a plain decimal from 0 to below 10^{MONEY_DIGITS} with at most {SCALE} decimals",
            INTEGER: "a whole number", DATE: "a date YYYY-MM-DD", "text": "text"}

INPUT_DECIMAL = f"DECIMAL({MONEY_DIGITS + SCALE},{SCALE})"   # every accepted money cell, exactly
PATTERNS = {MONEY: f"-?[0-9]{{1,{MONEY_DIGITS}}}(\\.[0-9]{{1,{SCALE}}})?", INTEGER: "-?[0-9]{1,9}",
            DATE: "[0-9]{4}-[0-9]{2}-[0-9]{2}"}


def expected(name: str) -> str:
    """What a cell of column `name` must be, as a refusal says it (its range where it has one)."""
    typ, _ = column_type(name)
    if typ == INTEGER and name in INTEGER_RANGES:
        low, high = INTEGER_RANGES[name]
        return f"a whole number from {low} to {high}"
    return EXPECTED[typ]


def _convert_sql(name: str, c: str) -> str:
    """DuckDB's typed value of the (trimmed, non-empty) text cell `c`; NULL when the cast fails.
    Booleans: the cells written `true`/`false` (the writer's spelling) or empty are settled first,
    the other spellings then, before lower-casing (on 100k households ~0.04 s less than one chain)."""
    typ, _ = column_type(name)
    if typ == BOOLEAN:
        return (f"CASE WHEN {c} = 'true' THEN TRUE WHEN {c} = 'false' THEN FALSE WHEN {c} IS NULL THEN NULL "
                f"WHEN {c} IN ('1', 'yes') THEN TRUE WHEN {c} IN ('0', 'no') THEN FALSE "
                f"WHEN lower({c}) IN ('true', 'yes') THEN TRUE WHEN lower({c}) IN ('false', 'no') THEN FALSE END")
    if typ == MONEY:   # read as narrow as the input limit allows (8 bytes, not DECIMAL's 16): cheaper to
        # cast, store and group; the input tables' DECIMAL columns widen it exactly
        return f"TRY_CAST({c} AS {INPUT_DECIMAL})"
    if typ == INTEGER:
        return f"TRY_CAST({c} AS INTEGER)"
    if typ == DATE:
        return f"TRY_CAST({c} AS DATE)"
    if typ == CODES:
        return (f"CASE WHEN {c} = 'none' THEN CAST([] AS VARCHAR[]) "
                f"ELSE list_sort(list_distinct(string_split(replace({c}, ' ', ''), ';'))) END")
    return c


def _bad_sql(name: str, c: str, v: str) -> str:
    """SQL true when the non-empty text cell `c` (typed `v`) is malformed.

    A number or a date is checked against the format's pattern, which a lenient cast would let
    through (`1e5`, `1.23456`, `+5`, `2025/6/1`), and its cast must succeed (`2025-02-30`); a text
    matching the pattern always casts exactly, so no value is ever read back as text (casting a
    DECIMAL to VARCHAR per cell cost more than every regular expression of the file together)."""
    typ, codes = column_type(name)
    if typ == BOOLEAN:
        return f"{v} IS NULL"
    if typ == CODE:
        return f"{c} NOT IN ({', '.join(sql_str(x) for x in codes)})"
    if typ == CODES:
        return f"NOT list_has_all([{', '.join(sql_str(x) for x in codes)}], {v})"
    if typ in PATTERNS:
        # the shapes' ranges too (kb.core.facts.INTEGER_RANGES, MONEY_RANGE), as the RDF reader checks them
        out = f"{v} IS NULL OR NOT regexp_full_match({c}, '{PATTERNS[typ]}')"
        if typ == MONEY:
            out += f" OR {v} < {MONEY_RANGE[0]}"
        elif typ == INTEGER and name in INTEGER_RANGES:
            out += f" OR {v} < {INTEGER_RANGES[name][0]} OR {v} > {INTEGER_RANGES[name][1]}"
        return out
    return "FALSE"


def _checked_columns() -> list[tuple[str, str]]:
    """(column, its `_bad_sql` over the cell and its typed value) for every column with a format."""
    out = []
    for name in ACCEPTED_COLUMNS:
        bad = _bad_sql(name, f'"{name}"', f'"v_{name}"')
        if bad != "FALSE":
            out.append((name, bad))
    return out


def _typed_rows(path: Path, cols: list[str], i: int, numbered: bool, trim: set[str] | None = None) -> str:
    """SELECT of one file's rows, typed (`kb.batch.tables` columns by their input names), with
    `_file` = i and `_ok`: no cell malformed; `numbered`: also `_line` and `_bad`, the malformed
    cells as `name=text (expected …)` (the error report reads only the rows it names). The cells
    of the columns `trim` (default all) are trimmed (`padded_columns`: the others never begin or
    end with a space)."""
    typed = ", ".join(f'{_convert_sql(c, chr(34) + c + chr(34))} AS "v_{c}"' for c in ACCEPTED_COLUMNS)
    values = ", ".join(f'"v_{c}" AS "{c}"' for c in ACCEPTED_COLUMNS)
    checks = _checked_columns()
    ok = " AND ".join(f'("{name}" IS NULL OR ({bad}) IS NOT TRUE)' for name, bad in checks) or "TRUE"
    extra = ""
    if numbered:
        shown = [(name, f"left(\"{name}\", 40) || CASE WHEN length(\"{name}\") > 40 THEN '…' ELSE '' END")
                 for name, _ in checks]
        bad = ", ".join(f"CASE WHEN \"{name}\" IS NOT NULL AND ({b}) THEN '{name}=' || {sh} || "
                        f"{sql_str(' (expected ' + expected(name) + ')')} END"
                        for (name, b), (_, sh) in zip(checks, shown))
        extra = f", _line, concat_ws(', ', {bad}) AS _bad"
    trim = set(cols) if trim is None else trim

    def cell(c: str) -> str:
        if c not in cols:
            return "CAST(NULL AS VARCHAR)"
        return f"NULLIF(trim(\"{c}\"), '')" if c in trim else f"NULLIF(\"{c}\", '')"
    cells = ", ".join(f'{cell(c)} AS "{c}"' for c in ACCEPTED_COLUMNS)
    line = ", _line" if numbered else ""
    return (f"SELECT {values}, {i} AS _file, {ok} AS _ok{extra} FROM "
            f"(SELECT *, {typed} FROM (SELECT {cells}{line} FROM {relation(path, cols, numbered)}))")


def checked_header(path: Path) -> list[str]:
    """The file's header, refused when it names an unknown column or lacks a required one (the
    SQL loader's and the Python reader's, kb.batch.python_reader, one check)."""
    try:
        cols = header(path)
    except SourceError as err:
        raise ScreenError(str(err)) from None
    unknown = [c for c in cols if c not in ACCEPTED_COLUMNS]
    if unknown:
        raise ScreenError(f"{path}:1: unknown column(s) {', '.join(unknown[:10])}; expected columns of "
                          f"`binggui screen --help`")
    for required in ("household_id", "assessment_date", "person_id"):
        if required not in cols:
            raise ScreenError(f"{path}:1: missing column {required!r}")
    return cols


def load_csv(con, paths: list[Path], jurisdiction: str | None, rulebase: RuleBase,
             read_once_up_to: int | None = None) -> int:
    """Reads CSV and Parquet files into the input tables (kb.batch.tables); returns the number of
    households. With `read_once_up_to` (the caller's promise that one query will read the input
    tables, as a plain `binggui screen` of one chunk does), up to that many households of one
    jurisdiction get the input tables as views over the checked rows (`_build_tables`).

    One pass over each file: DuckDB reads the cells as text (so a ragged row or a bad byte is
    reported with its line), casts each to its type and notes whether any cell is malformed
    (`_bad_sql`), into bg_raw in file order (its row ids number the lines); only when some are,
    the files are read again for the first malformed rows' messages. Households are then grouped
    from the typed rows."""
    import duckdb
    create_input_tables(con)
    paths = [Path(p) for p in paths]
    files = [(path, cols, padded_columns(path, cols)) for path, cols in ((p, checked_header(p)) for p in paths)]
    starts = []              # bg_raw's first row id of each file
    rows = 0
    for i, (path, cols, trim) in enumerate(files):
        starts.append(rows)
        into = "CREATE OR REPLACE TEMP TABLE bg_raw AS " if i == 0 else "INSERT INTO bg_raw "
        try:
            con.execute(into + _typed_rows(path, cols, i, numbered=False, trim=trim))
        except duckdb.Error as err:
            raise ScreenError(explain_error(err, paths)) from None
        rows = con.execute("SELECT count(*) FROM bg_raw").fetchone()[0]
    bad = con.execute("SELECT _file, rowid FROM bg_raw WHERE NOT _ok OR household_id IS NULL "
                      "ORDER BY rowid LIMIT 10").fetchall()
    if bad:
        raise ScreenError(_malformed(con, files, [(f, rowid - starts[f] + 2) for f, rowid in bad]))
    if rows == 0:
        raise ScreenError(f"{', '.join(str(p) for p in paths)}: no rows after the header, so no households to screen")
    _group_households(con, jurisdiction)
    _validate_households(con, jurisdiction, rulebase, lambda f, rowid: f"{files[f][0]}:{rowid - starts[f] + 2}")
    return _build_tables(con, jurisdiction, read_once_up_to)


def _malformed(con, files: list[tuple[Path, list[str], set[str]]], where: list[tuple[int, int]]) -> str:
    """The report of the malformed rows `where` ((file index, line), in order): each row's bad
    cells, or its empty household_id; the files are read again, numbered, for these rows only."""
    text = {}
    for f in sorted({f for f, _ in where}):
        path, cols, trim = files[f]
        lines = ", ".join(str(line) for g, line in where if g == f)
        rows = _typed_rows(path, cols, f, numbered=True, trim=trim)
        for line, cells in con.execute(f"SELECT _line, _bad FROM ({rows}) WHERE _line IN ({lines})").fetchall():
            text[f, line] = cells
    return "\n".join(f"{files[f][0]}:{line}: " + (f"malformed value(s): {text[f, line]}" if text.get((f, line))
                                                  else "empty household_id") for f, line in where)


_ROW_GROUP = 122_880    # DuckDB's rows per row group, its unit of parallel work

# each household's first and last person row and its number of persons: their rows are adjacent
# (the usual layout) when last - first + 1 = persons, and a person's place is then its row id - first;
# and how many are the applicant (more than one is refused)
_PERSON_ROWS = ("min(rowid) FILTER (WHERE person_id IS NOT NULL) AS _p_first, "
                "max(rowid) FILTER (WHERE person_id IS NOT NULL) AS _p_last, count(person_id) AS _persons, "
                "count(*) FILTER (WHERE relation_to_applicant = 'applicant') AS _applicants")


def _group_households(con, jurisdiction: str | None) -> None:
    """bg_hraw: one row per household (its household columns, first position, whether it spans
    files) and its number `hid`, in the order of the input tables (by jurisdiction screened, then
    first row); bg_hconflicts: the households whose rows disagree on household columns, and on which.

    Rows can disagree only in a household giving its columns on several rows. Where they are on
    each household's first row only (most rows give none), the rows are compared, min against
    max, only for the households that give them more than once, after grouping (on 100k
    households 0.23 s instead of 0.33 s), and when none does, the columns are not aggregated at
    all (`_households_from_giving_rows`); where they are repeated, in the grouping itself."""
    hcols = [c for c in HOUSEHOLD_COLUMNS if c != "household_id"]
    agg = ", ".join(f'max("{c}") AS "{c}"' for c in hcols)
    conflicts = "concat_ws(', ', " + ", ".join(f"CASE WHEN min(\"{c}\") <> max(\"{c}\") THEN '{c}' END"
                                               for c in hcols) + ")"
    gives = " OR ".join(f'"{c}" IS NOT NULL' for c in hcols)
    giving, rows = con.execute(f"SELECT count(*) FILTER (WHERE {gives}), count(*) FROM bg_raw").fetchone()
    repeated = giving * 2 >= rows
    eval_j = sql_str(jurisdiction) if jurisdiction else "jurisdiction"
    if repeated or not _households_from_giving_rows(con, hcols, gives, jurisdiction):
        con.execute(f"CREATE OR REPLACE TEMP TABLE bg_hraw AS SELECT *, row_number() OVER (ORDER BY {eval_j}, _first) "
                    f"- 1 AS hid FROM (SELECT household_id, {agg}, min(rowid) AS _first, "
                    + (f"{conflicts} AS _conflicts, " if repeated else f"count(*) FILTER (WHERE {gives}) AS _hrows, ")
                    + "min(_file) <> max(_file) AS _files, " + _PERSON_ROWS + " FROM bg_raw GROUP BY household_id)")
    found = ("SELECT household_id, _conflicts FROM bg_hraw" if repeated else
             f"SELECT household_id, {conflicts} AS _conflicts FROM bg_raw WHERE ({gives}) AND household_id IN "
             f"(SELECT household_id FROM bg_hraw WHERE _hrows > 1) GROUP BY household_id")
    con.execute(f"CREATE OR REPLACE TEMP TABLE bg_hconflicts AS SELECT * FROM ({found}) WHERE _conflicts <> ''")


def _households_from_giving_rows(con, hcols: list[str], gives: str, jurisdiction: str | None) -> bool:
    """bg_hraw as `_group_households` makes it, when no household gives its columns on more than
    one row (the writer's layout; returns False otherwise, bg_hraw not made): the households are
    grouped and numbered on their row ids only, and their columns fetched from the row giving them,
    not aggregated over every row (on 100k households ~0.05 s less)."""
    j = "NULL" if jurisdiction else "max(jurisdiction)"
    con.execute(f"CREATE OR REPLACE TEMP TABLE bg_hkeys AS SELECT household_id, min(rowid) AS _first, "
                f"min(rowid) FILTER (WHERE {gives}) AS _give, count(*) FILTER (WHERE {gives}) AS _hrows, "
                f"min(_file) <> max(_file) AS _files, {_PERSON_ROWS}, {j} AS _j, "
                f"row_number() OVER (ORDER BY {j}, min(rowid)) - 1 AS hid FROM bg_raw GROUP BY household_id")
    once, in_file_order = con.execute(f"SELECT max(_hrows) <= 1, bool_and(_give IS NOT DISTINCT FROM _first) AND "
                                      f"count(DISTINCT _j) <= 1 AND count(*) <= {_ROW_GROUP} FROM bg_hkeys").fetchone()
    cols = ", ".join(f'r."{c}"' for c in hcols)
    if once and in_file_order:
        # every household numbered in file order and giving its columns on its first row: the
        # giving rows, in file order, are the households in hid order, side by side with their
        # keys (no sort of the wide rows: on 100k households 0.04 s less), as checked: each row
        # beside its own keys, and the table in hid order. A positional join runs on one thread:
        # for more households than one row group, the join and sort on every thread are quicker
        con.execute(f"CREATE OR REPLACE TEMP TABLE bg_hraw AS SELECT k.*, {cols}, r.rowid AS _row FROM "
                    f"(SELECT * FROM bg_hkeys ORDER BY hid) k "
                    f"POSITIONAL JOIN (SELECT rowid, * FROM bg_raw WHERE {gives}) r")
        in_file_order = con.execute("SELECT count(*) FILTER (WHERE _row IS DISTINCT FROM _give OR hid <> rowid) = 0 "
                                    "FROM bg_hraw").fetchone()[0]
    if once and not in_file_order:
        con.execute(f"CREATE OR REPLACE TEMP TABLE bg_hraw AS SELECT k.*, {cols} FROM bg_hkeys k "
                    f"LEFT JOIN bg_raw r ON r.rowid = k._give ORDER BY k.hid")
    con.execute("DROP TABLE bg_hkeys")
    return bool(once)


def _age_sql(birth: str = 'r."birth_date"', on: str = "m.assessment_date") -> str:
    """Whole years from `birth` to `on`, as kb.core.facts.age_on counts them, in SQL."""
    return (f"CAST(year({on}) - year({birth}) - CASE WHEN month({on}) < month({birth}) OR "
            f"(month({on}) = month({birth}) AND day({on}) < day({birth})) THEN 1 ELSE 0 END AS INTEGER)")


def _validate_households(con, jurisdiction: str | None, rulebase: RuleBase, line_of) -> None:
    """Refuses what no single cell shows (up to 10 problems): a household's rows that disagree,
    span files or lack an assessment date, an unknown jurisdiction, a person listed twice, an age
    its birth date contradicts (`line_of(file, rowid)` names that row's file:line)."""
    problems = []
    late = " OR ".join(f"{c} > assessment_date" for c in EVENT_COLUMNS)
    for hid, cols, when, files, applicants, *events in con.execute(
            "SELECT household_id, COALESCE(c._conflicts, ''), assessment_date IS NULL, _files, _applicants, "
            f"assessment_date, {', '.join(EVENT_COLUMNS)} FROM bg_hraw h "
            "LEFT JOIN bg_hconflicts c USING (household_id) WHERE c._conflicts IS NOT NULL OR assessment_date IS NULL "
            f"OR _files OR _applicants > 1 OR {late} ORDER BY _first LIMIT 10").fetchall():
        if files:
            problems.append(f"household {hid}: appears in more than one input file")
            continue
        if cols:
            problems.append(f"household {hid}: rows disagree on {cols}")
        if when:
            problems.append(f"household {hid}: no assessment_date")
        if applicants > 1:
            problems.append(several_applicants(hid, applicants))
        assessed = events[0]
        for column, value in zip(EVENT_COLUMNS, events[1:]):
            if value is not None and assessed is not None and value > assessed:
                problems.append(after_assessment(hid, column, value, assessed))
    known = sorted(rulebase.jurisdictions)
    if jurisdiction is None:
        for hid, jid in con.execute("SELECT household_id, jurisdiction FROM bg_hraw "
                                    "WHERE jurisdiction IS NULL OR jurisdiction NOT IN (SELECT unnest(?)) "
                                    "ORDER BY _first LIMIT 10", [known]).fetchall():
            problems.append(f"household {hid}: " + (f"unknown jurisdiction {jid!r}; known: {', '.join(known)}"
                                                    if jid else "no jurisdiction (give --jurisdiction)"))
    # a person listed twice has rows of equal (household, person) hashes, so the ids themselves are
    # grouped only when some hash comes twice (on 1M households 0.24 s instead of 1.1 s)
    if con.execute("SELECT 1 FROM bg_raw WHERE person_id IS NOT NULL GROUP BY hash(household_id, person_id) "
                   "HAVING count(*) > 1 LIMIT 1").fetchone():
        for hid, pid in con.execute("SELECT household_id, person_id FROM bg_raw WHERE person_id IS NOT NULL GROUP BY "
                                    "household_id, person_id HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 10").fetchall():
            problems.append(f"household {hid}: person {pid} is listed twice")
    # a birth date: a given age is held to it (the format takes either; both, disagreeing, is a
    # slip, and which one decides an age threshold), else the age it gives to the age's range
    # (born after the assessment date, or in 1800), as the RDF reader judges them (ingest.extract)
    if con.execute("SELECT 1 FROM bg_raw WHERE birth_date IS NOT NULL LIMIT 1").fetchone():
        low, high = INTEGER_RANGES["age"]
        for f, rowid, hid, pid, age, birth, when, computed in con.execute(
                f"SELECT * FROM (SELECT r._file, r.rowid AS row, household_id, r.person_id, r.age, r.birth_date, "
                f"m.assessment_date, {_age_sql()} AS computed FROM bg_raw r JOIN bg_hraw m USING (household_id) "
                f"WHERE r.person_id IS NOT NULL AND r.birth_date IS NOT NULL AND m.assessment_date IS NOT NULL) "
                f"WHERE CASE WHEN age IS NULL THEN computed < {low} OR computed > {high} ELSE age <> computed END "
                f"ORDER BY row LIMIT 10").fetchall():
            problem = (age_out_of_range(hid, pid, birth, when, computed) if age is None
                       else age_disagrees(hid, pid, age, birth, when, computed))
            problems.append(f"{line_of(f, rowid)}: {problem}")
    if problems:
        raise ScreenError("\n".join(problems))


# the dates of past events that the rules count months back from the assessment date
EVENT_COLUMNS = ("denied_dibao_on", "exited_on")


def after_assessment(hid: str, column: str, value, when) -> str:
    """The refusal of an event dated after the assessment date (this loader's and the Python
    reader's one text): the facts are those on the assessment date, and a negative number of
    months since a 低保 refusal would read as "within two years"."""
    return (f"household {hid}: {column} {value} is after the assessment date {when}; give the facts as they "
            f"stood on the assessment date")


def several_applicants(hid: str, n: int) -> str:
    """The refusal of a household listing more than one applicant (this loader's and the Python
    reader's one text): a household applies once, and its members' relations are to that one."""
    return (f"household {hid}: {n} persons have relation_to_applicant=applicant; one person is the applicant, "
            f"the others are related to them")


def age_out_of_range(hid: str, pid: str, birth, when, computed: int) -> str:
    """The refusal of a birth date whose age at the assessment date is outside the age's range
    (this loader's and the Python reader's one text; the RDF reader refuses it alike)."""
    low, high = INTEGER_RANGES["age"]
    return (f"household {hid}: person {pid}: birth_date {birth} gives an age of {computed} at the assessment "
            f"date {when}, outside {low} to {high}")


def age_disagrees(hid: str, pid: str, age: int, birth, when, computed: int) -> str:
    """The refusal of a person whose age and birth date disagree (this loader's and the Python
    reader's, kb.batch.python_reader, one text)."""
    return (f"household {hid}: person {pid}: age {age} disagrees with birth_date {birth} (age {computed} at the "
            f"assessment date {when}); give one of them, or correct it")


def _build_tables(con, jurisdiction: str | None, read_once_up_to: int | None = None) -> int:
    """The input tables from the checked rows (bg_raw) and households (bg_hraw).

    When one query reads them (`read_once_up_to`) and the households fit in it, they are views
    over those rows instead, evaluated by that query: storing the rows only for one reading cost
    more than reading them in place (on 100k households ~0.07 s of 1.3). Everything before this
    (checks, grouping, conflicts) is the same either way, and the views give the tables' types."""
    eval_j = sql_str(jurisdiction) if jurisdiction else "jurisdiction"
    facts = ", ".join(f'"{s.name}"' for s in INPUT_FACTS.values() if s.level == HOUSEHOLD)
    known = " OR ".join(f'"income_{t}" IS NOT NULL' for t in INCOME_TYPES)
    # bg_hraw is in hid order (its window sorted it), so bg_households is too
    households = (f"SELECT hid, household_id, jurisdiction, {eval_j}, assessment_date, {facts}, ({known}) "
                  f"FROM bg_hraw")
    incomes = " UNION ALL ".join(
        f"SELECT hid, '{t}', \"income_{t}\" FROM bg_hraw WHERE \"income_{t}\" IS NOT NULL" for t in INCOME_TYPES)
    pfacts = []
    for spec in INPUT_FACTS.values():
        if spec.level != PERSON:
            continue
        conv = f'r."{spec.name}"'
        if spec.name == "age":
            conv = f"COALESCE({conv}, {_age_sql()})"
        pfacts.append(conv)
    adjacent, n, jurisdictions = con.execute(
        f"SELECT bool_and(_persons = 0 OR _p_last - _p_first + 1 = _persons), count(*), count(DISTINCT {eval_j}) "
        "FROM bg_hraw").fetchone()
    # a person's place in its household: counted from the household's first person row when the
    # persons' rows are adjacent (no window: on 100k households 0.07 s less), else numbered in order
    place = ("r.rowid - m._p_first + 1" if adjacent else "row_number() OVER (PARTITION BY m.hid ORDER BY r.rowid)")
    members = (f"SELECT m.hid, CAST({place} AS INTEGER), r.person_id, {', '.join(pfacts)} "
               f"FROM bg_raw r JOIN bg_hraw m USING (household_id) WHERE r.person_id IS NOT NULL")
    selects = {"bg_households": households, "bg_income": incomes, "bg_members": members}
    if read_once_up_to is not None and n <= read_once_up_to and jurisdictions <= 1:
        for name, select in selects.items():
            con.execute(f"DROP TABLE {name}")
            con.execute(f"CREATE TEMP VIEW {name} AS {_typed_as(name, select)}")
        con.execute("DROP TABLE bg_hconflicts")
        return n
    for name, select in selects.items():
        con.execute(f"INSERT INTO {name} {select}")
    for t in ("bg_raw", "bg_hraw", "bg_hconflicts"):
        con.execute(f"DROP TABLE {t}")
    return n


def _typed_as(table: str, select: str) -> str:
    """`select` with its columns named and typed as the input table `table`'s (what an INSERT into
    the table would make of them)."""
    cols = INPUT_TABLES[table]
    names = [f"c{i}" for i in range(len(cols))]
    typed = ", ".join(f"CAST({c} AS {t}) AS {name}" for c, (name, t) in zip(names, cols.items()))
    return f"SELECT {typed} FROM ({select}) AS s({', '.join(names)})"


def load_households(con, households, jurisdiction: str | None, rulebase: RuleBase) -> int:
    """Loads kb.core.facts.Household objects (e.g. from RDF) through the CSV format, the one loader."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "households.csv"
        write_csv(households, path)
        return load_csv(con, [path], jurisdiction, rulebase)


def load_inputs(con, paths: list[Path], households: list[Household], jurisdiction: str | None,
                rulebase: RuleBase, read_once_up_to: int | None = None) -> int:
    """CSV files are read by DuckDB; households already read (from RDF, by the caller) are written
    in the CSV format first, so there is one loader (`read_once_up_to`: as `load_csv`)."""
    if not households:
        return load_csv(con, paths, jurisdiction, rulebase, read_once_up_to)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rdf.csv"
        write_csv(households, path)
        return load_csv(con, list(paths) + [path], jurisdiction, rulebase, read_once_up_to)
