//! Tally's browser widget, built with Yew and compiled to WebAssembly.
//!
//! The server crate's build script compiles this crate for `wasm32-unknown-unknown`, runs
//! wasm-bindgen on it and embeds the result; the page it serves calls [`run`] once the module has
//! loaded. For now the app is a shell: a heading, a line of text and a draft box. The editor
//! proper (claims, checks, server calls) comes later.
//!
//! State that carries meaning lives in plain Rust types ([`Draft`]) so it can be unit-tested
//! natively with `cargo test -p tally-widget`, without a browser.

use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Id of the element the app mounts into when the page provides one; otherwise it takes
/// `document.body`. Letting the page choose keeps the widget embeddable in other pages later.
pub const ROOT_ID: &str = "tally-app";

/// The text being drafted, plus what the app derives from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    text: String,
}

impl Draft {
    /// Wraps `text` as a draft.
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }

    /// The draft's text, exactly as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of whitespace-separated words: a cheap, obvious measure to show the user
    /// that the widget is live, until the real analysis arrives.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// A one-line status for the draft, in plain English.
    pub fn status(&self) -> String {
        match self.word_count() {
            0 => "Nothing drafted yet.".to_owned(),
            1 => "1 word.".to_owned(),
            n => format!("{n} words."),
        }
    }
}

/// The whole app: heading, a line of explanation and the draft box.
#[function_component(App)]
fn app() -> Html {
    // `Rc`-backed handle; setting it re-renders the component.
    let draft = use_state(Draft::default);

    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            // The event is registered on the textarea itself, so its target is that textarea.
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            draft.set(Draft::new(area.value()));
        })
    };

    html! {
        <main class="tally">
            <h1>{ "Tally" }</h1>
            <p>{ "Paste or write a draft below; Tally will check the numbers in it." }</p>
            <label for="tally-draft">{ "Draft" }</label>
            <textarea
                id="tally-draft"
                rows="12"
                cols="80"
                spellcheck="true"
                value={draft.text().to_owned()}
                {oninput}
            />
            <p class="tally-status" aria-live="polite">{ draft.status() }</p>
        </main>
    }
}

/// Mounts the app into `#tally-app` if the page has such an element, else into `document.body`.
///
/// An explicit entry point rather than `#[wasm_bindgen(start)]`: a start function would also
/// run inside any wasm test binary that links this crate, mounting the app in the test page.
#[wasm_bindgen]
pub fn run() {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(ROOT_ID));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_draft_says_so() {
        let draft = Draft::default();
        assert_eq!(draft.text(), "");
        assert_eq!(draft.word_count(), 0);
        assert_eq!(draft.status(), "Nothing drafted yet.");
    }

    #[test]
    fn whitespace_only_draft_has_no_words() {
        assert_eq!(Draft::new(" \n\t ").word_count(), 0);
    }

    #[test]
    fn counts_words_and_pluralises() {
        assert_eq!(Draft::new("42").status(), "1 word.");
        assert_eq!(
            Draft::new("Unemployment fell to 4.1%\nin March.").status(),
            "6 words."
        );
    }
}
