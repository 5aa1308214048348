"""Decide many households at once with the SQL batch path (kb/batch/sql.py, DuckDB): `binggui screen`.

    binggui screen households.csv --jurisdiction ID --out results.parquet
    binggui screen households.csv --set ID.dibao_standard=9000 --out whatif.csv
    binggui screen households.csv --set ID.dibao_standard=+5% --changes changed.csv
    binggui screen households.csv --explain urn:gen:ID:1:17      # the engine's full answer

Input: CSV files (format below), Parquet files with the same columns (any column types), and RDF
files (`.ttl` Turtle, `.jsonld` JSON-LD), any number, mixed; a household given twice (e.g. as
both .ttl and .jsonld) is refused, naming both files. Each household is screened under
`--jurisdiction` if given, else under its own `jurisdiction` column / `bg:jurisdiction`.

Output (`--out`, `.parquet` or `.csv`): one row per household (grouped by jurisdiction, in input
order within each); see kb/batch/sql.py
for the columns (status, deciding rule ids, subtypes, members per category; benefit status and
value). In Parquet the id lists are lists; in CSV they are ';'-joined. With `--set` /
`--params`, the output holds the what-if results, plus `<category>_baseline` (the status under
the rule base's own parameters), `changed` and `changes` (e.g. "dibao: ineligible -> eligible");
the summary (stderr) counts each category's
statuses before and after and every transition, and `--changes FILE` writes only the
households that changed.

`--members FILE` also writes one row per counted member: household_id, person_id, jurisdiction,
the member's status in every category (a family category covers every member, or only the
member a `cat(P) :- …` rule is written for, such as 大冶's 单人户) and, for each benefit given to
persons, `benefit_<id>` and `benefit_<id>_value` (resolved for that person).

On Spark: `--engine spark [--master local[2] | spark://host:7077]` runs the same program on
Apache Spark (kb/batch/spark.py; `pip install 'binggui[spark]'`, Java 17); `--prepare DIR`
writes the checked input as the Parquet layout Spark reads, and such a DIR is accepted as input.

Exit codes: 0 screened; 1 the knowledge base does not compile; 2 bad input or arguments (one
line per problem, naming file and line); 3 --engine spark without pyspark or Java.

Explanations stay with the engine: `--explain ID` decides that one household with
`kb.engine.decide` (with any `--set` applied) and prints its full answer as JSON.

CSV input format (UTF-8, header row, comma-separated; one row per listed person):

    household_id, jurisdiction, assessment_date, residence, rigid_expenditure, financial_assets,
    formerly_poor, problem, sudden_shock, natural_disaster, housing_grade, denied_dibao_on, exited_on,
    income_wage, income_business, income_agriculture, income_property, income_transfer,
    income_basic_pension, income_support_payment, income_other,
    person_id, age, birth_date, work_ability, disability_grade, serious_illness,
    has_capable_supporter, livelihood_source, relation_to_applicant, full_time_student,
    study_level, married, cohabiting, has_legal_support_duty, unable_to_live_independently

- Rows with the same `household_id` are one household (ids are unique across all inputs); its
  persons keep their row order. Household columns may be repeated on every row or given on
  one row only (empty elsewhere); two different non-empty values are an error.
- Required: `household_id`, `assessment_date` (YYYY-MM-DD), `person_id` (a row with an empty
  `person_id` only carries household columns), and `jurisdiction` unless `--jurisdiction`.
  Every other column is optional, and so is every cell: an empty cell is *unknown*, never
  false (docs/vocabulary.md), except `disability_grade`, whose absence means no disability.
- Yes/no: `true`/`false` (also `1`/`0`, `yes`/`no`). Codes as in docs/vocabulary.md. `problem`: codes
  joined by `;`, or `none` for a household stated to have none. Money in yuan as a plain
  decimal with at most four decimal places (`25197`, `8400.50`). `age` is whole years; if it is
  empty and `birth_date` is given, the age in completed years at the assessment date is used.
- Income: `income_<type>` is the total of that type over the last 12 months. A household's
  income is unknown when all its `income_*` cells are empty; write `0` in one of them for a
  household known to have no income.
- Columns not listed above are an error (a misspelt column would otherwise read as unknown).
"""
from __future__ import annotations

import csv
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, INCOME_TYPES, INPUT_FACTS, INTEGER, MONEY, HOUSEHOLD, PERSON,
                    Household, IncomeItem, Person)
