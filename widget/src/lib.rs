//! Tally's browser widget, built with Yew and compiled to WebAssembly.
//!
//! The server crate's build script compiles this crate for `wasm32-unknown-unknown`, runs
//! wasm-bindgen on it and embeds the result. Its entry point is [`run`], called by Tally's own
//! page shell: it mounts the editor ([`editor`]) at `/`, or a source document page
//! ([`document`]) at `/documents/{id}`, chosen from `location.pathname`.
//!
//! The `/widget.js` embed on publishers' pages is a separate, much smaller crate without Yew
//! (`embed/`, crate `tally-embed`), so publishers' readers do not download the editor.
//!
//! Logic that carries meaning is plain Rust, unit-tested natively (`cargo test -p
//! tally-widget`): the editor's state and reducer ([`state`]), UTF-16 offsets and text segments
//! ([`text`]), the document layout ([`document::Layout`]). All HTTP goes through [`api`].

use wasm_bindgen::prelude::*;

pub mod api;
pub mod card;
pub mod document;
pub mod editor;
pub mod state;
pub mod text;

/// Id of the element the app mounts into when the page provides one; otherwise it takes
/// `document.body`.
pub const ROOT_ID: &str = "tally-app";

/// What a path of Tally's own pages shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Editor,
    /// `/documents/{id}`, with the id percent-decoded by the caller.
    Document(String),
}

impl Page {
    /// The page for `path` (`location.pathname`, still percent-encoded).
    pub fn of_path(path: &str) -> Self {
        match path.strip_prefix("/documents/") {
            Some(id) if !id.is_empty() && !id.contains('/') => Page::Document(id.to_owned()),
            _ => Page::Editor,
        }
    }
}

/// Mounts the editor or a document page into `#tally-app` (or `document.body`).
///
/// An explicit entry point rather than `#[wasm_bindgen(start)]`, so loading the module has no
/// side effect until the page asks for it.
#[wasm_bindgen]
pub fn run() {
    let window = web_sys::window();
    let location = window.as_ref().map(|w| w.location());
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let root = window
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(ROOT_ID));
    match Page::of_path(&path) {
        Page::Editor => {
            match root {
                Some(root) => yew::Renderer::<editor::Editor>::with_root(root).render(),
                None => yew::Renderer::<editor::Editor>::new().render(),
            };
        }
        Page::Document(raw_id) => {
            let id = js_sys::decode_uri_component(&raw_id)
                .map(String::from)
                .unwrap_or(raw_id);
            let params = location
                .and_then(|l| l.search().ok())
                .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
            let quote = params.as_ref().and_then(|p| p.get("quote"));
            let at = params
                .as_ref()
                .and_then(|p| p.get("at"))
                .and_then(|a| a.parse().ok());
            let props = document::DocumentProps { id, quote, at };
            match root {
                Some(root) => {
                    yew::Renderer::<document::DocumentPage>::with_root_and_props(root, props)
                        .render()
                }
                None => yew::Renderer::<document::DocumentPage>::with_props(props).render(),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_by_path() {
        assert_eq!(Page::of_path("/"), Page::Editor);
        assert_eq!(Page::of_path("/index.html"), Page::Editor);
        assert_eq!(
            Page::of_path("/documents/004_f422c94cc093e5fa"),
            Page::Document("004_f422c94cc093e5fa".into())
        );
        assert_eq!(Page::of_path("/documents/"), Page::Editor);
        assert_eq!(Page::of_path("/documents/a/b"), Page::Editor);
    }
}
