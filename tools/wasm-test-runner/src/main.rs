//! `wasm-bindgen-test-runner`, built from the `wasm-bindgen-cli` crate's library.
//!
//! Cargo runs it for every `cargo test --target wasm32-unknown-unknown` binary (through
//! `scripts/wasm-test-runner.sh`, named as the target's `runner` in `.cargo/config.toml`). It
//! runs wasm-bindgen on the test binary, serves it, and drives headless Chromium through
//! chromedriver (`CHROMEDRIVER`, capabilities from `WASM_BINDGEN_TEST_WEBDRIVER_JSON`).
//! Being a workspace crate, its wasm-bindgen version is the one `Cargo.lock` gives the widget.

fn main() -> anyhow::Result<()> {
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
