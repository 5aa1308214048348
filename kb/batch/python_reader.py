"""The CSV input format read in Python into kb.core.facts.Household objects, cell by cell as the
SQL loader (kb.batch.load) reads it: for `binggui screen --explain` (one household through the
engine) and for the tests, which compare both readings."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Iterator

from kb.batch.columns import FALSE_WORDS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, TRUE_WORDS, column_type
from kb.batch.errors import ScreenError
from kb.batch.load import (EVENT_COLUMNS, PATTERNS, after_assessment, age_disagrees, age_out_of_range, checked_header,
                           expected, several_applicants)
from kb.batch.sources import explain_error, is_parquet, relation
from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INCOME_TYPES, INPUT_FACTS, INTEGER, INTEGER_RANGES,
                           MONEY, MONEY_RANGE, Household, IncomeItem, Person, age_on)


def _parse(name: str, text: str, where: str):
    typ, codes = column_type(name)
    try:
        if typ == BOOLEAN:
            low = text.lower()
            if low in TRUE_WORDS:
                return True
            if low in FALSE_WORDS:
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
        # the SQL loader's patterns first: Python's Decimal(), int() and date.fromisoformat() also
        # take 1e5, 4_0 and 20250601, which the format does not
        if typ in PATTERNS and not re.fullmatch(PATTERNS[typ], text):
            raise ValueError
        if typ == MONEY:
            d = Decimal(text)
            if d < MONEY_RANGE[0]:
                raise ValueError
            return Fraction(d)
        if typ == INTEGER:
            value = int(text)
            low, high = INTEGER_RANGES.get(name, (value, value))
            if not low <= value <= high:
                raise ValueError
            return value
        if typ == DATE:
            return date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        raise ScreenError(f"{where}: malformed value(s): {name}={text} (expected {expected(name)})") from None
    return text


def read_csv_households(paths: list[Path], jurisdiction: str | None = None) -> list[Household]:
    """The CSV input format (or Parquet in its columns) read into kb.core.facts.Household objects,
    as the SQL loader reads it, refusing what it refuses with the same located messages: an
    unknown or missing column, a file that is not UTF-8 text, a ragged row, an unterminated
    quote, a malformed cell (`file:line`), an empty household_id, a household without an
    assessment date, rows of a household that disagree or span files."""
    hh: dict[str, dict] = {}
    found_in: dict[str, Path] = {}
    for path in map(Path, paths):
        columns = checked_header(path)
        for line, cells in _rows(path, columns):
            where = f"{path}:{line}"
            row = dict(zip(columns, (c.strip() for c in cells)))
            hid = row["household_id"]
            if not hid:
                raise ScreenError(f"{where}: empty household_id")
            if found_in.setdefault(hid, path) != path:
                raise ScreenError(f"household {hid}: appears in more than one input file")
            entry = hh.setdefault(hid, {"facts": {}, "members": []})
            for c in HOUSEHOLD_COLUMNS[1:]:
                if row.get(c):
                    # checked on its row, and compared typed (8400 and 8400.00 agree), as the SQL loader does
                    value = _parse(c, row[c], where)
                    old = entry["facts"].get(c)
                    if old is not None and old != value:
                        raise ScreenError(f"household {hid}: rows disagree on {c}")
                    entry["facts"][c] = value
            if row.get("person_id"):
                pf = {}
                for c in PERSON_COLUMNS[1:] + ["birth_date"]:
                    if row.get(c):
                        pf[c] = _parse(c, row[c], where)
                entry["members"].append((row["person_id"], pf, where))
    out = []
    for hid, entry in hh.items():
        given = entry["facts"]
        if "assessment_date" not in given:
            raise ScreenError(f"household {hid}: no assessment_date")
        when = given["assessment_date"]
        facts = {s.name: given[s.name] for s in INPUT_FACTS.values() if s.level == HOUSEHOLD and s.name in given}
        income = None
        if any(f"income_{t}" in given for t in INCOME_TYPES):
            income = tuple(IncomeItem(t, given[f"income_{t}"]) for t in INCOME_TYPES if f"income_{t}" in given)
        for column in EVENT_COLUMNS:
            if column in given and given[column] > when:
                raise ScreenError(after_assessment(hid, column, given[column], when))
        applicants = sum(pf.get("relation_to_applicant") == "applicant" for _, pf, _ in entry["members"])
        if applicants > 1:
            raise ScreenError(several_applicants(hid, applicants))
        members = []
        for pid, pf, where in entry["members"]:
            birth = pf.pop("birth_date", None)
            if birth is not None:
                # as the RDF reader judges it (ingest.extract): a given age is held to the birth
                # date, else the age the birth date gives to the age's range
                computed = age_on(birth, when)
                if "age" not in pf and not INTEGER_RANGES["age"][0] <= computed <= INTEGER_RANGES["age"][1]:
                    raise ScreenError(f"{where}: {age_out_of_range(hid, pid, birth, when, computed)}")
                if pf.setdefault("age", computed) != computed:
                    raise ScreenError(f"{where}: {age_disagrees(hid, pid, pf['age'], birth, when, computed)}")
            members.append(Person(pid, pf))
        out.append(Household(hid, jurisdiction or given.get("jurisdiction"), when, tuple(members), facts, income))
    return out


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row of a CSV or Parquet file, after its header; blank lines are
    skipped, as DuckDB skips them."""
    if is_parquet(path):
        yield from _parquet_rows(path, columns)
        return
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ScreenError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        next(reader, None)                  # the header, checked by checked_header
        line = reader.line_num + 1
        for cells in reader:
            at, line = line, reader.line_num + 1
            if not cells:
                continue
            if len(cells) != len(columns):
                raise ScreenError(f"{path}:{at}: {len(cells)} cells where the header has {len(columns)} columns")
            yield at, cells
    except csv.Error as err:
        what = ("a quoted value is not terminated (a \" without its closing \")"
                if "end of data" in str(err) or "EOF" in str(err) else str(err))
        raise ScreenError(f"{path}:{line}: {what}") from None


def _parquet_rows(path: Path, columns: list[str]) -> Iterator[tuple[int, list[str]]]:
    """A Parquet file's rows with its cells as the SQL loader reads them (kb.batch.sources.relation)."""
    import duckdb
    try:
        rows = duckdb.connect().execute(f"SELECT * FROM {relation(path, columns)}").fetchall()
    except duckdb.Error as err:
        raise ScreenError(explain_error(err, [path])) from None
    for *cells, line in rows:
        yield line, ["" if c is None else c for c in cells]
