"""Time budgets that used to be asserted by tests (a loaded CI machine made them flake).

    python benchmarks/budgets.py            # prints each measure and its budget; exit 1 if one is missed

1. SHACL validation of each example household (examples/households): median CPU time per
   validation on one thread, shapes already harvested; budget 10 ms.
2. The concurrent phase of tests/server/test_server_concurrency.py: the same workload (its
   distinct requests, each sent 12 times from 16 client threads) against a real `binggui serve`;
   budget 60 s of wall time.
3. /health while oversized households are in flight (the load of
   tests/server/test_server_limits_live.py: 6 clients sending bodies past the member/income-item
   and size limits to a real `binggui serve`): the slowest /health answer; budget 1 s (issue 17).

Run it on a quiet machine: other processes skew every figure (the load average is printed).
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "server"))

SHACL_BUDGET_MS = 10.0
CONCURRENCY_BUDGET_SECONDS = 60.0
HEALTH_BUDGET_SECONDS = 1.0


def shacl_ms(path: Path, runs: int = 15) -> float:
    from ingest.reader import _parse, find_households
    from ingest.shacl import validate
    from ingest.source import decode
    text = decode(path.read_bytes(), 1 << 20)
    graph, locator = _parse(text, "text/turtle" if path.suffix == ".ttl" else "application/ld+json")
    assert find_households(graph, locator)
    validate(graph)
    times = []
    for _ in range(runs):
        t0 = time.thread_time()
        assert validate(graph) == []
        times.append(time.thread_time() - t0)
    return statistics.median(times) * 1000


def concurrency_seconds() -> float:
    from live_server import start_server
    from test_server_concurrency import REPEATS, THREADS, _workload, request

    from kb.compile.compiler import POLICY_DIR, compile_paths
    work = _workload(compile_paths([POLICY_DIR]))
    with tempfile.TemporaryDirectory() as tmp:
        served = start_server([POLICY_DIR], Path(tmp) / "serve.log")
        try:
            order = [i for i in range(len(work)) for _ in range(REPEATS)]
            random.Random(7).shuffle(order)
            chunks = [order[t::THREADS] for t in range(THREADS)]

            def worker(indices):
                conn = served.connection()
                for i in indices:
                    method, path, body, ctype, _ = work[i]
                    request(conn, method, path, body, ctype)
                conn.close()

            threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return time.monotonic() - t0
        finally:
            served.stop()


def slowest_health_seconds() -> tuple[float, int]:
    """The slowest of the /health answers given while oversized households were in flight, and
    how many there were."""
    from live_server import run_beside_poller
    from test_server_limits_live import (API, BIG_WORKERS, ROUNDS, _post, _post_refused_on_headers,
                                         _too_many_items_json, _too_many_items_turtle)

    from kb.compile.compiler import POLICY_DIR
    with tempfile.TemporaryDirectory() as tmp:
        served = start_served(POLICY_DIR, Path(tmp))
        try:
            bodies = [(_too_many_items_json(6000), "application/json"),
                      (_too_many_items_turtle(4000), "text/turtle"), (6 * served.max_bytes, "text/turtle")]
            in_flight, lock, done, latencies = [0], threading.Lock(), threading.Event(), []

            def big_worker(k: int):
                for r in range(ROUNDS):
                    body, ctype = bodies[(k + r) % len(bodies)]
                    with lock:
                        in_flight[0] += 1
                    try:
                        if isinstance(body, int):
                            _post_refused_on_headers(served, f"{API}/eligibility", ctype, body)
                        else:
                            _post(served, f"{API}/eligibility", body, ctype)
                    finally:
                        with lock:
                            in_flight[0] -= 1

            def poller():
                while not done.is_set():
                    conn = served.connection(timeout=120)
                    t0 = time.monotonic()
                    conn.request("GET", "/health")
                    conn.getresponse().read()
                    seconds = time.monotonic() - t0
                    conn.close()
                    with lock:
                        if in_flight[0]:
                            latencies.append(seconds)
                    time.sleep(0.05)

            run_beside_poller(big_worker, BIG_WORKERS, poller, done)
            return (max(latencies) if latencies else float("nan")), len(latencies)
        finally:
            served.stop()


def start_served(policy_dir: Path, tmp: Path):
    from live_server import start_server
    return start_server([policy_dir], tmp / "serve.log")


def main() -> int:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    missed = 0
    for path in sorted((REPO / "examples" / "households").iterdir()):
        if path.suffix in (".ttl", ".jsonld"):
            ms = shacl_ms(path)
            ok = ms < SHACL_BUDGET_MS
            missed += not ok
            print(f"SHACL {path.name}: {ms:.2f} ms CPU (budget {SHACL_BUDGET_MS:.0f} ms) {'ok' if ok else 'MISSED'}")
    seconds = concurrency_seconds()
    ok = seconds < CONCURRENCY_BUDGET_SECONDS
    missed += not ok
    print(f"concurrent served workload: {seconds:.1f} s (budget {CONCURRENCY_BUDGET_SECONDS:.0f} s) "
          f"{'ok' if ok else 'MISSED'}")
    slowest, answered = slowest_health_seconds()
    ok = slowest < HEALTH_BUDGET_SECONDS
    missed += not ok
    print(f"/health under oversized households: slowest of {answered} answers {slowest * 1000:.0f} ms "
          f"(budget {HEALTH_BUDGET_SECONDS * 1000:.0f} ms) {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
