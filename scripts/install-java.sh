#!/bin/sh
# Install the Java runtime Spark needs (`binggui screen --engine spark` and its differential
# test): Debian's openjdk-17-jre-headless. Idempotent: does nothing when `java` is present.
# Needs root (apt-get); without root and without Java it says so and exits 0, and the Spark
# tests then fail with the one line saying how to install it.
set -eu

if command -v java >/dev/null 2>&1; then
    echo "install-java: $(java -version 2>&1 | head -n 1)"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "install-java: java missing and not root; install openjdk-17-jre-headless for the Spark tests" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends openjdk-17-jre-headless
echo "install-java: $(java -version 2>&1 | head -n 1)"
