//! The embed: Tally on a publisher's page, loaded by `/widget.js`.
//!
//! It reads the target element's `textContent`, checks it, and marks each figure with the CSS
//! Custom Highlight API (`CSS.highlights`), which paints text ranges without touching the page's
//! DOM: the article's nodes, layout, selection, copy and event handlers stay as they were.
//! The only things added to the page are a `<style id="tally-highlight-style">` in `<head>`
//! holding nothing but `::highlight(tally-…)` rules, and a shadow host
//! `<div id="tally-embed" data-state="checking|results|unreachable|error" data-marks="N">` at
//! the end of `<body>`, whose (open) shadow root holds the panel and the card, with their own
//! styles. Listeners on the page are passive and never call `preventDefault`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use js_sys::{Array, Function, Reflect};
use tally::api::{CheckResponse, CheckedClaim};
use tally::check::Verdict;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CharacterData, Document, Element, Node, Range, ScrollIntoViewOptions, ScrollLogicalPosition,
    ShadowRootInit, ShadowRootMode,
};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::card::{card_body, is_flagged, verdict_label};

/// Id of the shadow host.
pub const HOST_ID: &str = "tally-embed";
/// Id of the `<style>` with the highlight rules.
const STYLE_ID: &str = "tally-highlight-style";
/// Highlight name of the figure whose card is open.
const ACTIVE: &str = "tally-active";

