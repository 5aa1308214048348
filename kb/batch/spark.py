"""`binggui screen --engine spark`: the same compiled SQL program (kb.batch.sql, Spark dialect) on
Apache Spark through pyspark, for populations one machine cannot screen.

Only Spark SQL runs on the cluster: no Python function is shipped to executors, so the workers
need Spark alone (not Python, not binggui). The driver — the `binggui screen` process — compiles
the rules, sends SQL text and collects the summary counts.

Data layout (the *prepared layout*, written by `binggui screen … --prepare DIR` after DuckDB has
read and checked the input, or by any ETL that writes the same schema):

    DIR/households.parquet   hid BIGINT, household_id, jurisdiction, eval_jurisdiction,
                             assessment_date DATE, f_<household fact>…, income_known BOOLEAN
    DIR/members.parquet      hid, ord INT, person_id, f_<person fact>…
    DIR/income.parquet       hid, type, amount DECIMAL(18,4)

(each a Parquet file or a directory of Parquet parts). `hid` is a dense household number; the
households of one jurisdiction are one contiguous `hid` range. The three tables are
repartitioned by `hid` into the same number of partitions, so every join and aggregate of the
program (all on `hid`) stays inside a partition; the per-date parameters table is broadcast.
Each step of the program is materialised (`localCheckpoint`), as DuckDB's `AS MATERIALIZED`
CTEs are, so the plan of a later level does not repeat the earlier ones; the checkpoint keeps
the step's partitioning and order by `hid`, so the next step joins and groups without a shuffle
or a sort (see `session`).
"""
from __future__ import annotations

import os
import re
import shutil
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from kb.batch.dialect import SPARK
from kb.batch.errors import ScreenError
from kb.batch.sql import result_columns_of
from kb.batch.tables import params_rows
from kb.core.model import RuleBase

INSTALL_HINT = ("--engine spark needs pyspark and Java 17: pip install 'binggui[spark]' "
                "(from a checkout: pip install '.[spark]'; Java: apt-get install openjdk-17-jre-headless)")
LAYOUT_TABLES = {"bg_households": "households.parquet", "bg_members": "members.parquet",
                 "bg_income": "income.parquet"}


class SparkUnavailable(Exception):
    """pyspark or Java is missing; the message says how to install them."""


def is_layout(path: Path) -> bool:
    """A prepared layout directory (see the module docstring)."""
    return Path(path).is_dir() and all((Path(path) / name).exists() for name in LAYOUT_TABLES.values())


def export_layout(con, directory: Path) -> None:
    """Writes the loaded DuckDB input tables as the prepared layout (money as DECIMAL(18,4))."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for table, name in LAYOUT_TABLES.items():
        cols = con.execute(f"DESCRIBE {table}").fetchall()
        sel = ", ".join(f"CAST({c} AS {SPARK.decimal}) AS {c}" if t.startswith("DECIMAL") else c for c, t, *_ in cols)
        con.execute(f"COPY (SELECT {sel} FROM {table} ORDER BY hid) TO '{directory / name}' (FORMAT parquet)")


def session(master: str = "local[2]", partitions: int | None = None):
    """A SparkSession for screening: exact decimals (no precision loss, ANSI overflow errors).

    Adaptive execution is off: with it on, a step checkpointed from an adaptive plan is not known
    to be partitioned by `hid` (even with partition coalescing off), so every later join and
    GROUP BY re-shuffled and re-sorted whole tables, one to five shuffles per step; without it a
    step reads its inputs where they lie. Code generation is allowed for rows of up to 1,000
    columns (Spark's default, 100, interprets the widest household steps row by row)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(INSTALL_HINT) from None
    if shutil.which("java") is None and not _java_home():
        raise SparkUnavailable(INSTALL_HINT)
    builder = (SparkSession.builder.master(master).appName("binggui screen")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.ansi.enabled", "true")
               .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.adaptive.enabled", "false")
               .config("spark.sql.codegen.maxFields", "1000"))
    if master.startswith("local"):
        # local mode runs the tasks inside the driver's JVM, whose heap Spark sizes at 1 GB: too
        # little for the steps of 1,000,000 households (it died of OutOfMemoryError there)
        builder = builder.config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "3g"))
    if partitions is None and master.startswith("local"):
        partitions = 4
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _java_home() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home) and (Path(home) / "bin" / "java").exists()


