//! The editor page at `/`: one draft area whose figures are marked in place, the card (with
//! its one-step fix), the summary, and the report and ClaimReview exports.
//!
//! The marks sit in a layer over the textarea (`#tally-marked`, same box, font and wrapping,
//! its text transparent, only the marks taking the pointer), kept in step with the textarea's
//! text and scroll: the textarea stays a plain textarea, so typing, IME input, undo and paste
//! are the browser's own. Between checks the marks follow the edits (`state::Placed`).
//!
//! DOM contract (the end-to-end tests rely on it): `#tally-draft`, `#tally-check`,
//! `#tally-as-of`, `#tally-status[data-state]`, `#tally-marked` with
//! `mark.tally-mark[data-verdict][data-start][data-end][data-index][tabindex=0]` (offsets in
//! UTF-16 units of the current draft; `data-inconsistent` on figures of a consistency
//! finding), `#tally-card` with `button.tally-use` and `button.tally-ignore`, `#tally-summary`
//! with `button.tally-summary-item[data-start]`, `[data-ignored]`, `li.tally-finding[data-kind]`,
//! `#tally-copy-report` and `#tally-claimreview`.

use std::collections::BTreeSet;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use tally::Utf16Index;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlDocument, HtmlElement, HtmlInputElement,
    HtmlTextAreaElement, ScrollIntoViewOptions, ScrollLogicalPosition, Url,
};
use yew::prelude::*;

use crate::api;
use crate::card::card_body;
use crate::state::{Action, Checked, EditorState, IgnoreKey, OpenCard, Placed};

/// How long typing must pause before the draft is checked.
pub const DEBOUNCE_MS: u32 = 600;

/// Width of the card, in CSS pixels (kept in sync with the page's stylesheet).
const CARD_WIDTH: f64 = 380.0;

/// Where to open the card for `mark`: below it, in document coordinates, kept on screen.
fn card_position(mark: &Element, index: usize) -> OpenCard {
    let rect = mark.get_bounding_client_rect();
    let window = web_sys::window();
    let (sx, sy, width) = window
        .map(|w| {
            (
                w.scroll_x().unwrap_or(0.0),
                w.scroll_y().unwrap_or(0.0),
                w.inner_width()
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(1200.0),
            )
        })
        .unwrap_or((0.0, 0.0, 1200.0));
    let left = rect.left().min(width - CARD_WIDTH - 16.0).max(8.0) + sx;
    OpenCard {
        index,
        left,
        top: rect.bottom() + sy + 4.0,
    }
}

/// The mark an event happened on, with its index.
fn mark_of(event: &Event) -> Option<(Element, usize)> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let mark = target.closest("mark.tally-mark").ok()??;
    let index = mark.get_attribute("data-index")?.parse().ok()?;
    Some((mark, index))
}

/// Scrolls `mark` to the middle of the screen and focuses it (which opens its card).
pub fn reveal(mark: &Element) {
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Center);
    mark.scroll_into_view_with_scroll_into_view_options(&options);
    if let Some(el) = mark.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
}

fn marked_view_root() -> Option<Element> {
    web_sys::window()?
        .document()?
        .get_element_by_id("tally-marked")
}

#[derive(Properties, PartialEq)]
struct MarkedProps {
    text: Rc<str>,
    placed: Option<Rc<Placed>>,
    dispatcher: UseReducerDispatcher<EditorState>,
}

