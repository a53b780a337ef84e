//! Source document pages, `/documents/{id}?quote=…&at=…`: the corpus article with its figures
//! marked, and the quoted sentence (if the URL names one) highlighted and scrolled into view.
//!
//! DOM: `#tally-document[data-state=loading|ready|error]`, marks
//! `mark.tally-mark[data-kind][data-start][data-end]`, the quoted sentence
//! `span.tally-quoted#tally-quoted`, the cited figure `mark.tally-cited`.

use std::ops::Range;
use std::rc::Rc;

use tally::api::DocumentJson;
use web_sys::{ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::api;
use crate::text::{cut, paragraphs, segments, utf16_spans_to_bytes, Segment};

/// What the URL asks to show.
#[derive(Debug, Clone, PartialEq, Eq, Properties)]
pub struct DocumentProps {
    pub id: String,
    /// The quoted sentence, as the evidence gives it.
    pub quote: Option<String>,
    /// The figure's UTF-16 offset inside the quote.
    pub at: Option<usize>,
}

/// A document laid out for reading.
#[derive(Debug, PartialEq)]
pub struct Layout {
    pub doc: DocumentJson,
    /// Byte range of each claim's figure (`None` if it could not be placed).
    pub marks: Vec<Option<Range<usize>>>,
    /// Byte range of the quoted sentence, if found.
    pub quote: Option<Range<usize>>,
    /// Index of the cited figure's claim.
    pub cited: Option<usize>,
    pub paragraphs: Vec<Vec<Segment>>,
}

impl Layout {
    pub fn new(doc: DocumentJson, quote: Option<&str>, at: Option<usize>) -> Self {
        let text = &doc.text;
        let spans: Vec<(usize, usize)> = doc
            .claims
            .iter()
            .map(|c| (c.figure.start, c.figure.end))
            .collect();
        let marks = utf16_spans_to_bytes(text, &spans);
        let quote_range = quote
            .filter(|q| !q.trim().is_empty())
            .and_then(|q| text.find(q).map(|start| start..start + q.len()));
        let cited = match (&quote_range, quote, at) {
            (Some(range), Some(q), Some(at)) => {
                let figure = crate::text::utf16_to_byte(q, at).map(|b| range.start + b);
                figure.and_then(|f| {
                    marks
                        .iter()
                        .position(|m| m.as_ref().is_some_and(|m| m.start == f))
                })
            }
            _ => None,
        };
        let mut segs = segments(text.len(), &marks);
        if let Some(range) = &quote_range {
            segs = cut(cut(segs, range.start), range.end);
        }
        let paragraphs = paragraphs(text, segs);
        Self {
            doc,
            marks,
            quote: quote_range,
            cited,
            paragraphs,
        }
    }

    fn in_quote(&self, seg: &Segment) -> bool {
        self.quote
            .as_ref()
            .is_some_and(|q| q.start <= seg.bytes.start && seg.bytes.end <= q.end)
    }
}

fn render_segment(layout: &Layout, seg: &Segment) -> Html {
    let text = &layout.doc.text;
    match seg.mark {
        None => html! { { &text[seg.bytes.clone()] } },
        Some(i) => {
            let claim = &layout.doc.claims[i];
            let kind = serde_json::to_value(claim.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let class = classes!(
                "tally-mark",
                (layout.cited == Some(i)).then_some("tally-cited")
            );
            html! {
                <mark {class} data-kind={kind}
                    data-start={claim.figure.start.to_string()}
                    data-end={claim.figure.end.to_string()}>
                    { &text[seg.bytes.clone()] }
                </mark>
            }
        }
    }
}

fn render_paragraph(layout: &Layout, para: &[Segment]) -> Html {
    // Consecutive segments inside the quote go into one highlighted span.
    let mut out: Vec<Html> = Vec::new();
    let mut quoted: Vec<Html> = Vec::new();
    for seg in para {
        if layout.in_quote(seg) {
            quoted.push(render_segment(layout, seg));
            continue;
        }
        if !quoted.is_empty() {
            out.push(html! {
                <span class="tally-quoted" id="tally-quoted">{ for quoted.drain(..) }</span>
            });
        }
        out.push(render_segment(layout, seg));
    }
    if !quoted.is_empty() {
        out.push(html! {
            <span class="tally-quoted" id="tally-quoted">{ for quoted.drain(..) }</span>
        });
    }
    html! { <p>{ for out }</p> }
}

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Rc<Layout>),
    Failed(String),
}