from kb.batch.columns import CSV_COLUMNS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, write_csv
from kb.core.model import RuleBase
from kb.batch.sources import SourceError, explain_error, header, relation
from kb.batch.sql import (DECIMAL, MONEY_DIGITS, SCALE, SqlProgram, create_input_tables, create_params_table, result_columns_of,
                          sql_str)

ACCEPTED_COLUMNS = CSV_COLUMNS + ["birth_date"]
RDF_SUFFIXES = {".ttl": "text/turtle", ".turtle": "text/turtle", ".jsonld": "application/ld+json",
                ".json": "application/ld+json"}
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
DEFAULT_CHUNK = 100_000


class ScreenError(Exception):
    """Input that cannot be screened; the message names the file, row and column."""


# --- progress ----------------------------------------------------------------------------------

class Progress:
    """A plain stderr progress bar (households done / total)."""

    def __init__(self, total: int, label: str = "screening", stream=None, enabled: bool = True):
        self.total = max(total, 1)
        self.done = 0
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.start = time.perf_counter()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1

    def update(self, n: int) -> None:
        self.set(self.done + n)

    def set(self, done: int) -> None:
        self.done = min(self.total, max(self.done, done))
        self._draw()

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        frac = self.done / self.total
        elapsed = time.perf_counter() - self.start
        bar = "#" * int(frac * 30)
        text = f"{self.label} [{bar:<30}] {frac:4.0%} {self.done:,}/{self.total:,} households {elapsed:6.1f}s"
        if self.tty:
            self.stream.write("\r" + text + ("\n" if final else ""))
            self.stream.flush()
        else:
            decile = int(frac * 10)
            if decile != self._last_decile or final:
                self._last_decile = decile
                self.stream.write(text + "\n")

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


# --- loading CSV -------------------------------------------------------------------------------

def _bool_sql(col: str) -> str:
    return (f"CASE WHEN lower(trim({col})) IN ('true', '1', 'yes') THEN TRUE "
            f"WHEN lower(trim({col})) IN ('false', '0', 'no') THEN FALSE END")


EXPECTED = {BOOLEAN: "true or false", CODE: "one of the codes of `binggui screen --help`",
            CODES: "codes joined by ';', or none",
            MONEY: f"yuan as a plain decimal below 10^{MONEY_DIGITS} with at most {SCALE} decimals",
            INTEGER: "a whole number", DATE: "a date YYYY-MM-DD", "text": "text"}


def _check_sql(name: str, typ: str, codes: tuple[str, ...]) -> str:
    """SQL true when a non-empty cell of column `name` is malformed."""
    c = f'"{name}"'
    if typ == BOOLEAN:
        return f"lower(trim({c})) NOT IN ('true', 'false', '1', '0', 'yes', 'no')"
    if typ == CODE:
        return f"{c} NOT IN ({', '.join(sql_str(x) for x in codes)})"
    if typ == CODES:
        allowed = ", ".join(sql_str(x) for x in codes)
        return (f"NOT (trim({c}) = 'none' OR list_has_all([{allowed}], "
                f"string_split(replace({c}, ' ', ''), ';')))")
    if typ == MONEY:
        return f"NOT regexp_full_match(trim({c}), '-?[0-9]{{1,{MONEY_DIGITS}}}(\\.[0-9]{{1,{SCALE}}})?')"
    if typ == INTEGER:
        return f"NOT regexp_full_match(trim({c}), '-?[0-9]{{1,9}}')"
    if typ == DATE:
        return f"(NOT regexp_full_match(trim({c}), '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') OR TRY_CAST(trim({c}) AS DATE) IS NULL)"
    return "FALSE"


def _column_type(name: str) -> tuple[str, tuple[str, ...]]:
    if name in INPUT_FACTS:
        spec = INPUT_FACTS[name]
        return spec.type, spec.codes
    if name.startswith("income_"):
        return MONEY, ()
    if name in ("assessment_date", "birth_date"):
        return DATE, ()
    return "text", ()


