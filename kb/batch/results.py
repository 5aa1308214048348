"""Writing the results of `binggui screen` and summarising them: the results and members files
(Parquet with lists, or CSV), per-category status counts and what-if transitions."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from kb.batch.errors import ScreenError
from kb.batch.literals import sql_str
from kb.batch.tables import STATUSES
from kb.core.model import RuleBase


LIST_SUFFIXES = ("_rules", "_subtypes", "_members")     # ';'-joined in the table, lists in Parquet


def list_columns(con, table: str) -> list[str]:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    return [c for c in cols if c.endswith(LIST_SUFFIXES)]


def write_results(con, query: str, out: Path, list_cols: list[str], columns: list[str]) -> None:
    with writing(out):
        con.execute(copy_results(query, out, list_cols, columns))


@contextmanager
def writing(out: Path):
    """A file that cannot be written (a missing or read-only place, a full disk) ends the run with
    one line naming it, not a traceback."""
    import duckdb
    try:
        yield
    except duckdb.IOException as err:
        raise ScreenError(f"{out}: cannot write the output: {str(err).strip().splitlines()[0][:300]}") from None


def copy_results(query: str, out: Path, list_cols: list[str], columns: list[str]) -> str:
    """The COPY writing `columns` of the rows of `query` into `out` (.parquet, where the ';'-joined
    `list_cols` become lists, or .csv), in household order."""
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
    return f"COPY (SELECT {sel} FROM ({query}) ORDER BY hid) TO {sql_str(str(out))} {fmt}"


def read_back(con, out: Path, view: str) -> None:
    """Temp view `view` over a results file just written, for the summary to count."""
    out = Path(out)
    reader = (f"read_parquet({sql_str(str(out))})" if out.suffix.lower() == ".parquet"
              else f"read_csv({sql_str(str(out))}, header = true, all_varchar = true)")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {reader}")


def write_members(con, table: str, out: Path) -> None:
    """The per-person rows, in household and member order."""
    suffix = Path(out).suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ScreenError(f"{out}: the members output is .parquet or .csv")
    fmt = "(FORMAT parquet)" if suffix == ".parquet" else "(FORMAT csv, HEADER true)"
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in ("hid", "ord")]
    with writing(out):
        con.execute(f"COPY (SELECT {', '.join(cols)} FROM {table} ORDER BY hid, ord) TO {sql_str(str(out))} {fmt}")


def category_ids(con, table: str, rulebase: RuleBase) -> list[str]:
    from kb.compile.vocabulary import CATEGORY_IDS
    cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    return [c for c in CATEGORY_IDS if c in cols]


def compare(con, base: str, new: str, cats: list[str]) -> dict:
    """Counts per category: statuses before/after and transitions (none when `base` is `new`,
    a plain run: its counts are read once)."""
    after = _counts(con, new, cats)
    before = after if base == new else _counts(con, base, cats)
    report = {}
    for c in cats:
        moves = [] if base == new else con.execute(
            f"SELECT b.{c}, n.{c}, count(*) FROM {base} b JOIN {new} n USING (hid) "
            f"WHERE b.{c} IS DISTINCT FROM n.{c} GROUP BY 1, 2 ORDER BY 3 DESC").fetchall()
        report[c] = {"before": before[c], "after": after[c],
                     "transitions": [{"from": f, "to": t, "households": k} for f, t, k in moves]}
    return report


def _counts(con, table: str, cats: list[str]) -> dict[str, dict[str, int]]:
    """{category: {status: households}} of a results table, in one query."""
    out: dict[str, dict[str, int]] = {c: {} for c in cats}
    if cats:
        sql = " UNION ALL ".join(f"SELECT {sql_str(c)} AS category, {c} AS status, count(*) AS n FROM {table} "
                                 f"WHERE {c} IS NOT NULL GROUP BY {c}" for c in cats)
        for c, status, n in con.execute(sql).fetchall():
            out[c][status] = n
    return out


def print_summary(report: dict, stream, what_if: bool, changed: int | None = None) -> None:
    statuses = STATUSES
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