/// The document page.
#[function_component(DocumentPage)]
pub fn document_page(props: &DocumentProps) -> Html {
    let load = use_state(|| Load::Loading);
    {
        let load = load.clone();
        use_effect_with(props.clone(), move |props| {
            let props = props.clone();
            wasm_bindgen_futures::spawn_local(async move {
                load.set(match api::document(&props.id).await {
                    Ok(doc) => {
                        Load::Ready(Rc::new(Layout::new(doc, props.quote.as_deref(), props.at)))
                    }
                    Err(err) => Load::Failed(err.message()),
                });
            });
        });
    }
    // Once laid out, bring the quoted sentence into view.
    let ready = matches!(*load, Load::Ready(_));
    use_effect_with(ready, |ready| {
        if *ready {
            let quoted = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("tally-quoted"));
            if let Some(quoted) = quoted {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Center);
                quoted.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
    });

    let back =
        html! { <p class="tally-back"><a href={api::editor_url()}>{ "← Tally editor" }</a></p> };
    match &*load {
        Load::Loading => html! {
            <main class="tally-page">
                { back }
                <article id="tally-document" data-state="loading">
                    <p>{ "Loading the document…" }</p>
                </article>
            </main>
        },
        Load::Failed(message) => html! {
            <main class="tally-page">
                { back }
                <article id="tally-document" data-state="error">
                    <h1>{ "Document not available" }</h1>
                    <p class="tally-error">{ message.as_str() }</p>
                </article>
            </main>
        },
        Load::Ready(layout) => {
            let doc = &layout.doc;
            let note = match (props.quote.is_some(), layout.quote.is_some()) {
                (true, true) => html! {
                    <p class="tally-quote-note">{ "The quoted sentence is highlighted below." }</p>
                },
                (true, false) => html! {
                    <p class="tally-quote-note">{ "The quoted sentence was not found in this version of the document." }</p>
                },
                _ => html! {},
            };
            html! {
                <main class="tally-page">
                    { back }
                    <article id="tally-document" data-state="ready" data-doc={doc.summary.id.clone()}>
                        <h1 class="tally-doc-title">{ doc.summary.title.as_str() }</h1>
                        <p class="tally-doc-date">
                            { "Published " }
                            <time datetime={doc.summary.published.clone()}>{ doc.summary.published.as_str() }</time>
                            { for doc.summary.date_basis.as_ref().map(|b| html! {
                                <span class="tally-date-basis">{ format!(" (date from {b})") }</span>
                            }) }
                        </p>
                        { note }
                        <div class="tally-doc-text">
                            { for layout.paragraphs.iter().map(|p| render_paragraph(layout, p)) }
                        </div>
                    </article>
                </main>
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally::api::DocumentSummary;

    fn doc(text: &str) -> DocumentJson {
        DocumentJson {
            summary: DocumentSummary {
                id: "d".into(),
                title: "T".into(),
                published: "2025-04-14".into(),
                date_basis: None,
                url: None,
            },
            text: text.into(),
            claims: tally::api::extract_json(text),
        }
    }

    #[test]
    fn finds_the_quote_and_the_cited_figure() {
        let text = "Title\n\nTalks stalled. Hamas released 33 hostages in “phase one”.\nMore.";
        let quote = "Hamas released 33 hostages in “phase one”.";
        let at = "Hamas released ".len();
        let layout = Layout::new(doc(text), Some(quote), Some(at));
        let range = layout.quote.clone().expect("quote found");
        assert_eq!(&text[range], quote);
        let cited = layout.cited.expect("cited figure");
        assert_eq!(layout.doc.claims[cited].text, "33");
        // The quote lies in one paragraph and its segments do not cross its ends.
        let para = &layout.paragraphs[1];
        let inside: String = para
            .iter()
            .filter(|s| layout.in_quote(s))
            .map(|s| &text[s.bytes.clone()])
            .collect();
        assert_eq!(inside, quote);
    }

    #[test]
    fn a_missing_quote_is_no_error() {
        let layout = Layout::new(doc("Some 130 hostages remain."), Some("not there"), Some(0));
        assert!(layout.quote.is_none());
        assert!(layout.cited.is_none());
        assert_eq!(layout.paragraphs.len(), 1);
    }
}
