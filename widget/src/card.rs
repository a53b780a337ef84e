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

/// One source figure in the card: evidence (with whether it agrees) or, when `related`, a
/// nearby figure that is not evidence (with what it does not share).
fn source_item(source: &EvidenceJson, related: bool) -> Html {
    let href = api::document_page_url(&source.doc, &source.quote, source.quote_start);
    let (agrees_class, agrees_text) = if source.agrees {
        ("tally-agrees", "agrees")
    } else {
        ("tally-differs", "differs")
    };
    let unshared = tally::api::unshared(&source.why);
    html! {
        <li class={if related { "tally-related" } else { "tally-evidence" }}
            data-doc={source.doc.clone()}
            data-agrees={(!related).then(|| source.agrees.to_string())}>
            <p class="tally-evidence-head">
                if !related {
                    <span class={classes!("tally-agreement", agrees_class)}>{ agrees_text }</span>
                    { " " }
                }
                <span class="tally-evidence-title">{ source.title.as_str() }</span>
                { " · " }
                <time class="tally-evidence-date" datetime={source.published.clone()}>
                    { source.published.as_str() }
                </time>
            </p>
            { quote(source) }
            if related && !unshared.is_empty() {
                <p class="tally-related-why">{ unshared }</p>
            }
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
                    { for claim.evidence.iter().map(|e| source_item(e, false)) }
                </ul>
            }
            if !claim.related.is_empty() {
                <p class="tally-related-head">{ tally::api::RELATED_HEAD }</p>
                <ul class="tally-evidence-list tally-related-list">
                    { for claim.related.iter().map(|e| source_item(e, true)) }
                </ul>
            }
        </>
    }
}
