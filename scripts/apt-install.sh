#!/bin/sh
# Installs Debian packages for the project's scripts: `scripts/apt-install.sh PACKAGE...`.
# As root, or through sudo; refreshes the package lists only when a package is not in them yet,
# and once more when the install fails on stale lists. Fails with what to run by hand otherwise.
set -eu

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get not found. Install $* by other means, then run the tests again." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "error: installing $* needs root, and sudo is not available." >&2
    echo "As root, run: apt-get update && apt-get install -y $*" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive

known=yes
for p in "$@"; do
    apt-cache show "$p" >/dev/null 2>&1 || known=no
done
if [ "$known" = no ]; then
    echo "== apt-get update ($* not in the package lists yet)"
    $as_root apt-get update
fi

echo "== apt-get install $*"
if ! $as_root apt-get install -y --no-install-recommends "$@"; then
    # Stale package lists name versions the mirror no longer has: refresh and try once more.
    echo "== install failed; apt-get update and retry"
    $as_root apt-get update
    $as_root apt-get install -y --no-install-recommends "$@"
fi
