#!/usr/bin/env bash
# Runs every test of Tally: unit, data-driven, property, CLI and server tests, and checks that
# the pure `tally` crate still builds for WebAssembly. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-wasm-target.sh

echo "== cargo test (workspace)"
cargo test --workspace --no-fail-fast

echo "== shared crate builds for wasm32-unknown-unknown"
cargo build -p tally --target wasm32-unknown-unknown --quiet
echo "wasm32 build of tally: ok"
