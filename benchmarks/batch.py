"""Batch screening end to end against the OpenFisca peer, and 1M households' peak memory, in one run.

    python benchmarks/batch.py                          # 100,000 vs the peer (twice), 1,000,000 alone
    python benchmarks/batch.py --peer-n 100000 --big-n 0

Every measured command is a subprocess under a small launcher (benchmarks/request_path.py
`_run`), so its wall time, CPU time (user + system, all threads) and peak resident memory are its
own. Steps, on one generated CSV per size (`benchmarks/spark.py`'s seeded base of households of
the largest rule set, copied under fresh ids):

1. `binggui screen FILE.csv --jurisdiction J --out results.parquet` against the OpenFisca peer
   (`benchmarks/peer_openfisca.py`: CSV in through DuckDB, one vectorised Simulation, Parquet
   out), alternated `--repeat` times; the medians and their ratio (binggui / peer) are printed,
   for wall time and for CPU time (CPU is what the machine's other load changes least);
2. `binggui screen` on `--big-n` households with the default memory limit: wall, CPU, peak RSS
   (issue #17's target: at most 1 GB), and the seconds it reports for loading and screening.

Prints a Markdown table. Needs the `[bench]` extra (openfisca-core). Never part of the tests.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from kb.compile.compiler import default_rulebase  # noqa: E402
from request_path import _run, compile_as_installed  # noqa: E402
from spark import write_csv  # noqa: E402


def screen(csv_path: Path, jid: str, out: Path) -> dict:
    wall, cpu, rss, err = _run([sys.executable, "-m", "kb.cli", "screen", str(csv_path), "--jurisdiction", jid,
                                "--out", str(out), "--no-progress"])
    loaded = re.search(r"loaded [\d,]+ households in ([\d.]+)s", err)
    screened = re.search(r"screened [\d,]+ households in ([\d.]+)s", err)
    return {"wall": wall, "cpu": cpu, "rss": rss, "load_s": float(loaded.group(1)) if loaded else None,
            "screen_s": float(screened.group(1)) if screened else None}


def peer(csv_path: Path, jid: str, out: Path) -> dict:
    wall, cpu, rss, _ = _run([sys.executable, str(ROOT / "benchmarks" / "peer_openfisca.py"), jid, str(csv_path),
                              str(out)])
    return {"wall": wall, "cpu": cpu, "rss": rss}


def beside_the_peer(j, jid: str, n: int, repeat: int, tmp: Path) -> list[str]:
    """`binggui screen` and the OpenFisca peer on one CSV of n households, alternated."""
    path = tmp / "peer.csv"
    write_csv(j, n, path)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(screen(path, jid, tmp / "ours.parquet"))
        theirs.append(peer(path, jid, tmp / "theirs.parquet"))
    path.unlink()
    return [f"| {n:,} `{jid}` households, CSV → Parquet, median of {repeat} | wall | CPU | peak RSS |",
            "|---|---|---|---|",
            f"| `binggui screen` | {median(ours, 'wall'):.1f} s | {median(ours, 'cpu'):.1f} s | "
            f"{median(ours, 'rss'):.0f} MB |",
            f"| OpenFisca peer | {median(theirs, 'wall'):.1f} s | {median(theirs, 'cpu'):.1f} s | "
            f"{median(theirs, 'rss'):.0f} MB |",
            f"| binggui / OpenFisca | {median(ours, 'wall') / median(theirs, 'wall'):.2f}x | "
            f"{median(ours, 'cpu') / median(theirs, 'cpu'):.2f}x | |",
            f"(binggui's own split: loading {median(ours, 'load_s'):.1f} s, screening "
            f"{median(ours, 'screen_s'):.1f} s)", ""]


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peer-n", type=int, default=100_000, help="0 to skip")
    ap.add_argument("--big-n", type=int, default=1_000_000, help="0 to skip")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--jurisdiction", help="default: the jurisdiction with the most rules (大冶, the peer's rules)")
    a = ap.parse_args(argv)
    compile_as_installed()     # `binggui screen` starts as installed, as the peer's openfisca-core does
    rb = default_rulebase()
    jid = a.jurisdiction or max(rb.jurisdictions, key=lambda k: len(rb.jurisdictions[k].rules))
    j = rb.jurisdictions[jid]
    lines = [f"batch benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
             f"load average {os.getloadavg()[0]:.1f} at the start", ""]
    with tempfile.TemporaryDirectory(prefix="binggui-batch-") as tmp:
        tmp = Path(tmp)
        if a.peer_n:
            lines += beside_the_peer(j, jid, a.peer_n, a.repeat, tmp)
        if a.big_n:
            path = tmp / "big.csv"
            write_csv(j, a.big_n, path)
            big = screen(path, jid, tmp / "big.parquet")
            lines += [f"| {a.big_n:,} `{jid}` households, `binggui screen` (default --memory) | wall | CPU | "
                      f"peak RSS | loading | screening |", "|---|---|---|---|---|---|",
                      f"| CSV → Parquet | {big['wall']:.1f} s | {big['cpu']:.1f} s | {big['rss']:.0f} MB | "
                      f"{big['load_s']:.1f} s | {big['screen_s']:.1f} s |",
                      f"peak memory ≤ 1 GB: {'met' if big['rss'] <= 1024 else 'not met'}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
