"""The program's input tables and its per-run parameters table.

    bg_households(hid, household_id, jurisdiction, eval_jurisdiction, assessment_date,
                  f_<household fact>..., income_known)
    bg_members(hid, ord, person_id, f_<person fact>...)
    bg_income(hid, type, amount)

`hid` is a dense household number (one contiguous range per jurisdiction); the loader
(`kb.batch.load`) fills them. Parameters come from a table keyed by assessment date
(`params_rows`), so a what-if run only swaps that table.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction

from kb.batch.dialect import DUCKDB
from kb.batch.literals import DECIMAL, SCALE, decimal_text, fits_scale
from kb.compile.levels import Unsupported
from kb.core.facts import BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INPUT_FACTS, INTEGER, MONEY, PERSON
from kb.core.model import Jurisdiction

_SQL_TYPE = {MONEY: DECIMAL, INTEGER: "INTEGER", BOOLEAN: "BOOLEAN", CODE: "VARCHAR", CODES: "VARCHAR[]",
             DATE: "DATE"}
HOUSEHOLD_FACTS = [s for s in INPUT_FACTS.values() if s.level == HOUSEHOLD]
PERSON_FACTS = [s for s in INPUT_FACTS.values() if s.level == PERSON]


# the input tables' columns and types, in order (kb.batch.sql carries only those a program reads)
INPUT_TABLES: dict[str, dict[str, str]] = {
    "bg_households": {"hid": "BIGINT", "household_id": "VARCHAR", "jurisdiction": "VARCHAR",
                      "eval_jurisdiction": "VARCHAR", "assessment_date": "DATE",
                      **{f"f_{s.name}": _SQL_TYPE[s.type] for s in HOUSEHOLD_FACTS}, "income_known": "BOOLEAN"},
    "bg_members": {"hid": "BIGINT", "ord": "INTEGER", "person_id": "VARCHAR",
                   **{f"f_{s.name}": _SQL_TYPE[s.type] for s in PERSON_FACTS}},
    "bg_income": {"hid": "BIGINT", "type": "VARCHAR", "amount": DECIMAL},
}


STATUS_TYPE = DUCKDB.status_type
STATUSES = ("eligible", "ineligible", "undetermined")


def create_status_type(con) -> None:
    """The ENUM of the DuckDB program's status columns (once per connection)."""
    con.execute(f"CREATE TYPE IF NOT EXISTS {STATUS_TYPE} AS ENUM ({', '.join(repr(s) for s in STATUSES)})")


def create_input_tables(con) -> None:
    """The three input tables, empty (replacing any previous ones)."""
    for name, cols in INPUT_TABLES.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} ({', '.join(f'{c} {t}' for c, t in cols.items())})")



def params_rows(j: Jurisdiction, dates: list[date], overrides: dict[str, Fraction] | None = None) -> list[tuple]:
    """(assessment_date, value per parameter name in sorted order) for each date, with overrides."""
    names = sorted(j.parameters)
    rows = []
    for when in dates:
        values = []
        for name in names:
            if overrides and name in overrides:
                v = overrides[name]
            else:
                pv = j.parameters[name].at(when)
                v = pv.value if pv is not None else None
            if v is not None and not fits_scale(v):
                raise Unsupported(f"parameter {j.id}.{name} = {v} has more than {SCALE} decimal places")
            values.append(decimal_text(v) if v is not None else None)
        rows.append((when, *values))
    return rows


def create_params_table(con, name: str, j: Jurisdiction, dates: list[date],
                        overrides: dict[str, Fraction] | None = None) -> None:
    names = sorted(j.parameters)
    cols = ", ".join(["assessment_date DATE"] + [f"p_{n} {DECIMAL}" for n in names])
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({cols})")
    rows = params_rows(j, dates, overrides)
    if rows:
        # one statement, a list per column (executemany ran one INSERT per date: 0.25 s for a
        # year of assessment dates, more than reading 100,000 households' facts)
        columns = [list(c) for c in zip(*rows)]
        values = ", ".join(["unnest(CAST(? AS DATE[]))"]
                           + [f"CAST(unnest(CAST(? AS VARCHAR[])) AS {DECIMAL})"] * len(names))
        con.execute(f"INSERT INTO {name} SELECT {values}", columns)
