"""`binggui screen`: batch screening of CSV and RDF files (kb.batch.screen) from the command line."""
from __future__ import annotations

import json
import sys
import time
from fractions import Fraction
from pathlib import Path

from ingest import read_households
from kb.batch import screen as batch_screen
from kb.batch.screen import (DEFAULT_CHUNK, RDF_SUFFIXES, Progress, ScreenError, category_ids, compare,
                             load_inputs, parse_overrides, print_summary, read_csv_households, read_params_file,
                             screen_loaded, with_overrides, write_members, write_results, _list_columns)
from kb.batch.sql import decimal_text
from kb.core.facts import Household
from kb.core.model import RuleBase


def read_rdf(paths: list[Path]) -> list[Household]:
    out, seen = [], {}
    for path in paths:
        try:
            households = read_households(path.read_bytes(), RDF_SUFFIXES[path.suffix.lower()], max_bytes=1 << 40)
        except Exception as err:   # ingest's own error type, with its message
            raise ScreenError(f"{path}: {err}") from err
        for h in households:
            if h.id in seen:
                raise ScreenError(f"household {h.id}: appears in {seen[h.id]} and {path}")
            seen[h.id] = path
        out.extend(households)
    return out


def add_command(subparsers) -> None:
    import argparse
    p = subparsers.add_parser("screen", help="screen many households with the SQL batch path (DuckDB)",
                              description=batch_screen.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="CSV (format below) or RDF (.ttl, .jsonld) files")
    p.add_argument("--jurisdiction", help="screen every household under this jurisdiction")
    p.add_argument("--out", help="results file, .parquet or .csv")
    p.add_argument("--set", action="append", default=[], metavar="J.PARAM=VALUE",
                   help="what-if: override a parameter (e.g. daye.dibao_standard=9000, =+5%%, =*1.05); repeatable")
    p.add_argument("--params", metavar="FILE", help="what-if parameters file (YAML/JSON: daye.dibao_standard: 9000)")
    p.add_argument("--changes", metavar="FILE", help="what-if: write only the households that changed (.parquet/.csv)")
    p.add_argument("--members", metavar="FILE",
                   help="also write one row per counted member (.parquet/.csv): each member's status per "
                        "category and per benefit given to persons, with the value")
    p.add_argument("--explain", metavar="HOUSEHOLD_ID", help="print the engine's full answer for one household (JSON)")
    p.add_argument("--policies", nargs="*", help="policy directories (default: the shipped knowledge base)")
    p.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="households per SQL batch (default %(default)s)")
    p.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_screen)


def cmd_screen(args) -> int:
    import duckdb
    from grammar import PolicyErrors
    from kb.compile.compiler import compile_paths
    err = sys.stderr
    try:
        rulebase = compile_paths([Path(p) for p in args.policies] if args.policies else None)
    except PolicyErrors as errs:
        print(errs, file=err)
        return 1
    try:
        items = list(args.set)
        if args.params:
            items = read_params_file(Path(args.params)) + items
        overrides = parse_overrides(items, rulebase)
        if args.jurisdiction and args.jurisdiction not in rulebase.jurisdictions:
            raise ScreenError(f"unknown jurisdiction {args.jurisdiction!r}; known: {', '.join(sorted(rulebase.jurisdictions))}")
        if args.explain:
            return _explain(args, rulebase, overrides)
        con = duckdb.connect()
        if args.threads:
            con.execute(f"SET threads = {int(args.threads)}")
        t0 = time.perf_counter()
        paths = [Path(f) for f in args.files]
        csvs = [p for p in paths if p.suffix.lower() not in RDF_SUFFIXES]
        rdfs = [p for p in paths if p.suffix.lower() in RDF_SUFFIXES]
        n = load_inputs(con, csvs, read_rdf(rdfs), args.jurisdiction, rulebase)
        print(f"loaded {n:,} households in {time.perf_counter() - t0:.1f}s", file=err)
        what_if = bool(overrides)
        programs: dict = {}
        if what_if:
            bar = Progress(n, "baseline ", enabled=not args.no_progress)
            screen_loaded(con, rulebase, "bg_base", None, bar, args.chunk, programs)
            bar.close()
        bar = Progress(n, "what-if  " if what_if else "screening", enabled=not args.no_progress)
        run = screen_loaded(con, rulebase, "bg_results", overrides, bar, args.chunk, programs,
                            members="bg_members_results" if args.members else None)
        bar.close()
        cats = category_ids(con, "bg_results", rulebase)
        list_cols = _list_columns(con, "bg_results")
        columns = [r[0] for r in con.execute("DESCRIBE bg_results").fetchall()]
        query = "SELECT * FROM bg_results"
        changed = None
        if what_if:
            diff = " OR ".join(f"b.{c} IS DISTINCT FROM n.{c}" for c in cats) or "FALSE"
            moves = " , ".join(f"CASE WHEN b.{c} IS DISTINCT FROM n.{c} THEN '{c}: ' || b.{c} || ' -> ' || n.{c} END"
                               for c in cats)
            con.execute(f"CREATE OR REPLACE TEMP TABLE bg_whatif AS SELECT n.*, "
                        + ", ".join(f"b.{c} AS {c}_baseline" for c in cats)
                        + f", ({diff}) AS changed, concat_ws('; ', {moves or 'NULL'}) AS changes "
                        f"FROM bg_results n JOIN bg_base b USING (hid)")
            columns = [r[0] for r in con.execute("DESCRIBE bg_whatif").fetchall()]
            query = "SELECT * FROM bg_whatif"
            changed = con.execute("SELECT count(*) FROM bg_whatif WHERE changed").fetchone()[0]
        out_cols = [c for c in columns if c != "hid"]
        if args.out:
            write_results(con, query, Path(args.out), list_cols, out_cols)
        if args.members:
            write_members(con, "bg_members_results", Path(args.members))
        if args.changes:
            if not what_if:
                raise ScreenError("--changes needs --set or --params")
            write_results(con, query + " WHERE changed", Path(args.changes), list_cols, out_cols)
        report = compare(con, "bg_base" if what_if else "bg_results", "bg_results", cats)
        print(f"screened {run.households:,} households in {run.seconds:.1f}s "
              f"({', '.join(f'{j}: {k:,}' for j, k in run.by_jurisdiction.items())})", file=err)
        if what_if:
            shown = ", ".join(f"{j}.{k}={v}" for j, d in overrides.items() for k, v in
                              ((k, _fmt_exact(v)) for k, v in d.items()))
            print(f"what-if: {shown}", file=err)
        print_summary(report, err, what_if, changed)
        if args.out:
            print(f"wrote {args.out}", file=err)
        return 0
    except ScreenError as e:
        print(f"binggui screen: {e}", file=err)
        return 2


def _fmt_exact(v: Fraction) -> str:
    try:
        return decimal_text(v)
    except Exception:
        return str(v)


def _explain(args, rulebase: RuleBase, overrides) -> int:
    from kb.engine import decide
    paths = [Path(f) for f in args.files]
    csvs = [p for p in paths if p.suffix.lower() not in RDF_SUFFIXES]
    rdfs = [p for p in paths if p.suffix.lower() in RDF_SUFFIXES]
    households = read_csv_households(csvs, args.jurisdiction) + (read_rdf(rdfs) if rdfs else [])
    match = [h for h in households if h.id == args.explain]
    if not match:
        raise ScreenError(f"no household {args.explain!r} in {', '.join(args.files)}")
    rb = with_overrides(rulebase, overrides) if overrides else rulebase
    answer = decide(match[0], rb, args.jurisdiction)
    json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0