def _convert_sql(name: str, col: str | None = None) -> str:
    """The typed value of a cell (NULL when empty; NULL when malformed, which is reported apart)."""
    typ, _ = _column_type(name)
    c = col or f'"{name}"'
    if typ == BOOLEAN:
        return _bool_sql(c)
    if typ == MONEY:
        return f"TRY_CAST({c} AS {DECIMAL})"
    if typ == INTEGER:
        return f"TRY_CAST({c} AS INTEGER)"
    if typ == DATE:
        return f"TRY_CAST({c} AS DATE)"
    if typ == CODES:
        return (f"CASE WHEN {c} IS NULL THEN NULL WHEN {c} = 'none' THEN CAST([] AS VARCHAR[]) "
                f"ELSE list_sort(list_distinct(string_split(replace({c}, ' ', ''), ';'))) END")
    return c


def load_csv(con, paths: list[Path], jurisdiction: str | None, rulebase: RuleBase) -> int:
    """Reads CSV files into the input tables (kb/batch/sql.py); returns the number of households.

    One pass over each file converts every cell to its type and notes the malformed ones
    (`_bad`); households are then grouped from the typed rows."""
    create_input_tables(con)
    checks = []
    for name in ACCEPTED_COLUMNS:
        typ, codes = _column_type(name)
        bad = _check_sql(name, typ, codes)
        if bad != "FALSE":
            shown = f"left(\"{name}\", 40) || CASE WHEN length(\"{name}\") > 40 THEN '…' ELSE '' END"
            checks.append(f"CASE WHEN \"{name}\" IS NOT NULL AND ({bad}) THEN '{name}=' || {shown} || "
                          f"{sql_str(' (expected ' + EXPECTED[typ] + ')')} END")
    typed = ", ".join(f'{_convert_sql(c)} AS "{c}"' for c in ACCEPTED_COLUMNS)
    parts = []
    for i, path in enumerate(paths):
        path = Path(path)
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
        cells = ", ".join((f'NULLIF(trim("{c}"), \'\') AS "{c}"' if c in cols else f'CAST(NULL AS VARCHAR) AS "{c}"')
                          for c in ACCEPTED_COLUMNS)
        parts.append(f"SELECT {typed}, {i} AS _file, _line, concat_ws(', ', {', '.join(checks)}) AS _bad FROM "
                     f"(SELECT {cells}, _line FROM {relation(path, cols)})")
    import duckdb
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE bg_raw AS " + " UNION ALL ".join(parts))
    except duckdb.Error as err:
        raise ScreenError(explain_error(err, [Path(p) for p in paths])) from None
    names = [str(p) for p in paths]
    rows = con.execute("SELECT _file, _line, _bad FROM bg_raw WHERE _bad <> '' OR household_id IS NULL "
                       "ORDER BY _file, _line LIMIT 10").fetchall()
    if rows:
        raise ScreenError("\n".join(f"{names[f]}:{line}: " + (f"malformed value(s): {bad}" if bad else "empty household_id")
                                    for f, line, bad in rows))
    if con.execute("SELECT count(*) FROM bg_raw").fetchone()[0] == 0:
        raise ScreenError(f"{', '.join(names)}: no rows after the header, so no households to screen")
    _group_households(con, jurisdiction)
    _validate_households(con, jurisdiction, rulebase)
    return _build_tables(con, jurisdiction)


def _group_households(con, jurisdiction: str | None) -> None:
    """bg_hraw: one row per household (its household columns, first position, conflicts)."""
    hcols = [c for c in HOUSEHOLD_COLUMNS if c != "household_id"]
    agg = ", ".join(f'max("{c}") AS "{c}"' for c in hcols)
    conflicts = ", ".join(f"CASE WHEN min(\"{c}\") <> max(\"{c}\") THEN '{c}' END" for c in hcols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE bg_hraw AS SELECT household_id, {agg}, "
                f"min(_file * 10000000000 + _line) AS _first, concat_ws(', ', {conflicts}) AS _conflicts, "
                f"min(_file) <> max(_file) AS _files "
                f"FROM bg_raw GROUP BY household_id")


