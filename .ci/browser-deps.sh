#!/usr/bin/env bash
# Headless Chromium, its driver and Korean fonts for the explorer's browser tests (Debian packages).
# Installs them when missing and we are root with apt-get; otherwise says why the tests will skip.
set -uo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
if (have chromium || have chromium-browser) && have chromedriver && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "installing chromium, chromium-driver and fonts-noto-cjk for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; then
        exit 0
    fi
    echo "could not install Chromium with apt-get: the explorer's browser tests will be skipped" >&2
else
    echo "Chromium/chromedriver missing and not root with apt-get: the explorer's browser tests will be skipped" \
         "(install chromium, chromium-driver and fonts-noto-cjk to run them)" >&2
fi
exit 0
