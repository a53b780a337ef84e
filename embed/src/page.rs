//! The embed on a publisher's page.
//!
//! It reads the target element's `textContent`, checks it, and marks each figure with the CSS
//! Custom Highlight API (`CSS.highlights`), which paints text ranges without touching the page's
//! DOM: the article's nodes, layout, selection, copy and event handlers stay as they were.
//! The only things added to the page are a `<style id="tally-highlight-style">` in `<head>`
//! holding nothing but `::highlight(tally-…)` rules, and a shadow host
//! `<div id="tally-embed" data-state="checking|results|unreachable|error" data-marks="N">` at
//! the end of `<body>`, whose (open) shadow root holds the panel (`.tally-panel`, listing the
//! flagged figures as `button.tally-flag`) and the card (`.tally-card`), with their own styles.
//! Listeners on the page are passive and never call `preventDefault`.
//!
//! Plain DOM calls, no framework: the state lives in one [`Embed`] behind an `Rc<RefCell<_>>`,
//! and each change updates only the elements it concerns (the panel's list is never rebuilt
//! when a card opens, so keyboard focus stays on the flag that has it).

use std::cell::RefCell;
use std::rc::Rc;

use crate::api::{Checked, CheckedFigure};
use js_sys::{Array, Function, Reflect};
use tally::check::Verdict;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AddEventListenerOptions, CharacterData, Document, Element, Event, EventTarget, MouseEvent,
    Node, Range, ScrollIntoViewOptions, ScrollLogicalPosition, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use crate::api::{self, ApiError};
use crate::card::{add, card_body, el, el_text};

/// Id of the shadow host.
pub const HOST_ID: &str = "tally-embed";
/// Id of the `<style>` with the highlight rules.
pub const STYLE_ID: &str = "tally-highlight-style";
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
    let mount = el(&document, "div", "tally-root")?;
    shadow.append_child(&mount)?;
    body.append_child(&shadow_host)?;

    let embed = Rc::new(RefCell::new(Embed {
        document: document.clone(),
        host: shadow_host,
        mount,
        panel: None,
        marked: None,
        open: None,
        expanded: true,
        card: None,
    }));
    embed.borrow_mut().show_panel(Phase::Checking)?;
    listen_in_shadow(&embed, &shadow);

    let Some(target) = document.query_selector(selector).ok().flatten() else {
        let message = format!("Tally found no element matching “{selector}” to check.");
        return embed.borrow_mut().show_panel(Phase::Error(message));
    };
    let text = target.text_content().unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        let phase = match api::check(&text).await {
            Ok(response) => match place(&document, &target, response) {
                Ok(marked) => {
                    // Without the Highlight API the panel still lists the figures.
                    let _ = highlight(&document, &marked);
                    Phase::Results(marked)
                }
                Err(_) => Phase::Error("Tally could not read this page.".into()),
            },
            Err(ApiError::Unreachable) => Phase::Unreachable,
            Err(err) => Phase::Error(err.message()),
        };
        let results = matches!(phase, Phase::Results(_));
        let shown = embed.borrow_mut().show_panel(phase);
        if shown.is_ok() && results {
            listen_on_page(&embed);
        }
    });
    Ok(())
}