/// The layer of marks over the draft: the draft's text, transparent, with its figures marked.
#[function_component(MarkedView)]
fn marked_view(props: &MarkedProps) -> Html {
    let open = {
        let dispatcher = props.dispatcher.clone();
        move |event: &Event| {
            if let Some((mark, index)) = mark_of(event) {
                dispatcher.dispatch(Action::Open(Some(card_position(&mark, index))));
            }
        }
    };
    let onmouseover = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| open(&e))
    };
    let onfocusin = {
        let open = open.clone();
        Callback::from(move |e: FocusEvent| open(&e))
    };
    let onclick = Callback::from(move |e: MouseEvent| open(&e));
    // n / p (or j / k) move between marks when one has focus.
    // Enter moves focus into the open card (to reach its buttons and source links).
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let step: i32 = match e.key().as_str() {
            "n" | "j" => 1,
            "p" | "k" => -1,
            "Enter" if mark_of(&e).is_some() => {
                // After the render that opens the card.
                Timeout::new(0, || {
                    let card = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("tally-card"));
                    if let Some(card) = card.and_then(|c| c.dyn_into::<HtmlElement>().ok()) {
                        let _ = card.focus();
                    }
                })
                .forget();
                return;
            }
            _ => return,
        };
        let (Some((mark, _)), Some(root)) = (mark_of(&e), marked_view_root()) else {
            return;
        };
        let Ok(marks) = root.query_selector_all("mark.tally-mark") else {
            return;
        };
        let all: Vec<Element> = (0..marks.length())
            .filter_map(|k| marks.item(k)?.dyn_into::<Element>().ok())
            .collect();
        let Some(at) = all.iter().position(|m| *m == mark) else {
            return;
        };
        if let Some(next) = all.get((at as i32 + step).max(0) as usize) {
            reveal(next);
        }
    });

    let text = &props.text;
    let Some(placed) = &props.placed else {
        return html! {
            <div id="tally-marked" class="tally-overlay" data-stale="true">
                <span aria-hidden="true">{ text.to_string() }</span>
            </div>
        };
    };
    let checked = &placed.checked;
    let utf16 = Utf16Index::new(text);
    let inconsistent: Vec<bool> = (0..checked.claims.len())
        .map(|i| checked.findings_of(i).next().is_some())
        .collect();
    html! {
        <div id="tally-marked" class="tally-overlay" data-stale={(*checked.text != **text).to_string()}
            {onmouseover} {onfocusin} {onclick} {onkeydown}>
            { for placed.segments.iter().map(|seg| match seg.mark {
                None => html! { <span aria-hidden="true">{ &text[seg.bytes.clone()] }</span> },
                Some(i) => {
                    let claim = &checked.claims[i];
                    let verdict = claim.verdict.as_str();
                    let label = format!("{}: {}", &text[seg.bytes.clone()], claim.verdict.label());
                    html! {
                        <mark class="tally-mark" data-verdict={verdict}
                            data-start={utf16.utf16(seg.bytes.start).to_string()}
                            data-end={utf16.utf16(seg.bytes.end).to_string()}
                            data-index={i.to_string()}
                            data-inconsistent={inconsistent[i].then_some("true")}
                            tabindex="0" role="button" aria-label={label.clone()}
                            title={label}>
                            { &text[seg.bytes.clone()] }
                        </mark>
                    }
                }
            }) }
        </div>
    }
}

/// The draft's textarea, by id.
fn draft_area() -> Option<HtmlTextAreaElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("tally-draft")?
        .dyn_into()
        .ok()
}

/// Keeps the layer of marks scrolled with the textarea.
fn sync_scroll() {
    if let (Some(area), Some(layer)) = (draft_area(), marked_view_root()) {
        layer.set_scroll_top(area.scroll_top());
        layer.set_scroll_left(area.scroll_left());
    }
}

