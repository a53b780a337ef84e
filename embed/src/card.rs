//! Building the panel's and the card's elements. Everything from the page, the API or the
//! corpus goes in as text nodes (`append` with a string, `textContent`), never as HTML.

use crate::api::{CheckedFigure, Evidence};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use crate::api;
use crate::text::utf16_span_to_bytes;

/// `<tag class="class">` (no class attribute when `class` is empty).
pub fn el(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Ok(element)
}

/// Appends `child` (just built, hence the `Result`) to `parent`.
pub fn add(parent: &Node, child: Result<Element, JsValue>) -> Result<(), JsValue> {
    let child = child?;
    parent.append_child(&child)?;
    Ok(())
}

/// `<tag class="class">text</tag>`.
pub fn el_text(
    document: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let element = el(document, tag, class)?;
    element.set_text_content(Some(text));
    Ok(element)
}

/// The quote with its figure in `<mark class="tally-quote-figure">`.
fn quote(document: &Document, evidence: &Evidence) -> Result<Element, JsValue> {
    let q = &evidence.quote;
    let block = el(document, "blockquote", "tally-quote")?;
    match utf16_span_to_bytes(q, evidence.quote_start, evidence.quote_end) {
        Some(r) => {
            block.append_with_str_1(&q[..r.start])?;
            add(
                &block,
                el_text(document, "mark", "tally-quote-figure", &q[r.clone()]),
            )?;
            block.append_with_str_1(&q[r.end..])?;
        }
        None => block.set_text_content(Some(q)),
    }
    Ok(block)
}

/// One source figure in the card: evidence (with whether it agrees) or, when `related`, a
/// nearby figure that is not evidence (with what it does not share).
fn source_item(document: &Document, source: &Evidence, related: bool) -> Result<Element, JsValue> {
    let href = api::document_page_url(&source.doc, &source.quote, source.quote_start);
    let item = el(
        document,
        "li",
        if related {
            "tally-related"
        } else {
            "tally-evidence"
        },
    )?;
    item.set_attribute("data-doc", &source.doc)?;
    let head = el(document, "p", "tally-evidence-head")?;
    if !related {
        item.set_attribute("data-agrees", if source.agrees { "true" } else { "false" })?;
        let (class, text) = if source.agrees {
            ("tally-agreement tally-agrees", "agrees")
        } else {
            ("tally-agreement tally-differs", "differs")
        };
        add(&head, el_text(document, "span", class, text))?;
        head.append_with_str_1(" ")?;
    }
    add(
        &head,
        el_text(document, "span", "tally-evidence-title", &source.title),
    )?;
    head.append_with_str_1(" · ")?;
    let date = el_text(document, "time", "tally-evidence-date", &source.published)?;
    date.set_attribute("datetime", &source.published)?;
    head.append_child(&date)?;
    item.append_child(&head)?;

    add(&item, quote(document, source))?;
    let unshared = tally::api::unshared(&source.why);
    if related && !unshared.is_empty() {
        add(
            &item,
            el_text(document, "p", "tally-related-why", &unshared),
        )?;
    }

    let link = el_text(document, "a", "tally-source", "Open the source")?;
    link.set_attribute("href", &href)?;
    link.set_attribute("target", "_blank")?;
    link.set_attribute("rel", "noopener")?;
    item.append_child(&link)?;
    Ok(item)
}

/// Appends the card's body for one checked claim to `card`: verdict, message, the page's
/// figure against the sources' figures, and each piece of evidence.
pub fn card_body(
    document: &Document,
    card: &Element,
    claim: &CheckedFigure,
) -> Result<(), JsValue> {
    let verdict = claim.verdict;
    let head = el_text(document, "p", "tally-card-verdict", verdict.label())?;
    head.set_attribute("data-verdict", verdict.as_str())?;
    card.append_child(&head)?;
    add(
        card,
        el_text(document, "p", "tally-card-message", &claim.message),
    )?;

    let mut source_figures: Vec<&str> = Vec::new();
    for e in &claim.evidence {
        if !source_figures.contains(&e.text.as_str()) {
            source_figures.push(&e.text);
        }
    }
    let figures = el(document, "p", "tally-figures")?;
    figures.append_with_str_1("Draft: ")?;
    add(
        &figures,
        el_text(document, "strong", "tally-draft-figure", &claim.text),
    )?;
    if source_figures.is_empty() {
        figures.append_with_str_1(" · no source states this quantity")?;
    } else {
        figures.append_with_str_1(" · Sources: ")?;
        for (i, figure) in source_figures.iter().enumerate() {
            if i > 0 {
                figures.append_with_str_1(", ")?;
            }
            add(
                &figures,
                el_text(document, "strong", "tally-source-figure", figure),
            )?;
        }
    }
    card.append_child(&figures)?;

    if !claim.evidence.is_empty() {
        let list = el(document, "ul", "tally-evidence-list")?;
        for evidence in &claim.evidence {
            add(&list, source_item(document, evidence, false))?;
        }
        card.append_child(&list)?;
    }
    if !claim.related.is_empty() {
        add(
            card,
            el_text(
                document,
                "p",
                "tally-related-head",
                tally::api::RELATED_HEAD,
            ),
        )?;
        let list = el(document, "ul", "tally-evidence-list tally-related-list")?;
        for related in &claim.related {
            add(&list, source_item(document, related, true))?;
        }
        card.append_child(&list)?;
    }
    Ok(())
}
