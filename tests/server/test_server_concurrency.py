"""Against the real served process (`binggui serve`, waitress): isolation under concurrent load.

A few thousand mixed requests (eligibility in Turtle and JSON-LD, compare, read endpoints, bad
input) from 16 client threads; every answer must equal the answer the same server gave when the
same request was sent alone, no answer may mention another household's people, and nothing may
answer 5xx. Then the JSON error statuses of the real server (413 via waitress, 404, 405, 415).
"""
from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time


from srv_households import jsonld, turtle

API = "/api/v1"
THREADS = 16
REPEATS = 12            # each distinct request is sent REPEATS times in the concurrent phase
DISTINCT = 160          # distinct eligibility households
# Not a time budget (no test asserts a time; benchmarks/budgets.py and benchmarks/run.py measure
# throughput): only how long the client threads are waited for before the test calls them hung.
HANG_TIMEOUT_SECONDS = 600


def request(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None,
            ctype: str | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": ctype} if ctype else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def _workload(rulebase) -> list[tuple[str, str, bytes | None, str | None, str | None]]:
    """(method, path, body, content type, household key) — distinct requests, deterministic."""
    rng = random.Random(20250601)
    jids = list(rulebase.jurisdictions)
    incomes = ["0.00", "1500.00", "4999.99", "6600.00", "7200.50", "8400.00", "9000.00", "12000.00",
               "16800.00", "25000.00", "99999.99"]
    ages_choices = [(45,), (45, 12), (70,), (70, 68), (35, 33, 8, 5), (62, 30, 2), (17,), (81, 55), (50, 16, 14)]
    work: list = []
    for i in range(DISTINCT):
        key = f"c{i}"
        jid = jids[i % len(jids)]
        income = rng.choice(incomes)
        ages = rng.choice(ages_choices)
        if i % 4 == 3:
            body, ctype = jsonld(key, jid, income=income, ages=ages), "application/ld+json"
        else:
            body = turtle(key, jid, income=income, ages=ages, formerly_poor=rng.random() < 0.3,
                          shock=rng.random() < 0.2, rigid=rng.choice(["0.00", "30000.00"]),
                          work=rng.choice(["full", "partial", "none"]))
            ctype = "text/turtle"
        query = f"?jurisdiction={rng.choice(jids)}" if i % 5 == 0 else ""
        work.append(("POST", f"{API}/eligibility{query}", body.encode(), ctype, key))
    for i in range(6):
        key = f"k{i}"
        work.append(("POST", f"{API}/compare", turtle(key, jids[i % len(jids)], income=rng.choice(incomes),
                                                          ages=rng.choice(ages_choices)).encode(), "text/turtle", key))
    work += [("GET", "/health", None, None, None), ("GET", f"{API}/documents", None, None, None),
                 ("GET", f"{API}/rules?jurisdiction={jids[0]}", None, None, None),
                 ("GET", f"{API}/documents/{rulebase.jurisdictions[jids[-1]].document}", None, None, None),
                 ("POST", f"{API}/eligibility", b"<x> <y> [ .", "text/turtle", None),
                 ("POST", f"{API}/eligibility", turtle("bad", None).encode(), "text/turtle", None),
                 ("POST", f"{API}/eligibility", b"hello", "text/plain", None)]
    return work


_PERSON = re.compile(rb"urn:test:(?:person|household):([a-z0-9]+)")


def _foreign(body: bytes, key: str | None) -> set[bytes]:
    if key is None:
        return set()
    return {m for m in _PERSON.findall(body) if m != key.encode()}


def test_concurrent_answers_equal_sequential(served, rulebase):
    work = _workload(rulebase)
    # 1. sequential: each distinct request alone
    conn = served.connection()
    baseline = []
    t0 = time.monotonic()
    for method, path, body, ctype, key in work:
        status, data = request(conn, method, path, body, ctype)
        assert status < 500, (path, data[:500])
        assert not _foreign(data, key)
        baseline.append((status, data, json.loads(data)))
    conn.close()
    sequential_seconds = time.monotonic() - t0
    statuses = {s for s, _, _ in baseline}
    assert {200, 400, 415, 422} <= statuses

    # 2. concurrent: every request REPEATS times, shuffled, from THREADS threads on keep-alive connections
    order = [i for i in range(len(work)) for _ in range(REPEATS)]
    random.Random(7).shuffle(order)
    chunks = [order[t::THREADS] for t in range(THREADS)]
    mismatches, server_errors, leaks, failures = [], [], [], []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(indices: list[int]):
        conn = served.connection()
        start.wait()
        try:
            for i in indices:
                method, path, body, ctype, key = work[i]
                try:
                    status, data = request(conn, method, path, body, ctype)
                except (http.client.HTTPException, OSError) as err:
                    conn.close()
                    conn = served.connection()
                    with lock:
                        failures.append((i, repr(err)))
                    continue
                want_status, want_bytes, want_json = baseline[i]
                # byte-equal is the fast path; otherwise the JSON must still be equal
                same = status == want_status and (data == want_bytes or json.loads(data) == want_json)
                foreign = _foreign(data, key)
                with lock:
                    if status >= 500:
                        server_errors.append((i, status, data[:300]))
                    if not same:
                        mismatches.append(i)
                    if foreign:
                        leaks.append((i, key, foreign))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=HANG_TIMEOUT_SECONDS)
    elapsed = time.monotonic() - t0
    total = len(order)
    print(f"\nconcurrency: {total} requests ({len(work)} distinct) from {THREADS} threads in {elapsed:.1f} s "
          f"= {total / elapsed:.0f} req/s; sequential pass {len(work)} in {sequential_seconds:.1f} s "
          f"= {len(work) / sequential_seconds:.0f} req/s")
    assert not any(t.is_alive() for t in threads), "client threads did not finish"
    assert not failures, failures[:5]
    assert not server_errors, server_errors[:5]
    assert not leaks, leaks[:5]
    assert not mismatches, f"{len(mismatches)} answers differ from the sequential answer, e.g. {work[mismatches[0]][1]}"


def test_sequential_served_answers_equal_in_process(served, app):
    """The served process answers exactly as the in-process app (same rule base, same reader)."""
    client = app.test_client()
    conn = served.connection()
    for i, jid in enumerate(app.extensions["binggui"]["rulebase"].jurisdictions):
        body = turtle(f"ip{i}", jid, income="5000.00", ages=(66, 40, 10))
        status, data = request(conn, "POST", f"{API}/eligibility", body.encode(), "text/turtle")
        local = client.post(f"{API}/eligibility", data=body, content_type="text/turtle")
        assert status == local.status_code == 200
        assert json.loads(data) == local.json
    conn.close()


def _json_error(status: int, data: bytes, code: int) -> dict:
    assert status == code, data[:300]
    body = json.loads(data)
    assert body["code"] == code and body["message"] and body["description"] and "location" in body
    return body


def test_served_errors_are_json(served):
    conn = served.connection()
    _json_error(*request(conn, "GET", "/nope"), 404)
    _json_error(*request(conn, "GET", f"{API}/eligibility"), 405)
    _json_error(*request(conn, "POST", f"{API}/eligibility", b"x", "text/plain"), 415)
    conn.close()
    conn = served.connection()
    body = _json_error(*request(conn, "POST", f"{API}/eligibility", b"#" * (served.max_bytes + 1), "text/turtle"), 413)
    assert str(served.max_bytes) in body["description"]
    conn.close()