class _Rows:
    """The part of a DuckDB result `kb.batch.results` and the CLI read (fetchall / fetchone)."""

    def __init__(self, rows):
        self.rows = [tuple(r) for r in rows]

    def fetchall(self):
        return self.rows

    def fetchone(self):
        return self.rows[0] if self.rows else None


class SparkEngine:
    """Loaded households on Spark; `execute` answers SQL as DuckDB's connection does (for the
    summaries and what-if comparisons, which are written once for both engines)."""
    temp = "VIEW"

    def __init__(self, spark):
        self.spark = spark
        self.partitions = int(spark.conf.get("spark.sql.shuffle.partitions"))
        self._kept: list = []

    def execute(self, sql: str, params=None) -> _Rows:
        if params:
            raise ValueError("the Spark engine takes no SQL parameters")
        return _Rows(self.spark.sql(sql).collect())

    def load_layout(self, directory: Path) -> int:
        """Reads a prepared layout, repartitioned by household id, as the program's input views."""
        directory = str(directory).rstrip("/")
        for table, name in LAYOUT_TABLES.items():
            df = self.spark.read.parquet(f"{directory}/{name}")
            df = df.select([df[c].cast(SPARK.decimal).alias(c) if t.startswith("decimal") else df[c]
                            for c, t in df.dtypes])
            df = df.repartition(self.partitions, "hid").persist()
            self._kept.append(df)
            df.createOrReplaceTempView(table)
        return self.spark.table("bg_households").count()

    def _params_view(self, name: str, j, dates: list[date], overrides: dict[str, Fraction] | None) -> None:
        from pyspark.sql.types import DateType, DecimalType, StructField, StructType
        names = sorted(j.parameters)
        schema = StructType([StructField("assessment_date", DateType())]
                            + [StructField(f"p_{n}", DecimalType(18, 4)) for n in names])
        rows = [(r[0], *(Decimal(v) if v is not None else None for v in r[1:]))
                for r in params_rows(j, dates, overrides)]
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView(name)

    def screen(self, rulebase: RuleBase, results: str, overrides=None, progress=None,
               members: str | None = None) -> dict[str, int]:
        """Screens every loaded household; the results become temp view `results` (one row per
        household, the columns of every jurisdiction screened, NULL where not its own) and, with
        `members`, the per-person rows temp view `members` (`SqlProgram.member_columns`), both
        from the same materialised steps."""
        spans = self.execute("SELECT eval_jurisdiction, min(hid), max(hid) + 1, count(*) FROM bg_households "
                             "GROUP BY 1 ORDER BY 2").fetchall()
        programs: dict = {}
        columns = result_columns_of(rulebase, [s[0] for s in spans], programs, SPARK)
        mcolumns: dict[str, str] = {}
        outputs, person_rows, counts = [], [], {}
        for jid, lo, hi, count in spans:
            j = rulebase.jurisdictions[jid]
            dates = [r[0] for r in self.execute(f"SELECT DISTINCT assessment_date FROM bg_households "
                                                f"WHERE hid >= {int(lo)} AND hid < {int(hi)}").fetchall()]
            ptable = f"bg_params_{jid}"
            self._params_view(ptable, j, dates, (overrides or {}).get(jid))
            program = programs[jid]
            steps, output, member_output = program.select(int(lo), int(hi), ptable)
            finals = [output] + ([member_output] if members else [])
            last_read = _last_reads(steps, finals)
            live = {}
            for i, (name, select) in enumerate(steps):
                live[name] = _checkpoint(self.spark.sql(select))
                live[name].createOrReplaceTempView(name)
                for old in [n for n in live if n != name and last_read[n] <= i]:
                    self._release(old, live.pop(old))
            outputs.append(_checkpoint(self.spark.sql(output)))
            if members:
                mcolumns.update(program.member_columns())
                person_rows.append(_checkpoint(self.spark.sql(member_output)))
            for name, df in live.items():
                self._release(name, df)
            counts[jid] = count
            if progress is not None:
                progress.update(count)
        self._kept += outputs + person_rows
        _union(outputs, columns).createOrReplaceTempView(results)
        if members:
            _union(person_rows, mcolumns).createOrReplaceTempView(members)
        return counts

    def stream(self, rulebase, results: str, out: Path, progress=None) -> None:
        """Spark screens through `screen` and `write` always (its jobs write their own files)."""
        return None

    def write_members(self, view: str, out: Path) -> None:
        """The per-person rows in household and member order (a directory of parts)."""
        cols = [c for c in self.columns(view) if c not in ("hid", "ord")]
        self._write(self.spark.table(view).orderBy("hid", "ord").select(cols), out)

    def write(self, query: str, out: Path, list_cols: list[str], columns: list[str]) -> None:
        """Writes the rows of `query` ordered by input order (a directory of Parquet or CSV parts,
        as Spark writes files)."""
        out_s = str(out)
        suffix = Path(out_s).suffix.lower()
        if suffix == ".parquet":
            sel = ", ".join((f"CASE WHEN {c} IS NULL THEN NULL WHEN {c} = '' THEN CAST(array() AS ARRAY<STRING>) "
                             f"ELSE split({c}, ';') END AS {c}") if c in list_cols else c for c in columns)
        else:
            sel = ", ".join(columns)
        self._write(self.spark.sql(f"SELECT {sel}, hid FROM ({query}) q").orderBy("hid").drop("hid"), out)

    @staticmethod
    def _write(df, out: Path) -> None:
        out_s = str(out)
        target = Path(out_s)
        if "://" not in out_s and target.exists() and not (target.is_dir() and (target / "_SUCCESS").exists()):
            raise ScreenError(f"{out}: exists and is not an earlier Spark output; not overwriting it")
        writer = df.write.mode("overwrite")
        if target.suffix.lower() == ".parquet":
            writer.parquet(out_s)
        else:
            writer.option("header", True).option("emptyValue", "").csv(out_s)

    def columns(self, view: str) -> list[str]:
        return self.spark.table(view).columns

    def _release(self, view: str | None, df) -> None:
        """Frees a checkpointed step once nothing reads it. `unpersist` alone frees only what
        `persist` cached; a local checkpoint's blocks belong to its RDD, which the temp view keeps
        reachable, so without this every step of every jurisdiction stayed in the JVM's memory
        to the end of the run (spilling to disk and collecting garbage from 1M households on)."""
        if view is not None:
            self.spark.catalog.dropTempView(view)
        plan = df._jdf.queryExecution().logical()
        if plan.getClass().getSimpleName() == "LogicalRDD":
            plan.rdd().unpersist(False)
        else:
            df.unpersist()

    def close(self) -> None:
        for df in self._kept:
            self._release(None, df)
        self._kept = []


