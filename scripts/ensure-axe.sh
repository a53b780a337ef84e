#!/bin/sh
# Installs axe-core, the accessibility engine the browser tests inject into Tally's pages
# (tests/tests/browser.rs), into target/axe/ with npm: a pinned version, once. Installs Node.js
# and npm from Debian's packages first when npm is missing (needs root, or sudo). Safe to run
# any number of times.
set -eu

AXE_VERSION=4.14.1
cd "$(dirname "$0")/.."
dest=target/axe
if [ -f "$dest/node_modules/axe-core/axe.min.js" ] \
    && grep -q "\"version\": \"$AXE_VERSION\"" "$dest/node_modules/axe-core/package.json"; then
    echo "axe-core $AXE_VERSION is already installed in $dest"
    exit 0
fi

command -v npm >/dev/null 2>&1 || scripts/apt-install.sh nodejs npm

mkdir -p "$dest"
# A package.json of its own, so npm installs here and not into a parent project.
[ -f "$dest/package.json" ] || echo '{"private": true}' > "$dest/package.json"
npm install --prefix "$dest" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
echo "installed axe-core $AXE_VERSION in $dest"
