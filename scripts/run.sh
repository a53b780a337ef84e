#!/usr/bin/env bash
# Builds Tally in release mode and runs `tally serve` (default http://127.0.0.1:8080/) with the
# embedded seed corpus. Extra arguments go to `tally serve`, e.g. `--bind 0.0.0.0:9000`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-wasm-target.sh
# The first build compiles the widget to WebAssembly inside the server's build script: it sits
# at "tally-server(build)" for a minute or two with no output.
cargo build --release -p tally-server
exec target/release/tally serve "$@"
