#!/bin/sh
# Installs the browser the end-to-end tests drive (tests/tests/browser.rs): Debian's `chromium`
# and `chromium-driver`, unless /usr/bin/chromium and /usr/bin/chromedriver are already there.
# Safe to run any number of times. Needs root, or sudo.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium and chromedriver are already installed"
    exit 0
fi

"$(dirname "$0")/apt-install.sh" chromium chromium-driver

for f in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$f" ]; then
        echo "error: $f is still missing after installing chromium and chromium-driver" >&2
        exit 1
    fi
done
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(/usr/bin/chromedriver --version 2>/dev/null | head -n 1)"
