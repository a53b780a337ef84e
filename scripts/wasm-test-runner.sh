#!/usr/bin/env bash
# Cargo's `runner` for wasm32-unknown-unknown (see .cargo/config.toml): runs a wasm test binary
# in headless Chromium with wasm-bindgen's test runner, built from tools/wasm-test-runner.
#
#   cargo test -p tally-widget --target wasm32-unknown-unknown --test '*'
#
# The runner is built in release (the debug build is slow on the large test binaries) in its own
# target directory: the `cargo test` that calls this script holds the lock on `target/`.
# Needs /usr/bin/chromium and /usr/bin/chromedriver (scripts/ensure-browser.sh), or set
# CHROMEDRIVER (and edit tools/wasm-test-runner/webdriver.json for another browser binary).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# Cargo's build settings for the wasm build must not leak into the runner's native build.
env -u CARGO_BUILD_TARGET -u CARGO_TARGET_DIR -u CARGO_ENCODED_RUSTFLAGS -u RUSTFLAGS \
    -u RUSTC_WORKSPACE_WRAPPER -u RUSTC_WRAPPER \
    cargo build --quiet --release --manifest-path "$root/Cargo.toml" \
    -p tally-wasm-test-runner --target-dir "$root/target/wasm-test-runner"

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$root/tools/wasm-test-runner/webdriver.json}"
# Browser tests only (the test files say `wasm_bindgen_test_configure!(run_in_browser)`).
export WASM_BINDGEN_TEST_ONLY_WEB=1
exec "$root/target/wasm-test-runner/release/tally-wasm-test-runner" "$@"
