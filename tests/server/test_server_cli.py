"""`binggui serve`: registered in the CLI, refuses to serve a rule base that does not compile."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kb.cli import main
from srv_households import broken_policy_folder

REPO = Path(__file__).resolve().parents[2]


def test_serve_is_a_command(capsys):
    try:
        main(["serve", "--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--threads", "--max-bytes", "--policies"):
        assert option in out


def test_serve_refuses_a_broken_rule_base(tmp_path):
    bad = broken_policy_folder(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--port", "0", "--policies", bad],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "not serving" in proc.stderr and "serving http" not in proc.stdout


def test_serve_rejects_bad_options():
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--threads", "0"],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 2


def test_serve_port_in_use_is_a_message_not_a_traceback(tmp_path):
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--port", str(port), "--policies",
                               "kb/policies/yanqi"], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "cannot listen" in proc.stderr and "Traceback" not in proc.stderr


def test_serve_on_a_host_that_is_no_address_ends_at_once_in_one_line(capsys):
    # before the rule base is loaded (in process: nothing is served)
    for argv in (["serve", "--host", "999.1.1.1", "--port", "0"],
                 ["serve", "--host", "999.1.1.1", "--port", "0", "--workers", "2"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("binggui serve: cannot listen on 999.1.1.1:0: ") and len(err.strip().splitlines()) == 1, err
