"""The README's test command (`bash scripts/test.sh`) runs the suite in a virtualenv of its own
(issue 18 item 9): it once ran `python3 -m pip install -e .` in the caller's environment and so
replaced the package under a running `binggui serve`.

The script is run for real with `python3` and `bash` on PATH replaced by recorders (nothing is
installed, nothing is downloaded): the caller's `python3` may only create the virtualenv, and
pip and pytest must run with that virtualenv's Python. The README must say what set-up does
(apt as root for the browser) and how long it takes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

RECORDER = """#!/bin/sh
echo "{name} $*" >> "{log}"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    printf '#!/bin/sh\\necho "venv-python $*" >> "{log}"\\n' > "$3/bin/python"
    chmod +x "$3/bin/python"
fi
"""


def _recorder(folder: Path, name: str, log: Path) -> None:
    path = folder / name
    path.write_text(RECORDER.format(name=name, log=log))
    path.chmod(0o755)


def test_the_test_command_installs_and_runs_in_its_own_virtualenv(tmp_path):
    fake_bin, log, venv = tmp_path / "bin", tmp_path / "calls.log", tmp_path / "venv-of-the-tests"
    fake_bin.mkdir()
    for name in ("python3", "bash"):
        _recorder(fake_bin, name, log)
    real_bash = shutil.which("bash")
    env = {**os.environ, "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}", "BINGGUI_TEST_VENV": str(venv)}
    done = subprocess.run([real_bash, str(REPO / "scripts" / "test.sh"), "-k", "some_test"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    callers_python = [c for c in calls if c.startswith("python3 ")]
    assert callers_python == [f"python3 -m venv {venv}"], calls          # no pip, no pytest out here
    venv_python = [c for c in calls if c.startswith("venv-python ")]
    assert any("-m pip install" in c and "-e .[test,spark]" in c for c in venv_python), calls
    assert venv_python[-1] == "venv-python -m pytest -q -k some_test", calls
    assert "bash scripts/install-browser.sh" in calls and "bash scripts/install-java.sh" in calls


def test_the_test_virtualenv_is_not_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".venv-test/bin/python"], cwd=REPO)
    assert ignored.returncode == 0, ".venv-test is not in .gitignore"


def test_the_readme_says_what_the_test_command_sets_up_and_how_long_it_takes():
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    for words in ("creates a virtualenv of its own (`.venv-test`", "through `apt-get`, which needs root",
                  "spends about 3–5 minutes setting up"):
        assert words in readme, words
