#!/bin/sh
# Installs the browser the end-to-end tests drive (tests/tests/browser.rs): Debian's `chromium`
# and `chromium-driver`, unless /usr/bin/chromium and /usr/bin/chromedriver are already there.
# Safe to run any number of times. Needs root, or sudo.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium and chromedriver are already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get not found. Install Chromium and its WebDriver (chromedriver) so that" >&2
    echo "/usr/bin/chromium and /usr/bin/chromedriver exist, then run the tests again." >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "error: installing chromium and chromium-driver needs root, and sudo is not available." >&2
    echo "As root, run: apt-get update && apt-get install -y chromium chromium-driver" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Update the package lists only when the packages are not known yet (a fresh image has none).
if ! apt-cache show chromium-driver >/dev/null 2>&1 || ! apt-cache show chromium >/dev/null 2>&1; then
    echo "== apt-get update (chromium packages not in the package lists yet)"
    $as_root apt-get update
fi

echo "== apt-get install chromium chromium-driver"
if ! $as_root apt-get install -y --no-install-recommends chromium chromium-driver; then
    # Stale package lists name versions the mirror no longer has: refresh and try once more.
    echo "== install failed; apt-get update and retry"
    $as_root apt-get update
    $as_root apt-get install -y --no-install-recommends chromium chromium-driver
fi

for f in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$f" ]; then
        echo "error: $f is still missing after installing chromium and chromium-driver" >&2
        exit 1
    fi
done
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(/usr/bin/chromedriver --version 2>/dev/null | head -n 1)"
