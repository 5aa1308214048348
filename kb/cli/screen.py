"""`binggui screen`: batch screening of CSV and RDF files (kb.batch) from the command line."""
from __future__ import annotations

import sys
import tempfile
import time
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

from kb.batch.engines import DuckDBEngine
from kb.batch.errors import ScreenError
from kb.batch.literals import decimal_text, sql_str
from kb.batch.load import load_inputs
from kb.batch.progress import Progress
from kb.batch.python_reader import read_csv_households
from kb.batch.results import category_ids, compare, list_columns, print_summary
from kb.batch.screen import DEFAULT_CHUNK
from kb.batch.sources import RDF_SUFFIXES
from kb.batch.spark import SparkUnavailable, export_layout, is_layout
from kb.batch.whatif import parse_overrides, read_params_file, with_overrides
from kb.core.facts import Household
from kb.core.model import RuleBase
from kb.cli.common import compile_rulebase, print_json
from kb.cli.screen_help import HELP


def read_rdf(paths: list[Path]) -> list[Household]:
    if not paths:
        return []
    from ingest import IngestError, read_households      # rdflib and pySHACL: only when there are RDF files
    out, seen = [], {}
    for path in paths:
        try:
            households = read_households(path.read_bytes(), RDF_SUFFIXES[path.suffix.lower()], max_bytes=1 << 40)
        except IngestError as err:
            raise ScreenError(f"{path}: {err.summary()}") from err
        except OSError as err:
            raise ScreenError(f"{path}: cannot read: {err.strerror or err}") from err
        for h in households:
            if h.id in seen:
                raise ScreenError(f"household {h.id}: appears in {seen[h.id]} and {path}")
            seen[h.id] = path
        out.extend(households)
    return out


