"""Screening households already loaded (kb.batch.load) with the compiled SQL program (kb.batch.sql)
on DuckDB: one jurisdiction at a time, in chunks of household numbers, following DuckDB's own
progress estimate; the per-date parameters table (kb.batch.tables) carries any what-if values.
The command and its formats are described in kb/cli/screen_help.py (`binggui screen --help`)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from fractions import Fraction

from kb.batch.progress import Progress
from kb.batch.sql import SqlProgram, program_of, result_columns_of
from kb.batch.tables import create_params_table, create_status_type
from kb.core.model import RuleBase

DEFAULT_CHUNK = 100_000


@dataclass
class ScreenRun:
    households: int
    seconds: float
    by_jurisdiction: dict[str, int] = field(default_factory=dict)


def screen_loaded(con, rulebase: RuleBase, results: str = "bg_results",
                  overrides: dict[str, dict[str, Fraction]] | None = None,
                  progress: Progress | None = None, chunk: int = DEFAULT_CHUNK,
                  programs: dict | None = None, members: str | None = None) -> ScreenRun:
    """Screens every loaded household into table `results` (replaced); with `members`, also the
    per-person rows (one per counted member, `SqlProgram.member_columns`) into that table."""
    start = time.perf_counter()
    create_status_type(con)
    spans = con.execute("SELECT eval_jurisdiction, min(hid), max(hid) + 1, count(*) FROM bg_households "
                        "GROUP BY 1 ORDER BY 2").fetchall()
    programs = programs if programs is not None else {}
    cols = result_columns_of(rulebase, [s[0] for s in spans], programs)
    con.execute(f"CREATE OR REPLACE TABLE {results} ({', '.join(f'{n} {t}' for n, t in cols.items())})")
    if members:
        mcols: dict[str, str] = {}
        for jid in [s[0] for s in spans]:
            mcols.update(program_of(programs, rulebase.jurisdictions[jid]).member_columns())
        con.execute(f"CREATE OR REPLACE TABLE {members} ({', '.join(f'{n} {t}' for n, t in mcols.items())})")
    run = ScreenRun(0, 0.0)
    for jid, lo, hi, count in spans:
        program, ptable = _prepare(con, rulebase, jid, lo, hi, overrides, programs)
        for a in range(lo, hi, chunk):
            b = min(hi, a + chunk)
            if members:   # the steps as temporary tables, read by both outputs (evaluated once)
                for sql in program.statements(a, b, ptable, results, members):
                    con.execute(sql)
                if progress is not None:
                    progress.update(b - a)
            else:
                execute_with_progress(con, program.statement(a, b, ptable, results), progress, b - a)
        run.by_jurisdiction[jid] = count
        run.households += count
    run.seconds = time.perf_counter() - start
    return run


def single_query(con, rulebase: RuleBase, overrides: dict[str, dict[str, Fraction]] | None = None,
                 chunk: int = DEFAULT_CHUNK, programs: dict | None = None) -> tuple[str, int, str] | None:
    """(jurisdiction, households, the one SELECT of every loaded household's results row
    (`kb.batch.sql.result_columns_of`, hid included)) when they are one jurisdiction's and one chunk; else None. A run that small writes its rows
    straight into the output file, without the results table (on 100k households 0.18 s of CPU
    less: storing the rows in a table and reading them back cost more than the sort)."""
    spans = con.execute("SELECT eval_jurisdiction, min(hid), max(hid) + 1, count(*) FROM bg_households "
                        "GROUP BY 1").fetchall()
    if len(spans) != 1 or spans[0][2] - spans[0][1] > chunk:
        return None
    jid, lo, hi, households = spans[0]
    create_status_type(con)
    program, ptable = _prepare(con, rulebase, jid, lo, hi, overrides, programs if programs is not None else {})
    return jid, households, program.query(lo, hi, ptable)


def _prepare(con, rulebase: RuleBase, jid: str, lo: int, hi: int, overrides, programs: dict) -> tuple[SqlProgram, str]:
    """The jurisdiction's program (compiled once per run) and its per-date parameters table for
    the households lo <= hid < hi, with any what-if values."""
    j = rulebase.jurisdictions[jid]
    program = program_of(programs, j)
    dates = [r[0] for r in con.execute("SELECT DISTINCT assessment_date FROM bg_households WHERE hid >= ? AND hid < ?",
                                       [lo, hi]).fetchall()]
    ptable = f"bg_params_{jid}"
    create_params_table(con, ptable, j, dates, (overrides or {}).get(jid))
    return program, ptable


def execute_with_progress(con, sql: str, progress: Progress | None, households: int) -> None:
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
