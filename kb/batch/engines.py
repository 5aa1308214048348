"""The two engines `binggui screen` runs the compiled program on, behind one small interface.

    engine.execute(sql).fetchall()             summaries and what-if comparisons (same SQL on both)
    engine.screen(rulebase, table, overrides, progress) -> {jurisdiction: households}
    engine.write(query, out, list_columns, columns)
    engine.stream(rulebase, table, out, progress)  (DuckDB) -> counts, or None when the run is too
                                                big to go straight into the file (then `screen`)
    engine.temp                                 "TABLE" (DuckDB) or "VIEW" (Spark) for CREATE TEMP …

DuckDB (the default) screens in chunks of households in-process; Spark (kb.batch.spark) screens
each jurisdiction as one distributed job. Both load the same checked input tables.
"""
from __future__ import annotations

from pathlib import Path

from kb.batch.results import LIST_SUFFIXES, copy_results, read_back, write_members, write_results, writing
from kb.batch.screen import DEFAULT_CHUNK, execute_with_progress, screen_loaded, single_query
from kb.batch.sql import result_columns_of


class DuckDBEngine:
    temp = "TABLE"

    def __init__(self, con, chunk: int = DEFAULT_CHUNK):
        self.con = con
        self.chunk = chunk
        self.programs: dict = {}

    def execute(self, sql: str, params=None):
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def screen(self, rulebase, results: str, overrides=None, progress=None, members: str | None = None) -> dict[str, int]:
        """Screens every loaded household into `results`; with `members`, also one row per counted
        member into that table (per-person statuses and benefits)."""
        return screen_loaded(self.con, rulebase, results, overrides, progress, self.chunk,
                             self.programs, members=members).by_jurisdiction

    def stream(self, rulebase, results: str, out: Path, progress=None) -> dict[str, int] | None:
        """Screens every loaded household straight into the file `out` when they fit in one query
        (`kb.batch.screen.single_query`), `results` then being a view over that file; else None,
        nothing done."""
        single = single_query(self.con, rulebase, None, self.chunk, self.programs)
        if single is None:
            return None
        jid, n, query = single
        cols = [c for c in result_columns_of(rulebase, [jid], self.programs) if c != "hid"]
        lists = [c for c in cols if c.endswith(LIST_SUFFIXES)]
        with writing(out):
            execute_with_progress(self.con, copy_results(query, out, lists, cols), progress, n)
        read_back(self.con, out, results)
        return {jid: n}

    def write_members(self, table: str, out: Path) -> None:
        write_members(self.con, table, out)

    def write(self, query: str, out: Path, list_cols: list[str], columns: list[str]) -> None:
        write_results(self.con, query, out, list_cols, columns)

    def close(self) -> None:
        pass