/// Replaces the UTF-16 range `start..end` of the draft with `text` as if typed: the browser
/// records it, so Ctrl+Z undoes it, and the input event re-checks the draft.
fn replace_in_draft(start: usize, end: usize, text: &str) -> bool {
    let Some(area) = draft_area() else {
        return false;
    };
    let _ = area.focus();
    let _ = area.set_selection_range(start as u32, end as u32);
    let document: Option<HtmlDocument> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into().ok());
    let inserted = document
        .and_then(|d| {
            d.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false);
    if !inserted {
        // No editing command here: set the text (undo then cannot take it back).
        let value = area.value();
        let units: Vec<u16> = value.encode_utf16().collect();
        let mut next: Vec<u16> = units[..start.min(units.len())].to_vec();
        next.extend(text.encode_utf16());
        next.extend_from_slice(&units[end.min(units.len())..]);
        area.set_value(&String::from_utf16_lossy(&next));
        if let Ok(event) = web_sys::InputEvent::new("input") {
            let _ = area.dispatch_event(&event);
        }
    }
    true
}

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`), if the page may.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok();
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &"writeText".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    match (clipboard, write) {
        (Some(c), Some(f)) => f.call1(&c, &text.into()).is_ok(),
        _ => false,
    }
}

/// Offers `body` as a file download named `name`.
fn download(name: &str, body: &str, mime: &str) -> bool {
    let parts = js_sys::Array::of1(&body.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // After the click has started the download.
    Timeout::new(1000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    true
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    checked: Option<Rc<Checked>>,
    /// Per claim of `checked`, whether it is marked in the current draft: what changes as
    /// the editor types, so the summary renders again only when a mark comes or goes.
    shown: Vec<bool>,
    ignored: BTreeSet<IgnoreKey>,
    as_of: Option<String>,
}

/// Counts by verdict, every checked figure as a button that jumps to its mark, the figures
/// that disagree inside the draft, and the exports.
#[function_component(Summary)]
fn summary(props: &SummaryProps) -> Html {
    let note = use_state(String::new);
    let Some(checked) = &props.checked else {
        return html! {
            <aside id="tally-summary" class="tally-summary" aria-label="Summary of the check">
                <h2>{ "Summary" }</h2>
                <p class="tally-summary-empty">{ "The figures of the checked draft are listed here." }</p>
            </aside>
        };
    };
    let ignored = (0..checked.claims.len())
        .filter(|&i| checked.key(i).is_some_and(|k| props.ignored.contains(&k)))
        .count();
    let onclick = Callback::from(|e: MouseEvent| {
        let Some(button) = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("button[data-index]").ok().flatten())
        else {
            return;
        };
        let (Some(index), Some(root)) = (button.get_attribute("data-index"), marked_view_root())
        else {
            return;
        };
        if let Ok(Some(mark)) =
            root.query_selector(&format!("mark.tally-mark[data-index=\"{index}\"]"))
        {
            reveal(&mark);
        }
    });
    let copy = {
        let checked = checked.clone();
        let ignored = props.ignored.clone();
        let note = note.clone();
        Callback::from(move |_: MouseEvent| {
            let report = checked.report(&ignored);
            note.set(if copy_to_clipboard(&report) {
                "Report copied.".to_owned()
            } else {
                "This browser does not let the page copy: select the figures by hand.".to_owned()
            });
        })
    };
    let claim_review = {
        let as_of = props.as_of.clone();
        let note = note.clone();
        Callback::from(move |_: MouseEvent| {
            // The draft as it is now, read when asked for.
            let text = draft_area().map(|a| a.value()).unwrap_or_default();
            let (as_of, note) = (as_of.clone(), note.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let page = web_sys::window()
                    .and_then(|w| w.location().href().ok())
                    .unwrap_or_default();
                match api::claim_review(&text, as_of.as_deref(), &page).await {
                    Ok(body) => {
                        download("tally-claimreview.jsonld", &body, "application/ld+json");
                        note.set("ClaimReview downloaded.".to_owned());
                    }
                    Err(e) => note.set(e.message()),
                }
            });
        })
    };
    let shown: Vec<usize> = (0..checked.claims.len())
        .filter(|&i| props.shown[i])
        .collect();
    html! {
        <aside id="tally-summary" class="tally-summary" aria-label="Summary of the check">
            <h2>{ "Summary" }</h2>
            <ul class="tally-counts">
                { for checked.counts().iter().map(|(v, n)| html! {
                    <li data-verdict={v.as_str()} data-count={n.to_string()}>
                        <span class="tally-count-label">{ v.label() }</span>
                        { " " }<strong>{ n }</strong>
                    </li>
                }) }
            </ul>
            if ignored > 0 {
                <p class="tally-ignored" data-ignored={ignored.to_string()}>
                    { format!("{ignored} flag{} ignored in this draft.",
                        if ignored == 1 { "" } else { "s" }) }
                </p>
            }
            if !checked.consistency.is_empty() {
                <h3 class="tally-findings-head">{ "Figures that disagree in this draft" }</h3>
                <ul class="tally-findings" onclick={onclick.clone()}>
                    { for checked.consistency.iter().map(|f| html! {
                        <li class="tally-finding" data-kind={f.kind.clone()}>
                            <p>{ f.message.as_str() }</p>
                            { for f.claims.iter().filter(|&&k| props.shown[k]).map(|&k| html! {
                                <button type="button" class="tally-finding-figure" data-index={k.to_string()}>
                                    { checked.claims[k].claim.text.as_str() }
                                </button>
                            }) }
                        </li>
                    }) }
                </ul>
            }
            if shown.is_empty() {
                <p class="tally-summary-empty">{ "No checkable figures." }</p>
            } else {
                <ol class="tally-summary-list" {onclick}>
                    { for shown.iter().map(|&i| {
                        let c = &checked.claims[i];
                        html! {
                            <li>
                                <button type="button" class="tally-summary-item"
                                    data-start={c.claim.figure.start.to_string()}
                                    data-index={i.to_string()}
                                    data-verdict={c.verdict.as_str()}>
                                    <span class="tally-summary-figure">{ c.claim.phrase_text.as_str() }</span>
                                    <span class="tally-summary-verdict">{ c.verdict.label() }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
            <div class="tally-exports">
                <button type="button" id="tally-copy-report" onclick={copy}>{ "Copy report" }</button>
                <button type="button" id="tally-claimreview" onclick={claim_review}>{ "Download ClaimReview" }</button>
            </div>
            <p class="tally-export-note" role="status" aria-live="polite">{ (*note).clone() }</p>
        </aside>
    }
}

/// The editor.
#[function_component(Editor)]
pub fn editor() -> Html {
    let state = use_reducer(EditorState::default);
    let timer = use_mut_ref(|| None::<Timeout>);

    // Send each new request once; its answer carries its sequence number.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.request.clone(), move |request| {
            if let Some(request) = request.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let outcome = api::check(&request.text, request.as_of.as_deref())
                        .await
                        .into();
                    dispatcher.dispatch(Action::Finished {
                        seq: request.seq,
                        outcome,
                    });
                });
            }
        });
    }

    // Escape closes the card, wherever focus is. Passive: the page's keys keep working.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "keydown", move |event| {
                    let key = event
                        .dyn_ref::<web_sys::KeyboardEvent>()
                        .map(|e| e.key())
                        .unwrap_or_default();
                    if key == "Escape" {
                        dispatcher.dispatch(Action::Open(None));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The layer of marks follows the textarea's scroll after every render.
    use_effect(|| {
        sync_scroll();
    });

    let oninput = {
        let dispatcher = state.dispatcher();
        let timer = timer.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::Edit(area.value()));
            let dispatcher = dispatcher.clone();
            // Replacing the timer drops (cancels) the previous one: that is the debounce.
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                dispatcher.dispatch(Action::AutoCheck)
            }));
        })
    };
    let onscroll = Callback::from(|_: Event| sync_scroll());
    let onclick = {
        let dispatcher = state.dispatcher();
        let timer = timer.clone();
        Callback::from(move |_: MouseEvent| {
            timer.borrow_mut().take();
            dispatcher.dispatch(Action::CheckNow);
        })
    };
    let onchange = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::SetAsOf(Some(input.value())));
        })
    };
    let close = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Open(None)))
    };

    let placed = state.placed().map(Rc::new);
    let shown: Vec<bool> = placed
        .as_ref()
        .map(|p| p.ranges.iter().map(Option::is_some).collect())
        .unwrap_or_default();
    let card = match (&placed, state.open) {
        (Some(placed), Some(open)) => placed
            .checked
            .claims
            .get(open.index)
            .filter(|_| placed.ranges.get(open.index).is_some_and(Option::is_some))
            .map(|claim| {
                let style = format!("left: {:.0}px; top: {:.0}px;", open.left, open.top);
                let index = open.index;
                // What the fix replaces, where it is now: none when the edit since touched it.
                let fix = claim.suggestion.as_ref().and_then(|s| {
                    let range = placed.map(s.replace.byte_start..s.replace.byte_end)?;
                    let utf16 = Utf16Index::new(&state.text);
                    let (start, end) = (utf16.utf16(range.start), utf16.utf16(range.end));
                    let text = s.text.clone();
                    let dispatcher = state.dispatcher();
                    let timer = timer.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        if replace_in_draft(start, end, &text) {
                            timer.borrow_mut().take();
                            dispatcher.dispatch(Action::CheckNow);
                        }
                    });
                    Some(html! {
                        <button type="button" class="tally-use" {onclick}>
                            { format!("Use {}", s.text) }
                        </button>
                    })
                });
                let ignore = claim.verdict.needs_attention().then(|| {
                    let dispatcher = state.dispatcher();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        dispatcher.dispatch(Action::Ignore(index))
                    });
                    html! { <button type="button" class="tally-ignore" {onclick}>{ "Ignore" }</button> }
                });
                html! {
                    <div id="tally-card" class="tally-card" role="dialog" tabindex="-1"
                        aria-label={format!("Tally on {}", claim.claim.text)}
                        data-verdict={claim.verdict.as_str()}
                        data-start={claim.claim.figure.start.to_string()} {style}>
                        <button type="button" class="tally-card-close" aria-label="Close"
                            onclick={close.clone()}>{ "×" }</button>
                        { card_body(claim) }
                        { for placed.checked.findings_of(index).map(|f| html! {
                            <p class="tally-card-finding" data-kind={f.kind.clone()}>
                                { format!("In this draft: {}", f.message) }
                            </p>
                        }) }
                        if fix.is_some() || ignore.is_some() {
                            <div class="tally-card-actions">{ for fix }{ for ignore }</div>
                        }
                    </div>
                }
            }),
        _ => None,
    };

    html! {
        <main class="tally-editor">
            <header class="tally-header">
                <h1>{ "Tally" }</h1>
                <p>{ "Paste or write a draft; Tally checks every figure in it against its sources." }</p>
            </header>
            <div class="tally-columns">
                <section class="tally-work" aria-label="Draft">
                    <label for="tally-draft" class="tally-label">{ "Draft" }</label>
                    <div class="tally-draft-wrap">
                        <textarea id="tally-draft" rows="14" spellcheck="true"
                            placeholder="Hamas has freed 35 hostages since the truce began."
                            {oninput} {onscroll} />
                        <MarkedView text={state.text.clone()} placed={placed.clone()}
                            dispatcher={state.dispatcher()} />
                    </div>
                    <div class="tally-controls">
                        <button id="tally-check" type="button" {onclick}>{ "Check" }</button>
                        <label for="tally-as-of">{ "Sources as of" }</label>
                        <input type="date" id="tally-as-of" {onchange} />
                    </div>
                    <p id="tally-status" class="tally-status" role="status" aria-live="polite"
                        data-state={state.status.key()}>
                        { state.status_text() }
                    </p>
                </section>
                <Summary checked={placed.as_ref().map(|p| p.checked.clone())}
                    shown={shown}
                    ignored={state.ignored.clone()} as_of={state.as_of.clone()} />
            </div>
            // Always present: Yew diffs unkeyed children from the end, so a child appearing
            // at the end of `main` would be patched onto the columns, replacing the textarea.
            <div class="tally-card-layer">{ for card }</div>
        </main>
    }
}
