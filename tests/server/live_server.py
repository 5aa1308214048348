"""One real `binggui serve` process (waitress) for the tests that need the served stack: the
concurrency test, the limits-under-load test and the schemathesis run.

`start_server()` starts it on a free port with a small body limit and waits for its
`binggui: serving http://…` line; `Served.stop()` ends it and returns its log, which must hold
no traceback. The start-up wait is a hang guard (compiling the rule base on a loaded machine),
not a time budget.
"""
from __future__ import annotations

import http.client
import os
import queue
import socket
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START_GUARD_SECONDS = 600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command() -> list[str]:
    """The `binggui` console script of this interpreter's environment, else the same entry point
    run as a module (never some other `binggui` found on PATH)."""
    script = Path(sys.executable).with_name("binggui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kb.cli"]


class Served:
    def __init__(self, port: int, proc: subprocess.Popen, max_bytes: int, log: Path, options: dict):
        self.port, self.proc, self.max_bytes, self.log, self.options = port, proc, max_bytes, log, options

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connection(self, timeout: float = 60) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def stop(self) -> str:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.log.read_text(errors="replace")


def start_server(policy_paths, log: Path, *, max_bytes: int = 256 * 1024, threads: int = 8,
                 extra: tuple[str, ...] = ()) -> Served:
    port = free_port()
    cmd = serve_command() + ["serve", "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads),
                             "--max-bytes", str(max_bytes), *extra, "--policies", *[str(p) for p in policy_paths]]
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, cwd=REPO,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue = queue.Queue()
    def read_lines():
        for x in iter(proc.stdout.readline, b""):
            lines.put(x)
        lines.put(b"")        # the process closed its output (ended) before announcing: fail now
    threading.Thread(target=read_lines, daemon=True).start()
    try:
        line = lines.get(timeout=START_GUARD_SECONDS)
    except queue.Empty:
        line = b""
    if b"serving http://" not in line:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"binggui serve did not start: {line!r} {log.read_text(errors='replace')[-2000:]}")
    if f":{port} ".encode() not in line:
        proc.kill()
        raise RuntimeError(f"binggui serve announced another port: {line!r}")
    return Served(port, proc, max_bytes, log, {"threads": threads})


def run_beside_poller(worker, workers: int, poller, done: threading.Event) -> None:
    """Runs `workers` threads of `worker(k)` and one of `poller()` beside them (it loops until
    `done` is set); returns once every worker has ended and the poller has seen `done`."""
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    poll = threading.Thread(target=poller)
    for t in threads:
        t.start()
    poll.start()
    for t in threads:
        t.join()
    done.set()
    poll.join()
