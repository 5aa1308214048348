"""DuckDB vs Spark local mode on the same households: `binggui screen` end to end, both engines.

    python benchmarks/spark.py                      # 1,000,000 households of the largest rule set
    python benchmarks/spark.py --n 100000 --master local[2]
    python benchmarks/spark.py --n 1000000 --spark-n 100000   # Spark on the first 100,000 only


Steps, each a `binggui screen` subprocess on one generated CSV (a seeded base of households,
copied with new ids up to --n):
1. DuckDB: CSV -> results.parquet (wall time, peak memory of the process);
2. --prepare: CSV -> the prepared Parquet layout (DuckDB's loader and checks);
3. Spark: the prepared layout -> results directory on --master (wall time, and the screening
   time the command reports, without session start and layout reading);
and then checks that the two results hold the same rows. With `--spark-n` below `--n` (Spark local
mode on a loaded 2-CPU machine can take many minutes for 1,000,000), steps 1-3 run on the first --spark-n
households (the ratio is measured there), DuckDB also runs on all --n, and Spark's time at --n is
printed as a linear extrapolation, marked as such. Needs `pip install '.[spark]'`.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.batch.columns import CSV_COLUMNS, csv_rows  # noqa: E402
from kb.compile.compiler import default_rulebase  # noqa: E402
from kb.testing.generate import generate  # noqa: E402

BASE = 20_000
SEED = 7


def write_csv(j, n: int, path: Path) -> None:
    base = list(csv_rows(generate(j, min(n, BASE), seed=SEED)))
    hid_col, pid_col = 0, CSV_COLUMNS.index("person_id")
    households = len({r[hid_col] for r in base})
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for c in range(-(-n // households)):
            for row in base:
                row = list(row)
                if c:
                    row[hid_col] += f"~{c}"
                    row[pid_col] = row[pid_col] + f"~{c}" if row[pid_col] else ""
                w.writerow(row)


def run(args: list[str]) -> dict:
    cmd = [sys.executable, "-m", "kb.cli", "screen", *args, "--no-progress"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    m = re.search(r"screened ([\d,]+) households in ([\d.]+)s", err)
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "screen_s": float(m.group(2)) if m else None,
            "households": int(m.group(1).replace(",", "")) if m else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--jurisdiction", help="default: the jurisdiction with the most rules")
    ap.add_argument("--spark-n", type=int, help="households for the Spark comparison (default: --n)")
    ap.add_argument("--master", default="local[2]")
    a = ap.parse_args(argv)
    rb = default_rulebase()
    a.jurisdiction = a.jurisdiction or max(rb.jurisdictions, key=lambda jid: len(rb.jurisdictions[jid].rules))
    j = rb.jurisdictions[a.jurisdiction]
    with tempfile.TemporaryDirectory(prefix="binggui-bench-") as tmp:
        tmp = Path(tmp)
        spark_n = min(a.spark_n or a.n, a.n)
        big = None
        if spark_n < a.n:
            big_path = tmp / "all.csv"
            write_csv(j, a.n, big_path)
            big = run([str(big_path), "--out", str(tmp / "all.parquet")])
            big_path.unlink()
            (tmp / "all.parquet").unlink()
        csv_path = tmp / "households.csv"
        t = time.perf_counter()
        write_csv(j, spark_n, csv_path)
        print(f"wrote {spark_n:,} households ({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f}s",
              file=sys.stderr)
        duck = run([str(csv_path), "--out", str(tmp / "duck.parquet")])
        prep = run([str(csv_path), "--prepare", str(tmp / "layout")])
        spark = run([str(tmp / "layout"), "--engine", "spark", "--master", a.master, "--out", str(tmp / "spark.parquet")])
        import duckdb
        con = duckdb.connect()
        d, s = f"read_parquet('{tmp / 'duck.parquet'}')", f"read_parquet('{tmp / 'spark.parquet'}/*.parquet')"
        differ = con.execute(f"SELECT count(*) FROM ((SELECT * FROM {d} EXCEPT ALL SELECT * FROM {s}) "
                             f"UNION ALL (SELECT * FROM {s} EXCEPT ALL SELECT * FROM {d}))").fetchone()[0]
        rows = con.execute(f"SELECT count(*) FROM {s}").fetchone()[0]
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print(f"| {spark_n:,} households of {a.jurisdiction}, {os.cpu_count()} CPUs | wall | screening only | peak RSS |")
    print("|---|---|---|---|")
    print(f"| DuckDB, CSV -> Parquet | {duck['wall']:.1f} s | {duck['screen_s']:.1f} s | {duck['rss_mb']:.0f} MB |")
    print(f"| --prepare (DuckDB: CSV -> layout) | {prep['wall']:.1f} s | | {prep['rss_mb']:.0f} MB |")
    print(f"| Spark {a.master}, layout -> Parquet | {spark['wall']:.1f} s | {spark['screen_s']:.1f} s | "
          f"driver (Python) {spark['rss_mb']:.0f} MB; JVM not counted |")
    print(f"| Spark / DuckDB | {spark['wall'] / duck['wall']:.1f}x | {spark['screen_s'] / duck['screen_s']:.1f}x | |")
    if big is not None:
        scale = a.n / spark_n
        print(f"| DuckDB on all {a.n:,}, CSV -> Parquet | {big['wall']:.1f} s | {big['screen_s']:.1f} s | "
              f"{big['rss_mb']:.0f} MB |")
        print(f"| Spark {a.master} on {a.n:,}: extrapolated linearly from {spark_n:,}, not measured | "
              f"~{spark['wall'] * scale:.0f} s | ~{spark['screen_s'] * scale:.0f} s | |")
    print(f"rows: {rows:,}; rows that differ between the engines: {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
