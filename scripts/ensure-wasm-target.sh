#!/bin/sh
# Installs the Rust target the widget is built for (wasm32-unknown-unknown), unless it is
# already there. Safe to run any number of times.
#
# server/build.rs does the same on its own when rustup is on PATH; this script is for setting a
# machine up ahead of time (CI images, containers) and for when the build script asks for it.
set -eu

target=wasm32-unknown-unknown

if ! command -v rustup >/dev/null 2>&1; then
    echo "error: rustup not found on PATH. Install the $target target for your Rust" >&2
    echo "toolchain some other way (its standard library must be in \`rustc --print sysroot\`)." >&2
    exit 1
fi

# Run from the repository so a rust-toolchain file there, if one is ever added, picks the
# toolchain to install for.
cd "$(dirname "$0")/.."

if rustup target list --installed | grep -qx "$target"; then
    echo "$target is already installed"
else
    rustup target add "$target"
fi