def _validate_households(con, jurisdiction: str | None, rulebase: RuleBase) -> None:
    problems = []
    for hid, cols, when, files in con.execute(
            "SELECT household_id, _conflicts, assessment_date IS NULL, _files FROM bg_hraw "
            "WHERE _conflicts <> '' OR assessment_date IS NULL OR _files ORDER BY _first LIMIT 10").fetchall():
        if files:
            problems.append(f"household {hid}: appears in more than one input file")
            continue
        if cols:
            problems.append(f"household {hid}: rows disagree on {cols}")
        if when:
            problems.append(f"household {hid}: no assessment_date")
    known = sorted(rulebase.jurisdictions)
    if jurisdiction is None:
        for hid, jid in con.execute("SELECT household_id, jurisdiction FROM bg_hraw "
                                    "WHERE jurisdiction IS NULL OR jurisdiction NOT IN (SELECT unnest(?)) "
                                    "ORDER BY _first LIMIT 10", [known]).fetchall():
            problems.append(f"household {hid}: " + (f"unknown jurisdiction {jid!r}; known: {', '.join(known)}"
                                                    if jid else "no jurisdiction (give --jurisdiction)"))
    for hid, pid in con.execute("SELECT household_id, person_id FROM bg_raw WHERE person_id IS NOT NULL "
                                "GROUP BY household_id, person_id HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 10").fetchall():
        problems.append(f"household {hid}: person {pid} is listed twice")
    if problems:
        raise ScreenError("\n".join(problems))


def _build_tables(con, jurisdiction: str | None) -> int:
    eval_j = sql_str(jurisdiction) if jurisdiction else "jurisdiction"
    facts = ", ".join(f'"{s.name}"' for s in INPUT_FACTS.values() if s.level == HOUSEHOLD)
    known = " OR ".join(f'"income_{t}" IS NOT NULL' for t in INCOME_TYPES)
    con.execute(f"INSERT INTO bg_households SELECT row_number() OVER (ORDER BY {eval_j}, _first) - 1, household_id, "
                f"jurisdiction, {eval_j}, assessment_date, {facts}, ({known}) FROM bg_hraw")
    con.execute("CREATE OR REPLACE TEMP TABLE bg_hidmap AS SELECT hid, household_id, assessment_date FROM bg_households")
    incomes = " UNION ALL ".join(
        f"SELECT m.hid, '{t}', {_col('r', 'income_' + t)} FROM bg_hraw r JOIN bg_hidmap m USING (household_id) "
        f"WHERE {_col('r', 'income_' + t)} IS NOT NULL"
        for t in INCOME_TYPES)
    con.execute(f"INSERT INTO bg_income {incomes}")
    pfacts = []
    for spec in INPUT_FACTS.values():
        if spec.level != PERSON:
            continue
        conv = f'r."{spec.name}"'
        if spec.name == "age":
            b = 'r."birth_date"'
            a = "m.assessment_date"
            conv = (f"COALESCE({conv}, CAST(year({a}) - year({b}) - CASE WHEN month({a}) < month({b}) OR "
                    f"(month({a}) = month({b}) AND day({a}) < day({b})) THEN 1 ELSE 0 END AS INTEGER))")
        pfacts.append(conv)
    con.execute(f"INSERT INTO bg_members SELECT m.hid, CAST(row_number() OVER (PARTITION BY m.hid ORDER BY r._file, r._line) "
                f"AS INTEGER), r.person_id, {', '.join(pfacts)} FROM bg_raw r JOIN bg_hidmap m USING (household_id) "
                f"WHERE r.person_id IS NOT NULL")
    n = con.execute("SELECT count(*) FROM bg_households").fetchone()[0]
    for t in ("bg_raw", "bg_hraw", "bg_hidmap"):
        con.execute(f"DROP TABLE {t}")
    return n


def _col(alias: str, name: str) -> str:
    return f'{alias}."{name}"'


