#!/usr/bin/env bash
# Runs every test of Tally: unit, data-driven, property, CLI and server tests, the corpus store on
# SQLite and PostgreSQL, the HTTP contract under Schemathesis, the end-to-end tests of the widget
# and the embed in headless Chromium, and checks that the pure `tally` crate still builds for
# WebAssembly. Installs what it needs first (the wasm32 target, Chromium and chromedriver,
# axe-core under target/axe, Schemathesis in a virtual environment under target/); the store's
# tests start scratch PostgreSQL servers with scripts/postgres.sh, which installs Debian's
# postgresql package when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-wasm-target.sh
scripts/ensure-browser.sh
scripts/ensure-axe.sh

# The browser tests (tests/tests/browser.rs) run the `tally` binary and build nothing themselves.
echo "== cargo build -p tally-server"
cargo build -p tally-server

echo "== cargo test (workspace)"
cargo test --workspace --no-fail-fast

# The verdict scores on the sets made from other outlets' reporting, printed (cargo test keeps
# a passing test's output to itself); TALLY_EVAL_FAILURES=1 lists every failure.
echo "== verdict scores on real reporting"
cargo test --quiet -p tally-tests --test real_reporting -- --nocapture

# The HTTP contract checked by a client we did not write: Schemathesis generates about a
# thousand requests from /openapi.json (installs itself into target/ on first use).
echo "== schemathesis against /openapi.json"
scripts/schemathesis.sh

# The widget's DOM tests (widget/tests/) under wasm-bindgen-test in headless Chromium; the runner
# is scripts/wasm-test-runner.sh (.cargo/config.toml), which builds tools/wasm-test-runner once.
echo "== widget DOM tests (wasm-bindgen-test, headless Chromium)"
cargo test -p tally-widget --target wasm32-unknown-unknown --test '*'

echo "== shared crate builds for wasm32-unknown-unknown"
cargo build -p tally --target wasm32-unknown-unknown --quiet
echo "wasm32 build of tally: ok"
