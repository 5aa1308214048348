"""`binggui serve --workers N`: N processes on one socket answer as one server would; a worker
that dies is replaced; stopping the server stops every worker; a rule base that does not
compile stops the command before it serves. (No time is asserted: waits are hang guards.)"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live_server import start_server
from srv_households import broken_policy_folder, turtle

API = "/api/v1"
REPO = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 300


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out |= {int(x) for x in text}
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" not in status.read_text()


def _answer(served, body: str) -> tuple[int, dict]:
    conn = served.connection()         # a new connection each time, so both workers take some
    conn.request("POST", f"{API}/eligibility", body=body.encode(), headers={"Content-Type": "text/turtle"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, json.loads(data)


@pytest.fixture(scope="module")
def workers(policy_paths, ingest_ready, tmp_path_factory):
    log = tmp_path_factory.mktemp("workers") / "serve.log"
    served = start_server(policy_paths, log, extra=("--workers", "2"))
    yield served
    served.stop()


def test_two_workers_answer_as_the_app_does(workers, app):
    kids = _children(workers.proc.pid)
    assert len(kids) == 2, kids
    client = app.test_client()
    for i, jid in enumerate(app.extensions["binggui"]["rulebase"].jurisdictions):
        for k in range(3):
            body = turtle(f"w{i}-{k}", jid, income=f"{4000 + 1500 * k}.00", ages=(67, 41, 9))
            status, answer = _answer(workers, body)
            local = client.post(f"{API}/eligibility", data=body, content_type="text/turtle")
            assert status == local.status_code == 200
            assert answer == local.json


def test_a_dead_worker_is_replaced(workers):
    before = _children(workers.proc.pid)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + HANG_GUARD_S
    now = before
    while time.monotonic() < deadline:
        now = {pid for pid in _children(workers.proc.pid) if _alive(pid)}
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.5)
    assert victim not in now and len(now) == 2, (before, now)
    status, answer = _answer(workers, turtle("after-restart", "daye", income="6000.00", ages=(70,)))
    assert status == 200 and answer["jurisdiction"] == "daye"


def test_stopping_the_server_stops_every_worker(policy_paths, ingest_ready, tmp_path):
    served = start_server(policy_paths, tmp_path / "serve.log", extra=("--workers", "2"))
    kids = _children(served.proc.pid)
    assert len(kids) == 2
    log = served.stop()
    assert served.proc.returncode == 0, log
    deadline = time.monotonic() + HANG_GUARD_S
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(k) for k in kids), kids
    assert "Traceback" not in log, log


def test_workers_refuse_a_broken_rule_base(tmp_path):
    bad = broken_policy_folder(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--port", "0", "--workers", "2",
                           "--policies", bad], capture_output=True, text=True, timeout=HANG_GUARD_S, cwd=REPO)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "not serving" in proc.stderr and "serving http" not in proc.stdout
    assert "Traceback" not in proc.stderr


def test_workers_must_be_positive():
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--workers", "0"],
                          capture_output=True, text=True, timeout=HANG_GUARD_S, cwd=REPO)
    assert proc.returncode == 2 and "--workers" in proc.stderr