def load_households(con, households, jurisdiction: str | None, rulebase: RuleBase) -> int:
    """Loads kb.core.facts.Household objects (e.g. from RDF) through the CSV format, the one loader."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "households.csv"
        write_csv(households, path)
        return load_csv(con, [path], jurisdiction, rulebase)


def load_inputs(con, paths: list[Path], households: list[Household], jurisdiction: str | None,
                rulebase: RuleBase) -> int:
    """CSV files are read by DuckDB; households already read (from RDF, by the caller) are written
    in the CSV format first, so there is one loader."""
    if not households:
        return load_csv(con, paths, jurisdiction, rulebase)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rdf.csv"
        write_csv(households, path)
        return load_csv(con, list(paths) + [path], jurisdiction, rulebase)


# --- the same CSV, read in Python (for --explain and the tests) ----------------------------------

def _parse(name: str, text: str, where: str):
    typ, codes = _column_type(name)
    try:
        if typ == BOOLEAN:
            low = text.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError
        if typ == CODE:
            if text not in codes:
                raise ValueError
            return text
        if typ == CODES:
            if text == "none":
                return frozenset()
            values = frozenset(text.replace(" ", "").split(";"))
            if not values <= set(codes):
                raise ValueError
            return values
        if typ == MONEY:
            d = Decimal(text)
            if not d.is_finite() or d.as_tuple().exponent < -SCALE or d.adjusted() >= MONEY_DIGITS:
                raise ValueError
            return Fraction(d)
        if typ == INTEGER:
            return int(text)
        if typ == DATE:
            return date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        raise ScreenError(f"{where}: malformed value(s): {name}={text}") from None
    return text


def read_csv_households(paths: list[Path], jurisdiction: str | None = None) -> list[Household]:
    """The CSV input format read into kb.core.facts.Household objects, as the SQL loader reads it."""
    hh: dict[str, dict] = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            for line, row in enumerate(reader, start=2):
                where = f"{path}:{line}"
                row = {k: (v.strip() if v else "") for k, v in row.items()}
                hid = row.get("household_id", "")
                entry = hh.setdefault(hid, {"facts": {}, "members": []})
                for c in HOUSEHOLD_COLUMNS[1:]:
                    if row.get(c):
                        old = entry["facts"].get(c)
                        if old is not None and old != row[c]:
                            raise ScreenError(f"household {hid}: rows disagree on {c}")
                        entry["facts"][c] = row[c]
                if row.get("person_id"):
                    pf = {}
                    for c in PERSON_COLUMNS[1:] + ["birth_date"]:
                        if row.get(c):
                            pf[c] = _parse(c, row[c], where)
                    entry["members"].append((row["person_id"], pf))
    out = []
    for hid, entry in hh.items():
        raw = entry["facts"]
        when = date.fromisoformat(raw["assessment_date"])
        facts = {}
        for s in INPUT_FACTS.values():
            if s.level == HOUSEHOLD and s.name in raw:
                facts[s.name] = _parse(s.name, raw[s.name], f"household {hid}")
        income = None
        if any(f"income_{t}" in raw for t in INCOME_TYPES):
            income = tuple(IncomeItem(t, _parse(f"income_{t}", raw[f"income_{t}"], f"household {hid}"))
                           for t in INCOME_TYPES if f"income_{t}" in raw)
        members = []
        for pid, pf in entry["members"]:
            birth = pf.pop("birth_date", None)
            if "age" not in pf and birth is not None:
                pf["age"] = when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))
            members.append(Person(pid, pf))
        out.append(Household(hid, jurisdiction or raw.get("jurisdiction"), when, tuple(members), facts, income))
    return out


# --- screening ---------------------------------------------------------------------------------

@dataclass
class ScreenRun:
    households: int
    seconds: float
    by_jurisdiction: dict[str, int] = field(default_factory=dict)


def result_columns(rulebase: RuleBase, jids) -> dict[str, str]:
    return result_columns_of(rulebase, jids)


def screen_loaded(con, rulebase: RuleBase, results: str = "bg_results",
                  overrides: dict[str, dict[str, Fraction]] | None = None,
                  progress: Progress | None = None, chunk: int = DEFAULT_CHUNK,
                  programs: dict | None = None, members: str | None = None) -> ScreenRun:
    """Screens every loaded household into table `results` (replaced); with `members`, also the
    per-person rows (one per counted member, `SqlProgram.member_columns`) into that table."""
    start = time.perf_counter()
    spans = con.execute("SELECT eval_jurisdiction, min(hid), max(hid) + 1, count(*) FROM bg_households "
                        "GROUP BY 1 ORDER BY 2").fetchall()
    cols = result_columns(rulebase, [s[0] for s in spans])
    con.execute(f"CREATE OR REPLACE TABLE {results} ({', '.join(f'{n} {t}' for n, t in cols.items())})")
    if members:
        mcols: dict[str, str] = {}
        for jid in [s[0] for s in spans]:
            mcols.update(SqlProgram(rulebase.jurisdictions[jid]).member_columns())
        con.execute(f"CREATE OR REPLACE TABLE {members} ({', '.join(f'{n} {t}' for n, t in mcols.items())})")
    run = ScreenRun(0, 0.0)
    programs = programs if programs is not None else {}
    for jid, lo, hi, count in spans:
        j = rulebase.jurisdictions[jid]
        program = programs.get(jid) or programs.setdefault(jid, SqlProgram(j))
        dates = [r[0] for r in con.execute("SELECT DISTINCT assessment_date FROM bg_households WHERE hid >= ? AND hid < ?",
                                           [lo, hi]).fetchall()]
        ptable = f"bg_params_{jid}"
        create_params_table(con, ptable, j, dates, (overrides or {}).get(jid))
        for a in range(lo, hi, chunk):
            b = min(hi, a + chunk)
            _execute_with_progress(con, program.statement(a, b, ptable, results), progress, b - a)
            if members:
                con.execute(program.member_statement(a, b, ptable, members))
        run.by_jurisdiction[jid] = count
        run.households += count
    run.seconds = time.perf_counter() - start
    return run


def _execute_with_progress(con, sql: str, progress: Progress | None, households: int) -> None:
    """Runs one chunk; the bar follows DuckDB's own progress estimate of the running query."""
    if progress is None or not progress.enabled:
        con.execute(sql)
        return
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    base = progress.done
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.25):
            pct = con.query_progress()
            if pct > 0:
                progress.set(base + int(households * min(pct, 99.0) / 100))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        con.execute(sql)
    finally:
        stop.set()
        poller.join()
    progress.set(base + households)