/// The page-level styles: only `::highlight()` rules, which style nothing but Tally's ranges.
/// Underline styles differ by verdict, so colour is never the only signal.
const HIGHLIGHT_CSS: &str = "\
::highlight(tally-contradicted){background-color:rgba(220,38,38,.16);text-decoration:underline wavy #b91c1c 2px;}
::highlight(tally-outdated){background-color:rgba(234,88,12,.16);text-decoration:underline wavy #c2410c 2px;}
::highlight(tally-disputed){background-color:rgba(124,58,237,.12);text-decoration:underline dashed #6d28d9 2px;}
::highlight(tally-supported){text-decoration:underline dotted #15803d 1px;}
::highlight(tally-unverifiable){text-decoration:underline dotted #9ca3af 1px;}
::highlight(tally-active){background-color:rgba(250,204,21,.5);}
";

/// The shadow root's styles. `:host { all: initial }` keeps the page's inherited styles out.
const SHADOW_CSS: &str = include_str!("embed.css");

/// Marks the figures of the element matching `selector` (see the module docs). `host` is the
/// Tally server's base URL, as the loader derived it from its own `src`.
pub fn start(host: &str, selector: &str) -> Result<(), JsValue> {
    api::set_base(host);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    if document.get_element_by_id(HOST_ID).is_some() {
        return Ok(()); // already embedded (the script tag appears twice)
    }
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let shadow_host = document.create_element("div")?;
    shadow_host.set_id(HOST_ID);
    shadow_host.set_attribute("data-state", "checking")?;
    shadow_host.set_attribute("data-marks", "0")?;
    // Out of the page's flow; children are `position: fixed` inside the shadow root.
    shadow_host.set_attribute(
        "style",
        "all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483000;",
    )?;
    let shadow = shadow_host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    // A constructed style sheet keeps the shadow root's text content to what a reader sees;
    // a `<style>` element is the fallback where those are missing.
    if adopt_style_sheet(&shadow).is_err() {
        let style = document.create_element("style")?;
        style.set_text_content(Some(SHADOW_CSS));
        shadow.append_child(&style)?;
    }
    let mount = document.create_element("div")?;
    mount.set_class_name("tally-root");
    shadow.append_child(&mount)?;
    body.append_child(&shadow_host)?;

    let target = document.query_selector(selector).ok().flatten();
    yew::Renderer::<EmbedApp>::with_root_and_props(
        mount,
        EmbedProps {
            host: shadow_host,
            target,
            selector: selector.to_owned(),
        },
    )
    .render();
    Ok(())
}

/// `shadow.adoptedStyleSheets = [new CSSStyleSheet()]` with [`SHADOW_CSS`].
fn adopt_style_sheet(shadow: &web_sys::ShadowRoot) -> Result<(), JsValue> {
    let ctor: Function = Reflect::get(&js_sys::global(), &"CSSStyleSheet".into())?.dyn_into()?;
    let sheet = Reflect::construct(&ctor, &Array::new())?;
    let replace: Function = Reflect::get(&sheet, &"replaceSync".into())?.dyn_into()?;
    replace.call1(&sheet, &SHADOW_CSS.into())?;
    if !Reflect::has(shadow, &"adoptedStyleSheets".into())? {
        return Err(JsValue::from_str("no adoptedStyleSheets"));
    }
    Reflect::set(shadow, &"adoptedStyleSheets".into(), &Array::of1(&sheet))?;
    Ok(())
}

/// The figures found in the page: each checked claim with its DOM range.
#[derive(Debug)]
struct Marked {
    claims: Vec<CheckedClaim>,
    ranges: Vec<Range>,
}

impl Marked {
    /// The figure under viewport point (`x`, `y`).
    fn hit(&self, x: f64, y: f64) -> Option<usize> {
        self.ranges.iter().position(|range| {
            let Some(rects) = range.get_client_rects() else {
                return false;
            };
            (0..rects.length()).filter_map(|i| rects.item(i)).any(|r| {
                x >= r.left() - 1.0 && x <= r.right() + 1.0 && y >= r.top() && y <= r.bottom()
            })
        })
    }
}

/// The text nodes under `root`, in document order, with their UTF-16 start offset in
/// `root.textContent` and their length.
fn text_nodes(document: &Document, root: &Node) -> Result<Vec<(Node, u32, u32)>, JsValue> {
    const SHOW_TEXT: u32 = 0x4;
    let walker = document.create_tree_walker_with_what_to_show(root, SHOW_TEXT)?;
    let mut out = Vec::new();
    let mut at = 0u32;
    while let Some(node) = walker.next_node()? {
        let len = node
            .dyn_ref::<CharacterData>()
            .map(|c| c.length())
            .unwrap_or(0);
        out.push((node, at, len));
        at += len;
    }
    Ok(out)
}

/// Maps the claims' UTF-16 offsets (in the target's `textContent`) to DOM ranges over its text
/// nodes. Claims that cannot be placed (the page changed meanwhile) are dropped.
fn place(
    document: &Document,
    target: &Element,
    response: CheckResponse,
) -> Result<Marked, JsValue> {
    let nodes = text_nodes(document, target)?;
    let locate = |offset: usize, is_end: bool| {
        let offset = offset as u32;
        nodes
            .iter()
            .find(|(_, start, len)| {
                if is_end {
                    *start < offset && offset <= start + len
                } else {
                    *start <= offset && offset < start + len
                }
            })
            .map(|(node, start, _)| (node.clone(), offset - start))
    };
    let mut claims = Vec::new();
    let mut ranges = Vec::new();
    for claim in response.claims {
        let (Some((sn, so)), Some((en, eo))) = (
            locate(claim.claim.figure.start, false),
            locate(claim.claim.figure.end, true),
        ) else {
            continue;
        };
        let range = document.create_range()?;
        range.set_start(&sn, so)?;
        range.set_end(&en, eo)?;
        claims.push(claim);
        ranges.push(range);
    }
    Ok(Marked { claims, ranges })
}

/// `CSS.highlights`, if the browser has the Custom Highlight API.
fn registry() -> Option<JsValue> {
    let global = js_sys::global();
    let css = Reflect::get(&global, &"CSS".into()).ok()?;
    let registry = Reflect::get(&css, &"highlights".into()).ok()?;
    (!registry.is_undefined()).then_some(registry)
}

/// `CSS.highlights.set(name, new Highlight(...ranges))`.
fn set_highlight(name: &str, ranges: &[&Range]) -> Result<(), JsValue> {
    let registry = registry().ok_or_else(|| JsValue::from_str("no CSS.highlights"))?;
    let ctor: Function = Reflect::get(&js_sys::global(), &"Highlight".into())?.dyn_into()?;
    let args: Array = ranges.iter().map(|r| JsValue::from(*r)).collect();
    let highlight = Reflect::construct(&ctor, &args)?;
    let set: Function = Reflect::get(&registry, &"set".into())?.dyn_into()?;
    set.call2(&registry, &name.into(), &highlight)?;
    Ok(())
}

fn clear_highlight(name: &str) {
    if let Some(registry) = registry() {
        if let Ok(delete) = Reflect::get(&registry, &"delete".into()) {
            if let Ok(delete) = delete.dyn_into::<Function>() {
                let _ = delete.call1(&registry, &name.into());
            }
        }
    }
}

/// Adds the `::highlight` rules to the page (once) and registers one highlight per verdict.
fn highlight(document: &Document, marked: &Marked) -> Result<(), JsValue> {
    if document.get_element_by_id(STYLE_ID).is_none() {
        let style = document.create_element("style")?;
        style.set_id(STYLE_ID);
        style.set_text_content(Some(HIGHLIGHT_CSS));
        if let Some(head) = document.head() {
            head.append_child(&style)?;
        }
    }
    for verdict in Verdict::ALL {
        let ranges: Vec<&Range> = marked
            .claims
            .iter()
            .zip(&marked.ranges)
            .filter(|(c, _)| c.verdict == verdict)
            .map(|(_, r)| r)
            .collect();
        set_highlight(&format!("tally-{}", verdict.as_str()), &ranges)?;
    }
    Ok(())
}

enum Phase {
    Checking,
    Results(Rc<Marked>),
    Unreachable,
    Error(String),
}

impl Phase {
    fn key(&self) -> &'static str {
        match self {
            Phase::Checking => "checking",
            Phase::Results(_) => "results",
            Phase::Unreachable => "unreachable",
            Phase::Error(_) => "error",
        }
    }
}

#[derive(Properties, PartialEq)]
struct EmbedProps {
    host: Element,
    target: Option<Element>,
    selector: String,
}

/// Scrolls the page so that `range` is in the middle of the screen.
fn reveal(range: &Range) {
    let node = range.start_container().ok();
    let element = node.and_then(|n| {
        n.dyn_ref::<Element>()
            .cloned()
            .or_else(|| n.parent_element())
    });
    if let Some(element) = element {
        let options = ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Where to place the card for `range`: just below it (touching, so the pointer can move into
/// the card without leaving both), or above it near the bottom of the screen.
fn card_style(range: &Range) -> String {
    let rect = range.get_bounding_client_rect();
    let (width, height) = web_sys::window()
        .map(|w| {
            (
                w.inner_width()
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(1024.0),
                w.inner_height()
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(768.0),
            )
        })
        .unwrap_or((1024.0, 768.0));
    let left = rect.left().min(width - 376.0).max(8.0);
    if rect.bottom() > height * 0.6 {
        format!(
            "left:{left:.0}px;bottom:{:.0}px;",
            (height - rect.top()).max(0.0)
        )
    } else {
        format!("left:{left:.0}px;top:{:.0}px;", rect.bottom())
    }
}

#[function_component(EmbedApp)]
fn embed_app(props: &EmbedProps) -> Html {
    let phase = use_state(|| Phase::Checking);
    let open = use_state(|| None::<usize>);
    // Mirror of `open` the page listeners read, so they only re-render on a change.
    let current = use_memo((), |_| Cell::new(None::<usize>));
    let expanded = use_state(|| true);
    let scrolled = use_state(|| 0u32);

    // Check once, on mount.
    {
        let phase = phase.clone();
        let host = props.host.clone();
        let target = props.target.clone();
        let selector = props.selector.clone();
        use_effect_with((), move |_| {
            let Some(target) = target else {
                phase.set(Phase::Error(format!(
                    "Tally found no element matching “{selector}” to check."
                )));
                return;
            };
            let text = target.text_content().unwrap_or_default();
            wasm_bindgen_futures::spawn_local(async move {
                let next = match api::check(&text, None).await {
                    Ok(response) => {
                        let document = web_sys::window().and_then(|w| w.document());
                        match document.map(|d| place(&d, &target, response).map(|m| (d, m))) {
                            Some(Ok((document, marked))) => {
                                // Without the Highlight API the panel still lists the figures.
                                let _ = highlight(&document, &marked);
                                let _ = host
                                    .set_attribute("data-marks", &marked.ranges.len().to_string());
                                Phase::Results(Rc::new(marked))
                            }
                            _ => Phase::Error("Tally could not read this page.".into()),
                        }
                    }
                    Err(ApiError::Unreachable(_)) => Phase::Unreachable,
                    Err(err) => Phase::Error(err.message()),
                };
                phase.set(next);
            });
        });
    }

    // Reflect the phase on the host element.
    {
        let host = props.host.clone();
        use_effect_with(phase.key(), move |key| {
            let _ = host.set_attribute("data-state", key);
        });
    }

    // Emphasise the figure whose card is open.
    {
        let marked = match &*phase {
            Phase::Results(m) => Some(m.clone()),
            _ => None,
        };
        use_effect_with(*open, move |open| match (open, marked) {
            (Some(i), Some(m)) => {
                if let Some(range) = m.ranges.get(*i) {
                    let _ = set_highlight(ACTIVE, &[range]);
                }
            }
            _ => clear_highlight(ACTIVE),
        });
    }

    // Pointer and keyboard on the page: passive listeners, never `preventDefault`.
    {
        let marked = match &*phase {
            Phase::Results(m) => Some(m.clone()),
            _ => None,
        };
        let open = open.setter();
        let scrolled = scrolled.clone();
        let current = current.clone();
        let host = props.host.clone();
        use_effect_with(marked.is_some(), move |_| {
            let mut listeners = Vec::new();
            if let (Some(marked), Some(window)) = (marked, web_sys::window()) {
                let passive = EventListenerOptions {
                    phase: EventListenerPhase::Bubble,
                    passive: true,
                };
                let set = {
                    let current = current.clone();
                    move |next: Option<usize>| {
                        if current.get() != next {
                            current.set(next);
                            open.set(next);
                        }
                    }
                };
                let pointer = {
                    let set = set.clone();
                    let marked = marked.clone();
                    let host: Node = host.clone().into();
                    move |event: &Event, closing: bool| {
                        let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else {
                            return;
                        };
                        // Over Tally's own card or panel: leave things as they are.
                        let on_host = event
                            .target()
                            .and_then(|t| t.dyn_into::<Node>().ok())
                            .is_some_and(|t| host.contains(Some(&t)));
                        if on_host {
                            return;
                        }
                        match marked.hit(f64::from(mouse.client_x()), f64::from(mouse.client_y())) {
                            Some(i) => set(Some(i)),
                            None if closing => set(None),
                            None => {}
                        }
                    }
                };
                {
                    let pointer = pointer.clone();
                    listeners.push(EventListener::new_with_options(
                        &window,
                        "mousemove",
                        passive,
                        move |e| pointer(e, true),
                    ));
                }
                // Taps and clicks (touch screens have no hover).
                listeners.push(EventListener::new_with_options(
                    &window,
                    "click",
                    passive,
                    move |e| pointer(e, true),
                ));
                {
                    let set = set.clone();
                    listeners.push(EventListener::new_with_options(
                        &window,
                        "keydown",
                        passive,
                        move |e| {
                            let escape = e
                                .dyn_ref::<web_sys::KeyboardEvent>()
                                .is_some_and(|k| k.key() == "Escape");
                            if escape {
                                set(None);
                            }
                        },
                    ));
                }
                // Keyboard focus on a flagged figure in the panel opens its card. Listened to on
                // the shadow root itself: Yew's delegated focus handlers do not see focus moves
                // inside a shadow tree.
                if let Some(shadow) = host.shadow_root() {
                    let set = set.clone();
                    let marked = marked.clone();
                    listeners.push(EventListener::new_with_options(
                        &shadow,
                        "focusin",
                        passive,
                        move |e| {
                            let index = e
                                .target()
                                .and_then(|t| t.dyn_into::<Element>().ok())
                                .and_then(|t| t.closest("button.tally-flag").ok().flatten())
                                .and_then(|b| b.get_attribute("data-index"))
                                .and_then(|i| i.parse::<usize>().ok());
                            if let Some(i) = index {
                                if let Some(range) = marked.ranges.get(i) {
                                    reveal(range);
                                }
                                set(Some(i));
                            }
                        },
                    ));
                }
                // Keep the card next to its figure while anything scrolls.
                let capture = EventListenerOptions {
                    phase: EventListenerPhase::Capture,
                    passive: true,
                };
                listeners.push(EventListener::new_with_options(
                    &window,
                    "scroll",
                    capture,
                    move |_| {
                        if current.get().is_some() {
                            scrolled.set(scrolled.wrapping_add(1));
                        }
                    },
                ));
            }
            move || drop(listeners)
        });
    }

    let body = match &*phase {
        Phase::Checking => html! {
            <section class="tally-panel" aria-label="Tally" data-state="checking">
                <p class="tally-panel-title"><strong>{ "Tally" }</strong>{ " · checking the figures…" }</p>
            </section>
        },
        Phase::Unreachable => html! {
            <section class="tally-panel tally-problem" role="status" aria-label="Tally" data-state="unreachable">
                <p class="tally-panel-title"><strong>{ "Tally is unreachable" }</strong></p>
                <p>{ "The figures on this page were not checked." }</p>
            </section>
        },
        Phase::Error(message) => html! {
            <section class="tally-panel tally-problem" role="status" aria-label="Tally" data-state="error">
                <p class="tally-panel-title"><strong>{ "Tally could not check this page" }</strong></p>
                <p class="tally-error">{ message.as_str() }</p>
            </section>
        },
        Phase::Results(marked) => {
            let flagged: Vec<usize> = (0..marked.claims.len())
                .filter(|&i| is_flagged(marked.claims[i].verdict))
                .collect();
            let n = marked.claims.len();
            let title = format!(
                " · {n} {} checked, {} flagged",
                if n == 1 { "figure" } else { "figures" },
                flagged.len()
            );
            let toggle = {
                let expanded = expanded.clone();
                Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
            };
            let choose = |i: usize| {
                let open = open.clone();
                let current = current.clone();
                let marked = marked.clone();
                move || {
                    if let Some(range) = marked.ranges.get(i) {
                        reveal(range);
                    }
                    current.set(Some(i));
                    open.set(Some(i));
                }
            };
            html! {
                <section class="tally-panel" aria-label="Tally" data-state="results">
                    <p class="tally-panel-title">
                        <strong>{ "Tally" }</strong>{ title }
                        { " " }
                        <button type="button" class="tally-toggle" aria-expanded={expanded.to_string()}
                            onclick={toggle}>
                            { if *expanded { "Hide" } else { "Show" } }
                        </button>
                    </p>
                    if *expanded {
                        if flagged.is_empty() {
                            <p>{ "No figure on this page disagrees with Tally's sources." }</p>
                        } else {
                            <ul class="tally-flags">
                                { for flagged.iter().map(|&i| {
                                    let claim = &marked.claims[i];
                                    let on_click = choose(i);
                                    html! {
                                        <li>
                                            <button type="button" class="tally-flag"
                                                data-verdict={claim.verdict.as_str()}
                                                data-start={claim.claim.figure.start.to_string()}
                                                data-index={i.to_string()}
                                                onclick={Callback::from(move |_: MouseEvent| on_click())}>
                                                <span class="tally-flag-verdict">{ verdict_label(claim.verdict) }</span>
                                                { " " }
                                                <span class="tally-flag-figure">{ claim.claim.phrase_text.as_str() }</span>
                                            </button>
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                    }
                </section>
            }
        }
    };

    let card = match (&*phase, *open) {
        (Phase::Results(marked), Some(i)) => match (marked.claims.get(i), marked.ranges.get(i)) {
            (Some(claim), Some(range)) => {
                let close = {
                    let open = open.clone();
                    let current = current.clone();
                    Callback::from(move |_: MouseEvent| {
                        current.set(None);
                        open.set(None);
                    })
                };
                html! {
                    <div class="tally-card" role="dialog" aria-label={format!("Tally on {}", claim.claim.text)}
                        data-verdict={claim.verdict.as_str()} style={card_style(range)}>
                        <button type="button" class="tally-card-close" aria-label="Close" onclick={close}>{ "×" }</button>
                        { card_body(claim) }
                    </div>
                }
            }
            _ => html! {},
        },
        _ => html! {},
    };

    html! {
        <>
            { body }
            { card }
        </>
    }
}