def add_command(subparsers) -> None:
    import argparse
    p = subparsers.add_parser("screen", help="screen many households with the SQL batch path (DuckDB, or Spark)",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="CSV (format below) or RDF (.ttl, .jsonld) files")
    p.add_argument("--jurisdiction", help="screen every household under this jurisdiction")
    p.add_argument("--out", help="results file, .parquet or .csv")
    p.add_argument("--set", action="append", default=[], metavar="J.PARAM=VALUE",
                   help="what-if: override a parameter (e.g. ID.dibao_standard=9000, =+5%%, =*1.05); repeatable")
    p.add_argument("--params", metavar="FILE", help="what-if parameters file (YAML/JSON: ID.dibao_standard: 9000)")
    p.add_argument("--changes", metavar="FILE", help="what-if: write only the households that changed (.parquet/.csv)")
    p.add_argument("--members", metavar="FILE",
                   help="also write one row per counted member (.parquet/.csv): each member's status per "
                        "category and per benefit given to persons, with the value")
    p.add_argument("--explain", metavar="HOUSEHOLD_ID", help="print the engine's full answer for one household (JSON)")
    p.add_argument("--policies", nargs="*", help="policy directories (default: the shipped knowledge base)")
    p.add_argument("--chunk", type=_positive, default=DEFAULT_CHUNK,
                   help="households per SQL batch on DuckDB (default %(default)s)")
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                   help="duckdb (in-process, the default) or spark (needs pip install 'binggui[spark]')")
    p.add_argument("--master", default="local[2]",
                   help="Spark master: local[N], spark://host:7077, yarn, k8s://… (default %(default)s)")
    p.add_argument("--partitions", type=_positive,
                   help="Spark: partitions of the household tables (default: 4 locally, the cluster's otherwise)")
    p.add_argument("--prepare", metavar="DIR",
                   help="check the input and write it as the prepared Parquet layout for Spark, then stop")
    p.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    p.add_argument("--memory", type=_memory, default="700MB",
                   help="DuckDB memory limit; beyond it DuckDB spills to a temporary directory (default %(default)s)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_screen)


def _positive(text: str) -> int:
    import argparse
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def _memory(text: str) -> str:
    import argparse
    import re
    if not re.fullmatch(r"[0-9]{1,6}(\.[0-9]{1,3})? ?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a size such as 800MB or 2GB")
    return text.strip()


def _check_outputs(args, what_if: bool) -> None:
    """Refuses impossible outputs before any work (and before anything is written)."""
    if args.changes and not what_if:
        raise ScreenError("--changes needs --set or --params (it lists the households a what-if changes)")
    if args.prepare and Path(args.prepare).exists() and not Path(args.prepare).is_dir():
        raise ScreenError(f"--prepare {args.prepare}: is a file; the prepared layout is a directory")
    spark_dir = args.engine == "spark"
    inputs = [Path(f) for f in args.files if "://" not in f] + ([Path(args.params)] if args.params else [])

    def is_input(path: Path) -> bool:    # never written over what the run reads
        return path.exists() and any(p.exists() and path.samefile(p) for p in inputs)
    if args.prepare:
        from kb.batch.spark import LAYOUT_TABLES
        for name in LAYOUT_TABLES.values():     # the layout's files, which it writes over
            if is_input(Path(args.prepare) / name):
                raise ScreenError(f"--prepare {args.prepare}: would write {name} over an input of this run; "
                                  f"prepare into another directory")
    written: dict[Path, str] = {}
    for flag, out in (("--out", args.out), ("--changes", args.changes), ("--members", args.members)):
        if not out or "://" in out:
            continue
        path = Path(out)
        if is_input(path):
            raise ScreenError(f"{flag} {out}: is an input of this run; write the results to another file")
        resolved = path.resolve()      # nor one output over another
        if resolved in written:
            raise ScreenError(f"{flag} {out}: is also {written[resolved]}; give each output its own file")
        written[resolved] = flag
        if path.suffix.lower() not in (".parquet", ".csv"):
            raise ScreenError(f"{flag} {out}: the output is .parquet or .csv")
        if not path.parent.is_dir() if str(path.parent) else False:
            raise ScreenError(f"{flag} {out}: directory {path.parent} does not exist")
        if path.is_dir() and not spark_dir:
            raise ScreenError(f"{flag} {out}: is a directory")


def cmd_screen(args) -> int:
    import duckdb
    from grammar import PolicyErrors
    err = sys.stderr
    try:
        rulebase = compile_rulebase(args.policies)      # from the on-disk cache when unchanged
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
        what_if = bool(overrides)
        _check_outputs(args, what_if)
        con = duckdb.connect()
        if args.threads:
            con.execute(f"SET threads = {int(args.threads)}")
        # bounded memory (1M households once peaked at 2.4 GB); insertion order stays preserved: the
        # loader numbers CSV lines by the row ids of the table it stores them in, in file order
        con.execute(f"SET memory_limit = '{args.memory}'")
        con.execute(f"SET temp_directory = {sql_str(tempfile.gettempdir() + '/binggui-duckdb')}")
        t0 = time.perf_counter()
        paths = [Path(f) for f in args.files]
        # a prepared layout: a local directory, or on Spark a URL (hdfs://, s3a://, file://) Spark reads
        url = args.engine == "spark" and len(args.files) == 1 and "://" in args.files[0]
        layout = url or (len(paths) == 1 and is_layout(paths[0]))
        if layout and args.engine != "spark":
            raise ScreenError(f"{paths[0]}: a prepared layout for --engine spark; DuckDB reads the CSV/Parquet/RDF files")
        if not layout:
            csvs = [p for p in paths if p.suffix.lower() not in RDF_SUFFIXES]
            rdfs = [p for p in paths if p.suffix.lower() in RDF_SUFFIXES]
            # a run `_screen` streams reads the input tables once: up to one chunk of households,
            # they are views over the checked rows (kb.batch.load)
            read_once = args.engine == "duckdb" and not args.prepare and _streamable(args, what_if)
            n = load_inputs(con, csvs, read_rdf(rdfs), args.jurisdiction, rulebase,
                            read_once_up_to=args.chunk if read_once else None)
            print(f"loaded {n:,} households in {time.perf_counter() - t0:.1f}s", file=err)
        if args.prepare:
            export_layout(con, Path(args.prepare))
            print(f"wrote the prepared layout to {args.prepare} (binggui screen {args.prepare} --engine spark)", file=err)
            return 0
        with _engine(args, con, (args.files[0] if url else paths[0]) if layout else None) as engine:
            return _screen(args, engine, rulebase, overrides, err)
    except ScreenError as e:
        print(f"binggui screen: {e}", file=err)
        return 2
    except SparkUnavailable as e:
        print(f"binggui screen: {e}", file=err)
        return 3


@contextmanager
def _engine(args, con, layout: Path | str | None):
    """The engine the households are screened on; Spark reads the prepared layout (written here
    from the checked input tables unless the input already is one)."""
    if args.engine == "duckdb":
        yield DuckDBEngine(con, args.chunk)
        return
    from kb.batch.spark import SparkEngine, session
    spark = session(args.master, args.partitions)
    engine = SparkEngine(spark)
    try:
        with tempfile.TemporaryDirectory(prefix="binggui-layout-") as tmp:
            if layout is None:
                layout = Path(tmp)
                export_layout(con, layout)
            engine.load_layout(layout)
            yield engine
    except Exception as err:   # a Spark/JVM failure, with Spark's own first line
        if isinstance(err, (ScreenError, SparkUnavailable)):
            raise
        raise ScreenError(f"Spark ({args.master}): {str(err).strip().splitlines()[0][:300]}") from err
    finally:
        engine.close()
        spark.stop()


def _streamable(args, what_if: bool) -> bool:
    """A plain run with one output file: its rows can go straight into that file (`engine.stream`)."""
    return not what_if and not args.members and bool(args.out)


def _screen(args, engine, rulebase: RuleBase, overrides, err) -> int:
    what_if = bool(overrides)
    n = engine.execute("SELECT count(*) FROM bg_households").fetchone()[0]
    start = time.perf_counter()
    if what_if:
        bar = Progress(n, "baseline ", enabled=not args.no_progress)
        engine.screen(rulebase, "bg_base", None, bar)
        bar.close()
    bar = Progress(n, "what-if  " if what_if else "screening", enabled=not args.no_progress)
    # a plain run with one output file goes straight into it when it can (bg_results then reads it)
    streamed = (_streamable(args, what_if)
                and engine.stream(rulebase, "bg_results", Path(args.out), bar))
    counts = streamed or engine.screen(rulebase, "bg_results", overrides, bar,
                                       members="bg_members_results" if args.members else None)
    bar.close()
    seconds = time.perf_counter() - start
    cats = category_ids(engine, "bg_results", rulebase)
    list_cols = list_columns(engine, "bg_results")
    columns = [r[0] for r in engine.execute("DESCRIBE bg_results").fetchall()]
    query = "SELECT * FROM bg_results"
    changed = None
    if what_if:
        diff = " OR ".join(f"b.{c} IS DISTINCT FROM n.{c}" for c in cats) or "FALSE"
        moves = " , ".join(f"CASE WHEN b.{c} IS DISTINCT FROM n.{c} THEN '{c}: ' || b.{c} || ' -> ' || n.{c} END"
                           for c in cats)
        engine.execute(f"CREATE OR REPLACE TEMP {engine.temp} bg_whatif AS SELECT n.*, "
                       + ", ".join(f"b.{c} AS {c}_baseline" for c in cats)
                       + f", ({diff}) AS changed, concat_ws('; ', {moves or 'NULL'}) AS changes "
                       f"FROM bg_results n JOIN bg_base b USING (hid)")
        columns = [r[0] for r in engine.execute("DESCRIBE bg_whatif").fetchall()]
        query = "SELECT * FROM bg_whatif"
        changed = engine.execute("SELECT count(*) FROM bg_whatif WHERE changed").fetchone()[0]
    out_cols = [c for c in columns if c != "hid"]
    if args.out and not streamed:
        engine.write(query, Path(args.out), list_cols, out_cols)
    if args.members:
        engine.write_members("bg_members_results", Path(args.members))
    if args.changes:
        engine.write(query + " WHERE changed", Path(args.changes), list_cols, out_cols)
    report = compare(engine, "bg_base" if what_if else "bg_results", "bg_results", cats)
    print(f"screened {sum(counts.values()):,} households in {seconds:.1f}s on {args.engine} "
          f"({', '.join(f'{j}: {k:,}' for j, k in counts.items())})", file=err)
    if what_if:
        shown = ", ".join(f"{j}.{k}={v}" for j, d in overrides.items() for k, v in
                          ((k, _fmt_exact(v)) for k, v in d.items()))
        print(f"what-if: {shown}", file=err)
    print_summary(report, err, what_if, changed)
    if args.out:
        print(f"wrote {args.out}", file=err)
    return 0


def _fmt_exact(v: Fraction) -> str:
    try:
        return decimal_text(v)
    except Exception:
        return str(v)


def _explain(args, rulebase: RuleBase, overrides) -> int:
    from kb.engine import EngineError, decide
    paths = [Path(f) for f in args.files]
    csvs = [p for p in paths if p.suffix.lower() not in RDF_SUFFIXES]
    rdfs = [p for p in paths if p.suffix.lower() in RDF_SUFFIXES]
    households = read_csv_households(csvs, args.jurisdiction) + (read_rdf(rdfs) if rdfs else [])
    match = [h for h in households if h.id == args.explain]
    if not match:
        raise ScreenError(f"no household {args.explain!r} in {', '.join(args.files)}")
    if len(match) > 1:      # in a CSV and an RDF file: refused as the screening refuses it
        raise ScreenError(f"household {args.explain}: appears in more than one input file")
    rb = with_overrides(rulebase, overrides) if overrides else rulebase
    try:
        answer = decide(match[0], rb, args.jurisdiction)
    except EngineError as err:     # an unknown jurisdiction, as the SQL loader words it
        raise ScreenError(f"household {args.explain}: {err}") from None
    print_json(answer)
    return 0
