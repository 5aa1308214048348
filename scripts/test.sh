#!/usr/bin/env bash
# The test command of the README (and of .ci/run): install binggui with its test extras and
# the headless browser the page tests drive, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
fi
exec python3 -m pytest -q "$@"