def parse_overrides(items: list[str], rulebase: RuleBase) -> dict[str, dict[str, Fraction]]:
    """`jurisdiction.parameter=VALUE` (exact decimal), or `=+5%` / `=-3%` / `=*1.05`: the parameter's
    latest value scaled. The value then applies at every assessment date."""
    out: dict[str, dict[str, Fraction]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        jid, dot, name = key.strip().partition(".")
        if not sep or not dot:
            raise ScreenError(f"--set {item!r}: expected <jurisdiction>.<parameter>=<value>")
        j = rulebase.jurisdictions.get(jid)
        if j is None:
            raise ScreenError(f"--set {item!r}: unknown jurisdiction {jid!r}; known: {', '.join(sorted(rulebase.jurisdictions))}")
        if name not in j.parameters:
            raise ScreenError(f"--set {item!r}: {jid} has no parameter {name!r}; it has {', '.join(sorted(j.parameters))}")
        value = value.strip()
        if value.endswith("%") or value.startswith("*"):
            latest = j.parameters[name].values[-1].value
            number = _bounded(item, value[:-1] if value.endswith("%") else value[1:])
            amount = latest * ((1 + number / 100) if value.endswith("%") else number)
        else:
            amount = _bounded(item, value)
        if abs(amount) >= 10 ** MONEY_DIGITS or (amount * 10 ** SCALE).denominator != 1:
            raise ScreenError(f"--set {item!r}: the value {float(amount):.6g} is outside the supported range "
                              f"(below 10^{MONEY_DIGITS}, at most {SCALE} decimals)")
        out.setdefault(jid, {})[name] = amount
    return out


def _bounded(item: str, text: str) -> Fraction:
    """A decimal number, refused before it is made exact when it is far outside any money range
    (Fraction(Decimal('1e999999999')) would compute a billion-digit integer)."""
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        raise ScreenError(f"--set {item!r}: {text.strip()!r} is not a number") from None
    if not d.is_finite():
        raise ScreenError(f"--set {item!r}: {text.strip()!r} is not a finite number")
    if d and not (-3 * MONEY_DIGITS <= d.adjusted() < MONEY_DIGITS):
        raise ScreenError(f"--set {item!r}: {text.strip()!r} is outside the supported range "
                          f"(below 10^{MONEY_DIGITS}, at most {SCALE} decimals)")
    return Fraction(d)


def read_params_file(path: Path) -> list[str]:
    """A YAML or JSON mapping `jurisdiction.parameter: value` (or nested `jurisdiction: {parameter: value}`)."""
    import yaml
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ScreenError(f"{path}: {err}") from err
    if not isinstance(doc, dict):
        raise ScreenError(f"{path}: expected a mapping of jurisdiction.parameter: value")
    items = []
    for k, v in doc.items():
        if isinstance(v, dict):
            items += [f"{k}.{name}={_plain(x)}" for name, x in v.items()]
        else:
            items.append(f"{k}={_plain(v)}")
    return items


def _plain(v) -> str:
    return repr(v) if isinstance(v, float) else str(v)


def with_overrides(rulebase: RuleBase, overrides: dict[str, dict[str, Fraction]]) -> RuleBase:
    """A copy of the rule base whose overridden parameters have a single value (for --explain)."""
    import copy
    from kb.core.parameters import Parameter, ParamValue
    rb = copy.copy(rulebase)
    rb.jurisdictions = dict(rulebase.jurisdictions)
    for jid, values in overrides.items():
        j = copy.copy(rb.jurisdictions[jid])
        j.parameters = dict(j.parameters)
        for name, v in values.items():
            old = j.parameters[name]
            first = old.values[0]
            j.parameters[name] = Parameter(name, old.label, old.unit, (
                ParamValue(name, v, first.effective_from.replace(year=1900), "what-if (--set)", True),))
        rb.jurisdictions[jid] = j
    return rb


# --- output ------------------------------------------------------------------------------------

def _list_columns(con, table: str) -> list[str]:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    return [c for c in cols if c.endswith(("_rules", "_subtypes", "_members"))]


def write_results(con, query: str, out: Path, list_cols: list[str], columns: list[str]) -> None:
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        sel = ", ".join((f"CASE WHEN {c} IS NULL THEN NULL WHEN {c} = '' THEN CAST([] AS VARCHAR[]) "
                         f"ELSE string_split({c}, ';') END AS {c}") if c in list_cols else c for c in columns)
        fmt = "(FORMAT parquet)"
    elif suffix == ".csv":
        sel = ", ".join(columns)
        fmt = "(FORMAT csv, HEADER true)"
    else:
        raise ScreenError(f"{out}: the output is .parquet or .csv")
    con.execute(f"COPY (SELECT {sel} FROM ({query}) ORDER BY hid) TO {sql_str(str(out))} {fmt}")


def write_members(con, table: str, out: Path) -> None:
    """The per-person rows, in household and member order."""
    suffix = Path(out).suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ScreenError(f"{out}: the members output is .parquet or .csv")
    fmt = "(FORMAT parquet)" if suffix == ".parquet" else "(FORMAT csv, HEADER true)"
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in ("hid", "ord")]
    con.execute(f"COPY (SELECT {', '.join(cols)} FROM {table} ORDER BY hid, ord) TO {sql_str(str(out))} {fmt}")


