#!/bin/sh
# Install the headless browser the browser tests drive: Debian's chromium and chromium-driver,
# and poppler-utils (pdftotext), with which the notice tests read the PDF Chromium prints.
#
# Idempotent: does nothing when chromium, chromedriver and pdftotext are all present.
# Needs root (apt-get); without root and without the browser it says so and exits 0, and the
# browser tests then skip with that reason. Used by the project's test command (.ci/run).
set -eu

have() { command -v "$1" >/dev/null 2>&1; }

if have chromium && have chromedriver && have pdftotext; then
    echo "install-browser: chromium, chromedriver and pdftotext already present"
    exit 0
fi

if [ "$(id -u)" != "0" ]; then
    echo "install-browser: chromium/chromedriver missing and not root; browser tests will be skipped" >&2
    exit 0
fi

if ! have apt-get; then
    echo "install-browser: no apt-get on this system; install chromium and chromedriver by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium chromium-driver fonts-noto-cjk poppler-utils
echo "install-browser: $(chromium --version 2>/dev/null || echo chromium installed)"
