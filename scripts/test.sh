#!/usr/bin/env bash
# The test command of the README (and of .ci/run): install binggui with its test extras and
# the headless browser the page tests drive and the Java runtime Spark needs, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
fi
bash scripts/install-java.sh
exec python3 -m pytest -q "$@"
