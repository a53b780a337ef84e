//! Tally on a publisher's page: the WebAssembly the `/widget.js` loader runs.
//!
//! A crate of its own so that a publisher's readers download far less than Tally's editor: no
//! Yew, only `web-sys` calls and the `tally::api` wire types (LTO drops the rest of `tally`).
//! The server's build script compiles it to WebAssembly next to the widget and serves it as
//! `/pkg/tally_embed.js` and `/pkg/tally_embed_bg.wasm`.
//!
//! One entry point, [`embed`]; what it adds to the page is described in [`page`]. Plain-Rust
//! parts ([`text`]) are unit-tested natively with `cargo test -p tally-embed`; the browser
//! behaviour is tested end to end in `tests/tests/browser.rs`.

use wasm_bindgen::prelude::*;

mod api;
mod card;
pub mod page;
pub mod text;

/// Marks the figures of the first element matching `selector` on the current page, checking
/// them against the Tally server at `host` (its base URL, e.g. `https://tally.example`).
/// Called by `/widget.js`; see [`page`] for what it adds to the page.
#[wasm_bindgen]
pub fn embed(host: &str, selector: &str) -> Result<(), JsValue> {
    page::start(host, selector)
}
