#!/usr/bin/env bash
# The test command of the README (and of .ci/run): create (once) a virtualenv of its own,
# install binggui with its test extras there, install the headless browser the page tests
# drive and the Java runtime Spark needs, then run the whole suite with that environment's Python.
#
# The tests never install into the Python that `python3 -m pip install . && binggui serve`
# used, so running them cannot replace the package under a running server.
# BINGGUI_TEST_VENV moves the environment (default: .venv-test in the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${BINGGUI_TEST_VENV:-.venv-test}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
fi
bash scripts/install-java.sh
exec "$venv/bin/python" -m pytest -q "$@"
