"""Benchmark of the decision paths, each against a plain Python evaluator in the same run.

    python benchmarks/run.py                       # all sections, batch sizes 10k, 100k, 1M
    python benchmarks/run.py --sizes 10000,100000  # smaller batch sizes
    python benchmarks/run.py --quick               # a smoke run (small numbers)

Sections (households from the seeded generator `kb.testing.generate`; API and batch for jurisdiction
`--jurisdiction`):

1. Latency, for each of the five jurisdictions: `kb.engine.decide` (pyDatalog + three-valued
   re-check + full explanation) per household, p50 / p95, against
   `kb.testing.plain.PlainEvaluator.decide` (the same compiled rules in a plain Python loop: no
   pyDatalog, no explanations); the median of each stage of `decide`; and p50 over all five
   jurisdictions' households together.
2. API: `binggui serve` on 127.0.0.1 (a subprocess), `POST /api/v1/eligibility` with Turtle
   bodies from several client threads; requests per second, and the server's resident memory
   sampled through the run (it must stay flat), against the plain evaluator's households per
   second in this process.
3. Batch: `binggui screen FILE.csv --out results.parquet` as a subprocess (load, screen, write;
   wall time and peak memory), against the plain evaluator over the same households in a loop.
   Sizes above 100,000 repeat the first 100,000 generated households under fresh ids (the
   generator costs about half a millisecond a household in Python; the rules' work per
   household is the same).

4. Issue #17 (benchmarks/request_path.py): the request path stage by stage with the old and
   new library side by side; API p50 against a plain-Python server behind the same Flask app
   and ingest; the OpenFisca peer of 大冶's category rules (benchmarks/peer_openfisca.py, the
   `[bench]` extra) for one traced household and for 100k households end to end; answer sizes;
   `binggui check` start-up with and without the knowledge-base cache. Each target of the
   issue is printed with its ratio, met or not.

Prints a Markdown table and writes it to benchmarks/results/latest.md (and .json) with the date,
the machine, and the load average (other processes on the machine skew every figure).
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from kb.compile.compiler import default_rulebase  # noqa: E402
from kb.testing.generate import CSV_COLUMNS, csv_rows, generate, to_turtle  # noqa: E402
from kb.testing.plain import PlainEvaluator  # noqa: E402
import request_path  # noqa: E402
from report import report  # noqa: E402

PEER: dict | None = None      # issue #17 measures, filled by main()

RESULTS = ROOT / "benchmarks" / "results"
SEED = 424242
BASE = 100_000


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- 1. latency ----------------------------------------------------------------------------------

def latency(rb, n: int) -> dict:
    """Per jurisdiction: `decide` p50/p95 against the plain evaluator, the median of each stage,
    and p50 over all five jurisdictions' households together."""
    from kb.evaluate import datalog
    from kb.evaluate.accounting import account
    from kb.engine import _cross_check, _membership, _params_at, decide
    from kb.explain.answer import answer_view as _answer
    from kb.evaluate.recheck import Evaluator
    out, pooled = {}, []
    for jid, j in rb.jurisdictions.items():
        hs = list(generate(j, n + 20, seed=SEED))
        plain = PlainEvaluator(j)
        for h in hs[:20]:                      # warm up: pyDatalog program load, caches
            decide(h, rb)
            plain.decide(h)
        hs = hs[20:]
        engine_ms, plain_ms = [], []
        for h in hs:
            t = time.perf_counter()
            decide(h, rb)
            engine_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            plain.decide(h)
            plain_ms.append((time.perf_counter() - t) * 1000)
        # the same households again, stage by stage (the steps of kb.engine.decide)
        stages: dict[str, list[float]] = {"membership and accounting": [], "three-valued re-check": [],
                                          "pyDatalog": [], "explained answer": []}
        for h in hs:
            t0 = time.perf_counter()
            params, param_values = _params_at(j, h)
            membership, member_traces = _membership(j, h, params)
            acc = account(h, membership, set(j.income_exclusions))
            t1 = time.perf_counter()
            ev = Evaluator(j, h, acc.values, acc.missing, params, {pid: t for pid, (t, _) in membership.items()}).run()
            ev.traces.setdefault("member", member_traces)
            t2 = time.perf_counter()
            derived = datalog.derive(rb, j, h, acc.values, params)
            t3 = time.perf_counter()
            _cross_check(j, ev, derived)
            _answer(h, j, rb, ev, acc, membership, param_values)
            t4 = time.perf_counter()
            for name, a, b in zip(stages, (t0, t1, t2, t3), (t1, t2, t3, t4)):
                stages[name].append((b - a) * 1000)
        pooled += engine_ms
        out[jid] = {"n": len(hs), "rules": len(j.rules), "engine_p50_ms": pct(engine_ms, .5),
                    "engine_p95_ms": pct(engine_ms, .95), "engine_mean_ms": statistics.mean(engine_ms),
                    "plain_p50_ms": pct(plain_ms, .5), "plain_p95_ms": pct(plain_ms, .95),
                    "plain_mean_ms": statistics.mean(plain_ms),
                    "stages_p50_ms": {name: pct(v, .5) for name, v in stages.items()}}
    out["all"] = {"n": len(pooled), "engine_p50_ms": pct(pooled, .5), "engine_p95_ms": pct(pooled, .95)}
    return out