def _checkpoint(df):
    """Materialises a step, serialized (Spark's rows as bytes, spilling to disk when memory is
    short): kept as deserialized objects (the default), the steps of 1,000,000 households ran out
    of a local-mode JVM's 1 GB heap, and at 300,000 garbage collection took 26-37 s beside 72 s
    of task CPU."""
    from pyspark import StorageLevel
    return df.localCheckpoint(eager=True, storageLevel=StorageLevel.MEMORY_AND_DISK)


def _last_reads(steps: list[tuple[str, str]], finals: list[str]) -> dict[str, int]:
    """Per step, the index of the last step that reads it (len(steps) if a final SELECT does)."""
    def reads(sql: str, table: str) -> bool:
        return re.search(rf"\b{re.escape(table)}\b", sql) is not None
    last = {}
    for name, _ in steps:
        uses = [i for i, (_, sql) in enumerate(steps) if reads(sql, name)]
        uses += [len(steps)] * any(reads(sql, name) for sql in finals)
        last[name] = max(uses, default=-1)
    return last


def _union(frames: list, columns: dict[str, str]):
    """One frame of every jurisdiction's rows in `columns` (NULL where a column is not its own)."""
    from pyspark.sql import functions as F
    full = frames[0]
    for df in frames[1:]:
        full = full.unionByName(df, allowMissingColumns=True)
    return full.select([(F.col(c) if c in full.columns else F.lit(None)).cast(_spark_type(t)).alias(c)
                        for c, t in columns.items()])


def _spark_type(sql_type: str) -> str:
    return {"VARCHAR": "string", "DATE": "date", "BIGINT": "bigint", "INTEGER": "int"}.get(sql_type, sql_type)