def category_ids(con, table: str, rulebase: RuleBase) -> list[str]:
    from kb.compile.compiler import CATEGORY_IDS
    cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    return [c for c in CATEGORY_IDS if c in cols]


def compare(con, base: str, new: str, cats: list[str]) -> dict:
    """Counts per category: statuses before/after and transitions."""
    report = {}
    for c in cats:
        before = dict(con.execute(f"SELECT {c}, count(*) FROM {base} WHERE {c} IS NOT NULL GROUP BY 1").fetchall())
        after = dict(con.execute(f"SELECT {c}, count(*) FROM {new} WHERE {c} IS NOT NULL GROUP BY 1").fetchall())
        moves = con.execute(f"SELECT b.{c}, n.{c}, count(*) FROM {base} b JOIN {new} n USING (hid) "
                            f"WHERE b.{c} IS DISTINCT FROM n.{c} GROUP BY 1, 2 ORDER BY 3 DESC").fetchall()
        report[c] = {"before": before, "after": after,
                     "transitions": [{"from": f, "to": t, "households": k} for f, t, k in moves]}
    return report


def print_summary(report: dict, stream, what_if: bool, changed: int | None = None) -> None:
    statuses = ("eligible", "ineligible", "undetermined")
    if what_if:
        stream.write(f"{'category':18} " + " ".join(f"{s:>26}" for s in statuses) + "\n")
        for c, r in report.items():
            cells = [f"{r['before'].get(s, 0):>11,} -> {r['after'].get(s, 0):<11,}" for s in statuses]
            stream.write(f"{c:18} " + " ".join(f"{x:>26}" for x in cells) + "\n")
        stream.write("\nchanges:\n")
        any_move = False
        for c, r in report.items():
            for m in r["transitions"]:
                any_move = True
                stream.write(f"  {c:18} {m['from']:>12} -> {m['to']:<12} {m['households']:>10,}\n")
        if not any_move:
            stream.write("  (none)\n")
        if changed is not None:
            stream.write(f"\n{changed:,} household(s) changed category status\n")
    else:
        stream.write(f"{'category':18} " + " ".join(f"{s:>12}" for s in statuses) + "\n")
        for c, r in report.items():
            stream.write(f"{c:18} " + " ".join(f"{r['after'].get(s, 0):>12,}" for s in statuses) + "\n")
