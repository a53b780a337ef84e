//! The editor's evidence card (the embed builds the same content in `embed/src/card.rs`).
//! Everything from the draft, the API or the corpus goes in as text nodes (never as HTML).

use tally::api::{CheckedClaim, EvidenceJson};
use yew::prelude::*;

use crate::api;
use crate::text::utf16_spans_to_bytes;

/// The quote with its figure in `<mark class="tally-quote-figure">`.
fn quote(evidence: &EvidenceJson) -> Html {
    let q = &evidence.quote;
    match utf16_spans_to_bytes(q, &[(evidence.quote_start, evidence.quote_end)]).remove(0) {
        Some(r) => html! {
            <blockquote class="tally-quote">
                { &q[..r.start] }
                <mark class="tally-quote-figure">{ &q[r.clone()] }</mark>
                { &q[r.end..] }
            </blockquote>
        },
        None => html! { <blockquote class="tally-quote">{ q.as_str() }</blockquote> },
    }
}

fn evidence_item(evidence: &EvidenceJson) -> Html {
    let href = api::document_page_url(&evidence.doc, &evidence.quote, evidence.quote_start);
    let (agrees_class, agrees_text) = if evidence.agrees {
        ("tally-agrees", "agrees")
    } else {
        ("tally-differs", "differs")
    };
    html! {
        <li class="tally-evidence" data-doc={evidence.doc.clone()}
            data-agrees={evidence.agrees.to_string()}>
            <p class="tally-evidence-head">
                <span class={classes!("tally-agreement", agrees_class)}>{ agrees_text }</span>
                { " " }
                <span class="tally-evidence-title">{ evidence.title.as_str() }</span>
                { " · " }
                <time class="tally-evidence-date" datetime={evidence.published.clone()}>
                    { evidence.published.as_str() }
                </time>
            </p>
            { quote(evidence) }
            <a class="tally-source" href={href} target="_blank" rel="noopener">
                { "Open the source" }
            </a>
        </li>
    }
}

/// The card's body for one checked claim: verdict, message, the draft's figure against the
/// sources' figures, and each piece of evidence.
pub fn card_body(claim: &CheckedClaim) -> Html {
    let verdict = claim.verdict;
    let mut source_figures: Vec<&str> = Vec::new();
    for e in &claim.evidence {
        if !source_figures.contains(&e.text.as_str()) {
            source_figures.push(&e.text);
        }
    }
    let figures = if source_figures.is_empty() {
        html! {
            <p class="tally-figures">
                { "Draft: " }<strong class="tally-draft-figure">{ claim.claim.text.as_str() }</strong>
                { " · no source states this quantity" }
            </p>
        }
    } else {
        html! {
            <p class="tally-figures">
                { "Draft: " }<strong class="tally-draft-figure">{ claim.claim.text.as_str() }</strong>
                { " · Sources: " }
                { for source_figures.iter().enumerate().map(|(i, f)| html! {
                    <>
                        { if i > 0 { ", " } else { "" } }
                        <strong class="tally-source-figure">{ *f }</strong>
                    </>
                }) }
            </p>
        }
    };
    html! {
        <>
            <p class="tally-card-verdict" data-verdict={verdict.as_str()}>
                { verdict.label() }
            </p>
            <p class="tally-card-message">{ claim.message.as_str() }</p>
            { figures }
            if !claim.evidence.is_empty() {
                <ul class="tally-evidence-list">
                    { for claim.evidence.iter().map(evidence_item) }
                </ul>
            }
        </>
    }
}
