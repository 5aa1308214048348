"""`binggui serve --workers N`: N server processes answering on one listening socket.

pyDatalog evaluates one household at a time per process (its state is per thread, and one lock
serialises evaluation), so one process uses at most one CPU for answers however many threads
it has. With N workers the parent binds the socket, starts N `binggui serve` children that
inherit it (the kernel hands each connection to one of them), waits until every child has
compiled its rule base, then prints the one `binggui: serving …` line with what the first
child loaded. A child that cannot compile its rule base prints its errors and the command ends
with its exit code. A child that dies is
started again; SIGTERM or Ctrl-C stops them all. The parent answers nothing itself.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

READY = "binggui-worker: ready"
_RESTART_PAUSE_S = 1.0      # between restarts of a child that keeps dying, so a broken one cannot spin


def listening_socket(host: str, port: int) -> socket.socket:
    """The shared socket, bound and listening (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=1024)


def worker_argv(options: list[str], fd: int) -> list[str]:
    """A child's command line: `binggui serve` with the parent's options and the inherited socket."""
    return [sys.executable, "-m", "kb.cli", "serve", *options, "--listen-fd", str(fd)]


class Workers:
    """The children: started, awaited until ready, restarted when one dies, stopped together."""

    def __init__(self, options: list[str], sock: socket.socket, count: int):
        self.argv = worker_argv(options, sock.fileno())
        self.sock = sock
        self.procs: list[subprocess.Popen | None] = [None] * count
        self.stopping = threading.Event()

    def launch(self, index: int) -> None:
        env = {**os.environ, "BINGGUI_WORKER_INDEX": str(index)}
        self.procs[index] = subprocess.Popen(self.argv, pass_fds=(self.sock.fileno(),), stdout=subprocess.PIPE,
                                             text=True, env=env)

    def await_ready(self, index: int) -> str | None:
        """What child `index` loaded once it says it is ready; None if it ended first."""
        proc = self.procs[index]
        for line in proc.stdout:
            if line.startswith(READY):
                threading.Thread(target=_drain, args=(proc.stdout,), daemon=True).start()
                return line[len(READY):].strip()
            sys.stdout.write(line)
        proc.wait()
        return None

    def stop(self) -> None:
        self.stopping.set()
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for proc in self.procs:
            if proc is not None:
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()

    def supervise(self) -> None:
        """Restart any child that ends while the server is meant to run."""
        while not self.stopping.wait(0.5):
            for i, proc in enumerate(self.procs):
                if proc is not None and proc.poll() is not None and not self.stopping.is_set():
                    print(f"binggui serve: worker {i} ended (exit {proc.returncode}); starting it again",
                          file=sys.stderr, flush=True)
                    time.sleep(_RESTART_PAUSE_S)
                    if not self.stopping.is_set():
                        self.launch(i)
                        self.await_ready(i)


def _drain(stream) -> None:
    for line in stream:
        sys.stdout.write(line)


def run_workers(options: list[str], sock: socket.socket, count: int, url: str) -> int:
    """Serve at `url` with `count` children until SIGTERM/SIGINT; a child's exit code if one
    cannot start."""
    workers = Workers(options, sock, count)

    def on_signal(signum, frame):
        if not workers.stopping.is_set():   # a second signal while stopping changes nothing
            workers.stopping.set()
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_signal)
    previous_int = signal.signal(signal.SIGINT, on_signal)
    try:
        for i in range(count):        # compiling in parallel: each child loads its own rule base
            workers.launch(i)
        loaded = None
        for i in range(count):
            said = workers.await_ready(i)
            if said is None:
                code = workers.procs[i].returncode
                print(f"binggui serve: worker {i} did not start (exit {code}); not serving", file=sys.stderr)
                return code or 1
            loaded = loaded or said
        print(f"binggui: serving {url} ({loaded}; {count} worker processes)", flush=True)
        workers.supervise()
    except KeyboardInterrupt:
        pass
    finally:
        workers.stop()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        sock.close()
    return 0