/// `shadow.adoptedStyleSheets = [new CSSStyleSheet()]` with [`SHADOW_CSS`].
fn adopt_style_sheet(shadow: &ShadowRoot) -> Result<(), JsValue> {
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
    claims: Vec<CheckedFigure>,
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
fn place(document: &Document, target: &Element, response: Checked) -> Result<Marked, JsValue> {
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
        let (Some((sn, so)), Some((en, eo))) =
            (locate(claim.start, false), locate(claim.end, true))
        else {
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
    Results(Marked),
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

/// The results panel's parts that change after it is built.
#[derive(Debug)]
struct Panel {
    /// `button.tally-toggle`.
    toggle: Element,
    /// The list of flagged figures (or the sentence saying there are none), present while
    /// the panel is expanded.
    content: Element,
}

/// The embed's state and the elements it updates.
#[derive(Debug)]
struct Embed {
    document: Document,
    /// The shadow host, `#tally-embed`.
    host: Element,
    /// `.tally-root` in the shadow root: the panel, then the card.
    mount: Element,
    /// Set once the results are shown.
    panel: Option<Panel>,
    marked: Option<Marked>,
    /// The figure whose card is open.
    open: Option<usize>,
    expanded: bool,
    /// The open card's element.
    card: Option<Element>,
}

impl Embed {
    /// Replaces the panel with the one for `phase` and reflects the phase on the host.
    fn show_panel(&mut self, phase: Phase) -> Result<(), JsValue> {
        let d = &self.document;
        let section = el(d, "section", "tally-panel")?;
        section.set_attribute("aria-label", "Tally")?;
        section.set_attribute("data-state", phase.key())?;
        let title = el(d, "p", "tally-panel-title")?;
        match &phase {
            Phase::Checking => {
                add(&title, el_text(d, "strong", "", "Tally"))?;
                title.append_with_str_1(" · checking the figures…")?;
                section.append_child(&title)?;
            }
            Phase::Unreachable => {
                section.set_class_name("tally-panel tally-problem");
                section.set_attribute("role", "status")?;
                add(&title, el_text(d, "strong", "", "Tally is unreachable"))?;
                section.append_child(&title)?;
                add(
                    &section,
                    el_text(d, "p", "", "The figures on this page were not checked."),
                )?;
            }
            Phase::Error(message) => {
                section.set_class_name("tally-panel tally-problem");
                section.set_attribute("role", "status")?;
                add(
                    &title,
                    el_text(d, "strong", "", "Tally could not check this page"),
                )?;
                section.append_child(&title)?;
                add(&section, el_text(d, "p", "tally-error", message))?;
            }
            Phase::Results(marked) => {
                let flagged = flagged(marked);
                let n = marked.claims.len();
                add(&title, el_text(d, "strong", "", "Tally"))?;
                title.append_with_str_1(&format!(
                    " · {n} {} checked, {} flagged",
                    if n == 1 { "figure" } else { "figures" },
                    flagged.len()
                ))?;
                title.append_with_str_1(" ")?;
                let toggle = el(d, "button", "tally-toggle")?;
                toggle.set_attribute("type", "button")?;
                title.append_child(&toggle)?;
                section.append_child(&title)?;

                let content = if flagged.is_empty() {
                    el_text(
                        d,
                        "p",
                        "",
                        "No figure on this page disagrees with Tally's sources.",
                    )?
                } else {
                    let list = el(d, "ul", "tally-flags")?;
                    for i in flagged {
                        let claim = &marked.claims[i];
                        let button = el(d, "button", "tally-flag")?;
                        button.set_attribute("type", "button")?;
                        button.set_attribute("data-verdict", claim.verdict.as_str())?;
                        button.set_attribute("data-start", &claim.start.to_string())?;
                        button.set_attribute("data-index", &i.to_string())?;
                        add(
                            &button,
                            el_text(d, "span", "tally-flag-verdict", claim.verdict.label()),
                        )?;
                        button.append_with_str_1(" ")?;
                        add(
                            &button,
                            el_text(d, "span", "tally-flag-figure", &claim.phrase_text),
                        )?;
                        let item = el(d, "li", "")?;
                        item.append_child(&button)?;
                        list.append_child(&item)?;
                    }
                    list
                };
                section.append_child(&content)?;
                self.panel = Some(Panel { toggle, content });
                self.sync_toggle()?;
            }
        }
        self.mount.set_text_content(None);
        self.mount.append_child(&section)?;
        if let Phase::Results(marked) = phase {
            self.host
                .set_attribute("data-marks", &marked.ranges.len().to_string())?;
            self.marked = Some(marked);
            self.host.set_attribute("data-state", "results")?;
        } else {
            self.host.set_attribute("data-state", phase.key())?;
        }
        Ok(())
    }

    /// Shows or hides the panel's list to match `expanded`, and the toggle's label.
    fn sync_toggle(&self) -> Result<(), JsValue> {
        let Some(panel) = &self.panel else {
            return Ok(());
        };
        let expanded = self.expanded;
        panel
            .toggle
            .set_attribute("aria-expanded", if expanded { "true" } else { "false" })?;
        panel
            .toggle
            .set_text_content(Some(if expanded { "Hide" } else { "Show" }));
        let shown = panel.content.parent_node().is_some();
        if expanded && !shown {
            if let Some(section) = panel.toggle.parent_node().and_then(|p| p.parent_node()) {
                section.append_child(&panel.content)?;
            }
        } else if !expanded && shown {
            panel.content.remove();
        }
        Ok(())
    }

    /// Opens the card of figure `next` (or closes the card), if that changes anything.
    fn set_open(&mut self, next: Option<usize>) {
        if self.open != next {
            self.open = next;
            let _ = self.show_card();
        }
    }

    /// Draws the card of the open figure (or none) and emphasises its figure.
    fn show_card(&mut self) -> Result<(), JsValue> {
        if let Some(card) = self.card.take() {
            card.remove();
        }
        let (Some(marked), Some(i)) = (&self.marked, self.open) else {
            clear_highlight(ACTIVE);
            return Ok(());
        };
        let (Some(claim), Some(range)) = (marked.claims.get(i), marked.ranges.get(i)) else {
            clear_highlight(ACTIVE);
            return Ok(());
        };
        let _ = set_highlight(ACTIVE, &[range]);
        let d = &self.document;
        let card = el(d, "div", "tally-card")?;
        card.set_attribute("role", "dialog")?;
        card.set_attribute("aria-label", &format!("Tally on {}", claim.text))?;
        card.set_attribute("data-verdict", claim.verdict.as_str())?;
        card.set_attribute("style", &card_style(range))?;
        let close = el_text(d, "button", "tally-card-close", "×")?;
        close.set_attribute("type", "button")?;
        close.set_attribute("aria-label", "Close")?;
        card.append_child(&close)?;
        card_body(d, &card, claim)?;
        self.mount.append_child(&card)?;
        self.card = Some(card);
        Ok(())
    }

    /// Keeps the open card next to its figure (after a scroll).
    fn follow(&self) {
        if let (Some(card), Some(marked), Some(i)) = (&self.card, &self.marked, self.open) {
            if let Some(range) = marked.ranges.get(i) {
                let _ = card.set_attribute("style", &card_style(range));
            }
        }
    }

    /// The panel's flag `i` was chosen: scroll its figure into view and open its card.
    fn choose(&mut self, i: usize) {
        if let Some(range) = self.marked.as_ref().and_then(|m| m.ranges.get(i)) {
            reveal(range);
        }
        self.open = Some(i);
        let _ = self.show_card();
    }
}

/// The indexes of the claims the panel lists.
fn flagged(marked: &Marked) -> Vec<usize> {
    (0..marked.claims.len())
        .filter(|&i| marked.claims[i].verdict.needs_attention())
        .collect()
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
    // Whole pixels, formatted as integers: float formatting would add kilobytes to the wasm.
    let px = |v: f64| v.round() as i64;
    let left = px(rect.left().min(width - 376.0).max(8.0));
    if rect.bottom() > height * 0.6 {
        format!(
            "left:{left}px;bottom:{}px;",
            px((height - rect.top()).max(0.0))
        )
    } else {
        format!("left:{left}px;top:{}px;", px(rect.bottom()))
    }
}

/// Adds a passive listener that lives as long as the page.
fn listen(target: &EventTarget, kind: &str, capture: bool, handler: impl FnMut(Event) + 'static) {
    let options = AddEventListenerOptions::new();
    options.set_passive(true);
    options.set_capture(capture);
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
        kind,
        closure.as_ref().unchecked_ref(),
        &options,
    );
    closure.forget();
}

/// Clicks on the panel's and the card's buttons, and keyboard focus on a flag (which opens its
/// card), listened to on the shadow root.
fn listen_in_shadow(embed: &Rc<RefCell<Embed>>, shadow: &ShadowRoot) {
    let closest = |event: &Event, selector: &str| {
        event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(selector).ok().flatten())
    };
    let flag_index = move |event: &Event| {
        closest(event, "button.tally-flag")
            .and_then(|b| b.get_attribute("data-index"))
            .and_then(|i| i.parse::<usize>().ok())
    };
    {
        let embed = embed.clone();
        listen(shadow, "click", false, move |event| {
            let Ok(mut embed) = embed.try_borrow_mut() else {
                return;
            };
            if let Some(i) = flag_index(&event) {
                embed.choose(i);
            } else if closest(&event, "button.tally-card-close").is_some() {
                embed.set_open(None);
            } else if closest(&event, "button.tally-toggle").is_some() {
                embed.expanded = !embed.expanded;
                let _ = embed.sync_toggle();
            }
        });
    }
    {
        let embed = embed.clone();
        listen(shadow, "focusin", false, move |event| {
            let Some(i) = flag_index(&event) else {
                return;
            };
            let Ok(mut embed) = embed.try_borrow_mut() else {
                return;
            };
            if let Some(range) = embed.marked.as_ref().and_then(|m| m.ranges.get(i)) {
                reveal(range);
            }
            embed.set_open(Some(i));
        });
    }
}

/// Pointer, keyboard and scrolling on the page, once there are results: hovering or tapping a
/// figure opens its card, Escape closes it, and the card follows its figure.
fn listen_on_page(embed: &Rc<RefCell<Embed>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let host: Node = embed.borrow().host.clone().into();
    let pointer = {
        let embed = embed.clone();
        move |event: Event| {
            let Some(mouse) = event.dyn_ref::<MouseEvent>() else {
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
            let Ok(mut embed) = embed.try_borrow_mut() else {
                return;
            };
            let hit = embed
                .marked
                .as_ref()
                .and_then(|m| m.hit(f64::from(mouse.client_x()), f64::from(mouse.client_y())));
            embed.set_open(hit);
        }
    };
    listen(&window, "mousemove", false, pointer.clone());
    // Taps and clicks (touch screens have no hover).
    listen(&window, "click", false, pointer);
    {
        let embed = embed.clone();
        listen(&window, "keydown", false, move |event| {
            let escape = event
                .dyn_ref::<web_sys::KeyboardEvent>()
                .is_some_and(|k| k.key() == "Escape");
            if escape {
                if let Ok(mut embed) = embed.try_borrow_mut() {
                    embed.set_open(None);
                }
            }
        });
    }
    // Keep the card next to its figure while anything scrolls.
    let embed = embed.clone();
    listen(&window, "scroll", true, move |_| {
        if let Ok(embed) = embed.try_borrow() {
            embed.follow();
        }
    });
}
