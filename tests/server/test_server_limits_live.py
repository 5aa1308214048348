"""Against a real `binggui serve` (waitress): bodies past the limits are the app's JSON errors,
never waitress's plain text, and they cannot stall the server — /health keeps answering while
they are in flight (issue 17 "Limits before expensive work", issue 18 item 5)."""
from __future__ import annotations

import json
import threading
import time

from live_server import run_beside_poller

API = "/api/v1"
# A hang guard on each /health request, not a budget: no test asserts a time (a loaded machine
# would make it flake). How fast /health answers under this load is measured by
# benchmarks/budgets.py (budget 1 s, issue 17).
HEALTH_HANG_SECONDS = 120
BIG_WORKERS = 6          # below the server's 8 threads: a thread must stay free for /health
ROUNDS = 3


def _post(served, path, body: bytes, ctype: str, headers=None) -> tuple[int, str, bytes]:
    conn = served.connection(timeout=300)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": ctype, **(headers or {})})
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        conn.close()


def _too_many_items_json(n: int) -> bytes:
    return json.dumps({"@type": "Household", "jurisdiction": "daye", "assessmentDate": "2025-06-01",
                       "members": [{"age": 40}],
                       "incomeItems": [{"incomeType": "wage", "amount": "1.00"}] * n}).encode()


def _too_many_items_turtle(n: int) -> bytes:
    items = "".join(' bg:incomeItem [ bg:incomeType "wage" ; bg:amount 1.00 ] ;\n' for _ in range(n))
    return ('@prefix bg: <https://w3id.org/binggui#> .\n<urn:big> bg:jurisdiction "daye" ; '
            'bg:member [ bg:age 40 ] ;\n' + items + ' bg:assessmentDate "2025-06-01" .\n').encode()


def _post_refused_on_headers(served, path, ctype: str, length: int) -> tuple[int, str, bytes]:
    """A body over waitress's own buffer limit, announced by its Content-Length: waitress refuses
    it as soon as the headers are in and closes the connection. A client still sending the body
    then gets a TCP reset instead of the answer (the kernel's doing, not waitress's), so this
    client sends the headers and reads the answer before any of the body, as a client using
    `Expect: 100-continue` would."""
    conn = served.connection(timeout=300)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", ctype)
        conn.putheader("Content-Length", str(length))
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        conn.close()


def _json_error(status, ctype, data, code):
    assert status == code, (status, data[:300])
    assert ctype.startswith("application/json"), (ctype, data[:300])
    body = json.loads(data)
    assert body["code"] == code and body["description"] and "location" in body
    return body


def test_waitress_refusals_are_json(served):
    # over waitress's own buffer limit (several times the app's): refused by waitress, as JSON
    body = _json_error(*_post_refused_on_headers(served, f"{API}/eligibility", "text/turtle", 6 * served.max_bytes), 413)
    assert str(served.max_bytes) in body["description"]
    conn = served.connection()
    conn.putrequest("POST", f"{API}/eligibility")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", "-1")
    conn.endheaders()
    r = conn.getresponse()
    _json_error(r.status, r.getheader("Content-Type") or "", r.read(), 400)
    conn.close()


def test_options_is_not_html_on_the_served_stack(served):
    conn = served.connection()
    conn.request("OPTIONS", f"{API}/eligibility")
    r = conn.getresponse()
    assert r.status == 204 and r.read() == b""
    assert "html" not in (r.getheader("Content-Type") or "")
    conn.close()


def test_health_answers_while_oversized_households_are_in_flight(served):
    bodies = [(_too_many_items_json(6000), "application/json"),     # 413 before rdflib parses it
              (_too_many_items_turtle(4000), "text/turtle"),        # 413 after parsing, before the shapes
              (6 * served.max_bytes, "text/turtle")]                # 413 from waitress, on its headers
    assert all(len(b) < served.max_bytes for b, _ in bodies[:2])
    in_flight = [0]
    lock = threading.Lock()
    big_results, health_results, overlapped = [], [], []
    done = threading.Event()

    def big_worker(k: int):
        for r in range(ROUNDS):
            body, ctype = bodies[(k + r) % len(bodies)]
            with lock:
                in_flight[0] += 1
            try:
                if isinstance(body, int):
                    big_results.append(_post_refused_on_headers(served, f"{API}/eligibility", ctype, body))
                else:
                    big_results.append(_post(served, f"{API}/eligibility", body, ctype))
            except OSError as err:
                big_results.append((None, "", repr(err).encode()))
            finally:
                with lock:
                    in_flight[0] -= 1

    def health_poller():
        while not done.is_set():
            conn = served.connection(timeout=HEALTH_HANG_SECONDS)
            try:
                conn.request("GET", "/health")
                r = conn.getresponse()
                health_results.append((r.status, r.read()))
            except OSError as err:          # refused, reset or hung past the guard
                health_results.append((None, repr(err).encode()))
            finally:
                conn.close()
            with lock:
                if in_flight[0]:
                    overlapped.append(True)
            time.sleep(0.05)

    run_beside_poller(big_worker, BIG_WORKERS, health_poller, done)

    assert len(big_results) == BIG_WORKERS * ROUNDS
    for status, ctype, data in big_results:
        _json_error(status, ctype, data, 413)
    assert health_results and all(status == 200 for status, _ in health_results), \
        [b[:200] for s, b in health_results if s != 200][:3]
    assert overlapped, "no /health request was answered while an oversized household was in flight"
