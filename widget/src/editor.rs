//! The editor page at `/`: the draft box, the marked draft, the card and the summary.
//!
//! DOM contract (the end-to-end tests rely on it): `#tally-draft`, `#tally-check`,
//! `#tally-as-of`, `#tally-status[data-state]`, `#tally-marked` with
//! `mark.tally-mark[data-verdict][data-start][data-end][tabindex=0]`, `#tally-card`,
//! `#tally-summary` with `button.tally-summary-item[data-start]`.

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, ScrollIntoViewOptions,
    ScrollLogicalPosition,
};
use yew::prelude::*;

use crate::api;
use crate::card::card_body;
use crate::state::{Action, Checked, EditorState, OpenCard};

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
    checked: Rc<Checked>,
    dispatcher: UseReducerDispatcher<EditorState>,
}

/// The checked draft with its figures marked. Re-rendered only when a new result arrives.
#[function_component(MarkedView)]
fn marked_view(props: &MarkedProps) -> Html {
    let checked = &props.checked;
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
    // Enter moves focus into the open card (to reach its source links).
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
        let (Some((_, index)), Some(root)) = (mark_of(&e), marked_view_root()) else {
            return;
        };
        let next = index as i32 + step;
        if next < 0 {
            return;
        }
        if let Ok(Some(mark)) =
            root.query_selector(&format!("mark.tally-mark[data-index=\"{next}\"]"))
        {
            reveal(&mark);
        }
    });

    let text = &checked.text;
    html! {
        <div id="tally-marked" class="tally-marked" data-stale="false"
            {onmouseover} {onfocusin} {onclick} {onkeydown}>
            { for checked.segments.iter().map(|seg| match seg.mark {
                None => html! { { &text[seg.bytes.clone()] } },
                Some(i) => {
                    let claim = &checked.claims[i];
                    let verdict = claim.verdict.as_str();
                    html! {
                        <mark class="tally-mark" data-verdict={verdict}
                            data-start={claim.claim.figure.start.to_string()}
                            data-end={claim.claim.figure.end.to_string()}
                            data-index={i.to_string()}
                            tabindex="0"
                            title={claim.verdict.label()}>
                            { &text[seg.bytes.clone()] }
                        </mark>
                    }
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    checked: Option<Rc<Checked>>,
}

/// Counts by verdict and every checked figure as a button that jumps to its mark.
#[function_component(Summary)]
fn summary(props: &SummaryProps) -> Html {
    let Some(checked) = &props.checked else {
        return html! {
            <aside id="tally-summary" class="tally-summary" aria-label="Summary of the check">
                <h2>{ "Summary" }</h2>
                <p class="tally-summary-empty">{ "The figures of the checked draft are listed here." }</p>
            </aside>
        };
    };
    let onclick = Callback::from(|e: MouseEvent| {
        let Some(button) = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("button.tally-summary-item").ok().flatten())
        else {
            return;
        };
        let (Some(start), Some(root)) = (button.get_attribute("data-start"), marked_view_root())
        else {
            return;
        };
        if let Ok(Some(mark)) =
            root.query_selector(&format!("mark.tally-mark[data-start=\"{start}\"]"))
        {
            reveal(&mark);
        }
    });
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
            if checked.claims.is_empty() {
                <p class="tally-summary-empty">{ "No checkable figures." }</p>
            } else {
                <ol class="tally-summary-list" {onclick}>
                    { for checked.claims.iter().map(|c| html! {
                        <li>
                            <button type="button" class="tally-summary-item"
                                data-start={c.claim.figure.start.to_string()}
                                data-verdict={c.verdict.as_str()}>
                                <span class="tally-summary-figure">{ c.claim.phrase_text.as_str() }</span>
                                <span class="tally-summary-verdict">{ c.verdict.label() }</span>
                            </button>
                        </li>
                    }) }
                </ol>
            }
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

    let fresh = state.fresh().cloned();
    let marked = match &fresh {
        Some(checked) => html! {
            <MarkedView checked={checked.clone()} dispatcher={state.dispatcher()} />
        },
        None if state.text.is_empty() => html! {
            <div id="tally-marked" class="tally-marked tally-marked-empty" data-stale="true">
                { "The checked draft appears here, its figures marked." }
            </div>
        },
        None => html! {
            <div id="tally-marked" class="tally-marked" data-stale="true">
                { state.text.to_string() }
            </div>
        },
    };
    let card = match (&fresh, state.open) {
        (Some(checked), Some(open)) => checked.claims.get(open.index).map(|claim| {
            let style = format!("left: {:.0}px; top: {:.0}px;", open.left, open.top);
            html! {
                <div id="tally-card" class="tally-card" role="dialog" tabindex="-1"
                    aria-label={format!("Tally on {}", claim.claim.text)}
                    data-verdict={claim.verdict.as_str()}
                    data-start={claim.claim.figure.start.to_string()} {style}>
                    <button type="button" class="tally-card-close" aria-label="Close"
                        onclick={close.clone()}>{ "×" }</button>
                    { card_body(claim) }
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
                <section class="tally-work">
                    <label for="tally-draft" class="tally-label">{ "Draft" }</label>
                    <textarea id="tally-draft" rows="10" spellcheck="true"
                        placeholder="Hamas has freed 35 hostages since the truce began."
                        {oninput} />
                    <div class="tally-controls">
                        <button id="tally-check" type="button" {onclick}>{ "Check" }</button>
                        <label for="tally-as-of">{ "Sources as of" }</label>
                        <input type="date" id="tally-as-of" {onchange} />
                    </div>
                    <p id="tally-status" class="tally-status" role="status" aria-live="polite"
                        data-state={state.status.key()}>
                        { state.status_text() }
                    </p>
                    <h2 class="tally-label">{ "Checked draft" }</h2>
                    { marked }
                </section>
                <Summary checked={fresh.clone()} />
            </div>
            // Always present: Yew diffs unkeyed children from the end, so a child appearing
            // at the end of `main` would be patched onto the columns, replacing the textarea.
            <div class="tally-card-layer">{ for card }</div>
        </main>
    }
}