# --- 2. API ------------------------------------------------------------------------------------

def warm_conflicts() -> float:
    """Compute (or read) the app's conflict findings into the disk cache every `binggui serve`
    reads at start-up; the seconds it took (0 when cached)."""
    from server import create_app
    from server.conflicts import conflicts_of
    t = time.perf_counter()
    conflicts_of(create_app())
    return time.perf_counter() - t


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def api(j, requests: int, clients: int, server_threads: int, workers: int = 1) -> dict:
    hs = list(generate(j, min(requests, 2000), seed=SEED + 1))
    bodies = [to_turtle(h).encode("utf-8") for h in hs]
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--host", "127.0.0.1", "--port", "0",
                             "--threads", str(server_threads), "--workers", str(workers)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise RuntimeError(f"binggui serve did not start: {line!r}")
        port = int(m.group(1))
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        path = f"/api/v1/eligibility?jurisdiction={j.id}"
        counter = {"next": 0, "errors": 0, "done": 0}
        lock = threading.Lock()
        samples: list[tuple[int, float]] = []

        def client(limit: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    i = counter["next"]
                    if i >= limit:
                        break
                    counter["next"] += 1
                conn.request("POST", path, body=bodies[i % len(bodies)], headers={"Content-Type": "text/turtle"})
                resp = conn.getresponse()
                resp.read()
                with lock:
                    counter["done"] += 1
                    if resp.status != 200:
                        counter["errors"] += 1
            conn.close()

        def run(limit: int) -> float:
            threads = [threading.Thread(target=client, args=(limit,)) for _ in range(clients)]
            t = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            return time.perf_counter() - t

        warm = max(clients * 5, requests // 10)
        run(warm)                                         # warm up every worker thread
        samples.append((counter["done"], _rss_mb(proc.pid)))
        measured_start = counter["done"]
        elapsed = 0.0
        quarter = (requests - warm) // 4 or 1
        for k in range(1, 5):
            elapsed += run(min(requests, warm + quarter * k))
            samples.append((counter["done"], _rss_mb(proc.pid)))
        measured = counter["done"] - measured_start
        rss = [mb for _, mb in samples]
        return {"requests": measured, "clients": clients, "server_threads": server_threads, "workers": workers,
                "seconds": elapsed, "rps": measured / elapsed, "errors": counter["errors"],
                "rss_mb": [round(x, 1) for x in rss], "rss_growth_mb": rss[-1] - rss[0],
                "rss_growth_after_half_mb": rss[-1] - rss[2]}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- 3. batch ------------------------------------------------------------------------------------

def _write_csv(base_rows: list[list[str]], n_base: int, copies: int, path: Path) -> None:
    hid_col, pid_col = 0, CSV_COLUMNS.index("person_id")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for c in range(copies):
            if c == 0:
                w.writerows(base_rows)
                continue
            suffix = f"~{c}"
            for row in base_rows:
                row = list(row)
                row[hid_col] += suffix
                if row[pid_col]:
                    row[pid_col] += suffix
                w.writerow(row)


def batch(j, sizes: list[int], workdir: Path, threads: int | None, plain_max: int = BASE) -> list[dict]:
    out = []
    base_n = min(max(sizes), BASE)
    log(f"batch: generating {base_n:,} households ...")
    t = time.perf_counter()
    base = list(generate(j, base_n, seed=SEED + 2))
    gen_s = time.perf_counter() - t
    plain = PlainEvaluator(j)
    for n in sizes:
        copies = -(-n // base_n)
        hs = base[:n] if n <= base_n else base
        rows = list(csv_rows(hs))
        path = workdir / f"{j.id}-{n}.csv"
        _write_csv(rows, len(hs), copies if n > base_n else 1, path)
        total = len(hs) * (copies if n > base_n else 1)
        log(f"batch {total:,}: binggui screen ...")
        result = workdir / f"{j.id}-{n}.parquet"
        cmd = [sys.executable, "-m", "kb.cli", "screen", str(path), "--out", str(result), "--no-progress"]
        if threads:
            cmd += ["--threads", str(threads)]
        sql_s, _, peak_mb, err = request_path._run(cmd)     # peak RSS of screen itself, not of this process
        load_s = float(re.search(r"loaded [\d,]+ households in ([\d.]+)s", err).group(1))
        screen_s = float(re.search(r"screened [\d,]+ households in ([\d.]+)s", err).group(1))
        if total <= plain_max:
            log(f"batch {total:,}: plain evaluator ...")
            t = time.perf_counter()
            for _ in range(copies if n > base_n else 1):
                for h in hs:
                    plain.decide(h)
            plain_s = time.perf_counter() - t
        else:
            plain_s = float("nan")
        if total == 100_000 and PEER is not None:
            log("batch 100,000: the OpenFisca peer end to end ...")
            PEER["peer_batch"] = request_path.peer_batch(j, path, total, workdir)
        out.append({"households": total, "sql_seconds": sql_s, "sql_load_seconds": load_s,
                    "sql_screen_seconds": screen_s, "sql_peak_rss_mb": peak_mb,
                    "csv_mb": path.stat().st_size / 1e6, "plain_seconds": plain_s,
                    "ratio_sql_to_plain": sql_s / plain_s, "sql_households_per_s": total / sql_s,
                    "plain_households_per_s": total / plain_s})
        path.unlink()
        result.unlink(missing_ok=True)
    out_gen = {"generated": base_n, "generation_seconds": gen_s}
    return out, out_gen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jurisdiction", help="default: the jurisdiction with the most rules")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--latency-n", type=int, default=500)
    ap.add_argument("--api-requests", type=int, default=2000)
    ap.add_argument("--api-clients", type=int, default=4)
    ap.add_argument("--server-threads", type=int, default=4)
    ap.add_argument("--server-workers", type=int, default=os.cpu_count() or 2,
                    help="the second throughput run's `binggui serve --workers` (default: the CPUs)")
    ap.add_argument("--threads", type=int, help="DuckDB threads for binggui screen (default: all)")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: latency, api, batch, issue17")
    ap.add_argument("--quick", action="store_true", help="small numbers, for a smoke run")
    ap.add_argument("--plain-batch-max", type=int, default=BASE,
                    help="run the plain evaluator over batches up to this size (default 100,000)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.latency_n, args.api_requests = "2000,10000", 60, 200
    skip = set(filter(None, args.skip.split(",")))
    # every measured subprocess (servers, `binggui screen`, `binggui check`) starts as installed
    bytecode = request_path.compile_as_installed()
    global PEER
    PEER = None if "issue17" in skip else {}
    import duckdb
    rb = default_rulebase()
    j = rb.jurisdictions[args.jurisdiction] if args.jurisdiction else \
        max(rb.jurisdictions.values(), key=lambda x: len(x.rules))
    meta = {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
            "platform": platform.platform(terse=True), "python": platform.python_version(),
            "duckdb": duckdb.__version__, "rulebase": rb.version, "jurisdiction": j.id, "rules": len(j.rules),
            "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()), "bytecode_compiled": bytecode}
    lat = api_r = None
    batches = []
    if "latency" not in skip:
        log(f"latency: {args.latency_n} households per jurisdiction ...")
        lat = latency(rb, args.latency_n)
    if "api" not in skip or PEER is not None:
        # a served process computes the conflict findings in the background once per code version
        # (server/conflicts.py, ~8 s of CPU); done here first, every server measured reads them from
        # the disk cache and the runs measure the steady state, not the first minutes after a change
        seconds = warm_conflicts()
        meta["conflicts_warm_up_s"] = round(seconds, 1)
        log(f"conflict findings ready for the servers ({seconds:.1f} s)")
    if "api" not in skip:
        log(f"api: {args.api_requests} requests ...")
        api_r = api(j, args.api_requests, args.api_clients, args.server_threads)
        if args.server_workers > 1:
            log(f"api: {args.api_requests} requests, {args.server_workers} workers ...")
            api_r["with_workers"] = api(j, args.api_requests, args.api_clients, args.server_threads,
                                        args.server_workers)
    if PEER is not None:
        log("issue 17: stages, OpenFisca peer, API p50, sizes, CLI start-up ...")
        sample = list(generate(j, 40, seed=SEED + 3))
        PEER["jurisdiction"] = j.id
        PEER["stages"] = request_path.stages(rb, j, sample[:20])
        PEER["peer_one"] = request_path.peer_one(rb, j, sample)
        PEER["api_p50"] = request_path.api_p50(sample)
        PEER["sizes"] = request_path.sizes(rb, j)
        PEER["cli"] = request_path.cli_startup(j)
        if api_r:
            PEER["api_rps_one_worker"] = api_r["rps"]
            if "with_workers" in api_r:
                PEER["api_rps"] = api_r["with_workers"]["rps"]
                PEER["api_workers"] = api_r["with_workers"]["workers"]
    gen = None
    if "batch" not in skip:
        with tempfile.TemporaryDirectory() as tmp:
            batches, gen = batch(j, [int(s) for s in args.sizes.split(",")], Path(tmp), args.threads,
                                 args.plain_batch_max)
        if PEER is not None:
            big = [b for b in batches if b["households"] == 1_000_000]
            if big:
                PEER["batch_1m_rss_mb"] = big[0]["sql_peak_rss_mb"]
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = report(meta, lat, api_r, batches)
    if PEER:
        text += "\n" + "\n".join(request_path.targets_table(PEER))
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps({"meta": meta, "latency": lat, "api": api_r, "batch": batches,
                                                     "generation": gen, "issue17": PEER}, indent=2), encoding="utf-8")
    log(f"wrote {RESULTS / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
