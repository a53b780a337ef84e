//! The embed on a publisher's page.
//!
//! It reads the target element's text as a reader reads it ([`read`]: visible text only, blocks
//! on lines of their own), checks it, and marks each figure with the CSS Custom Highlight API
//! (`CSS.highlights`), which paints text ranges without touching the page's DOM: the article's
//! nodes, layout, selection, copy and event handlers stay as they were. Not read: `script`,
//! `style`, `noscript`, `template`, `svg`, `iframe` and other embedded content, elements that
//! are not rendered (`hidden`, `display: none`) or not visible (`visibility: hidden`),
//! `aria-hidden="true"`, and anything inside an element with `data-tally-ignore` (comment
//! sections, related stories, ads).
//!
//! Pages change: when the target is not in the page yet (an article rendered by a script), the
//! embed waits for it with a `MutationObserver` for up to [`WAIT_FOR_TARGET_MS`]; when the
//! target's text changes later (lazy paragraphs, live blogs), a mark whose text no longer
//! matches is dropped at once, and the page is read and checked again after a pause of
//! [`RECHECK_PAUSE_MS`].
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
use crate::text::{same_text, Reading};
use js_sys::{Array, Function, Reflect};
use tally::check::Verdict;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AddEventListenerOptions, Document, Element, Event, EventTarget, MouseEvent, MutationObserver,
    MutationObserverInit, Node, Range, ScrollIntoViewOptions, ScrollLogicalPosition, ShadowRoot,
    ShadowRootInit, ShadowRootMode,
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
        target: None,
        checked: None,
        generation: 0,
        changes: 0,
        listening: false,
    }));
    embed.borrow_mut().show_panel(Phase::Checking)?;
    listen_in_shadow(&embed, &shadow);

    match document.query_selector(selector).ok().flatten() {
        Some(target) => watch(&embed, target),
        None => wait_for_target(&embed, selector.to_string()),
    }
    Ok(())
}

/// How long the embed waits for its target to appear in the page.
pub const WAIT_FOR_TARGET_MS: i32 = 10_000;
/// The pause after the target's text last changed before it is checked again.
pub const RECHECK_PAUSE_MS: i32 = 800;

/// Waits for an element matching `selector` to be added to the page (an article rendered by a
/// script after load), then checks it; after [`WAIT_FOR_TARGET_MS`], says there is none.
fn wait_for_target(embed: &Rc<RefCell<Embed>>, selector: String) {
    let document = embed.borrow().document.clone();
    let Some(root) = document.document_element() else {
        return;
    };
    let done = Rc::new(RefCell::new(false));
    let observer_slot: Rc<RefCell<Option<MutationObserver>>> = Rc::new(RefCell::new(None));
    let on_change = {
        let (embed, done, slot, selector) = (
            embed.clone(),
            done.clone(),
            observer_slot.clone(),
            selector.clone(),
        );
        Closure::<dyn FnMut()>::new(move || {
            if *done.borrow() {
                return;
            }
            let found = embed
                .borrow()
                .document
                .query_selector(&selector)
                .ok()
                .flatten();
            if let Some(target) = found {
                *done.borrow_mut() = true;
                if let Some(observer) = slot.borrow_mut().take() {
                    observer.disconnect();
                }
                watch(&embed, target);
            }
        })
    };
    let Some(observer) = observe(&root, on_change, false) else {
        return;
    };
    *observer_slot.borrow_mut() = Some(observer);
    let embed = embed.clone();
    after(WAIT_FOR_TARGET_MS, move || {
        if std::mem::replace(&mut *done.borrow_mut(), true) {
            return;
        }
        if let Some(observer) = observer_slot.borrow_mut().take() {
            observer.disconnect();
        }
        let message = format!("Tally found no element matching “{selector}” to check.");
        let _ = embed.borrow_mut().show_panel(Phase::Error(message));
    });
}

/// Checks `target` now, and again whenever its text changes (after a pause).
fn watch(embed: &Rc<RefCell<Embed>>, target: Element) {
    embed.borrow_mut().target = Some(target.clone());
    check(embed);
    let on_change = {
        let embed = embed.clone();
        Closure::<dyn FnMut(Array)>::new(move |records: Array| {
            // Changes inside Tally's own host (when the target holds the whole body) are not the
            // article's.
            let host: Node = embed.borrow().host.clone().into();
            let ours = records.iter().all(|r| {
                r.dyn_into::<web_sys::MutationRecord>()
                    .ok()
                    .and_then(|r| r.target())
                    .is_some_and(|t| host.contains(Some(&t)) || t.is_same_node(Some(&host)))
            });
            if ours {
                return;
            }
            let Ok(mut state) = embed.try_borrow_mut() else {
                return;
            };
            state.drop_stale_marks();
            state.changes += 1;
            let seen = state.changes;
            drop(state);
            let embed = embed.clone();
            after(RECHECK_PAUSE_MS, move || {
                // Only the last change's timer checks: the page has been still since.
                if embed.borrow().changes == seen {
                    check(&embed);
                }
            });
        })
    };
    let _ = observe(&target, on_change, true);
}

/// Observes the nodes added under `node` (and, with `text`, its text and the attributes that
/// change what is visible), calling `on_change` with the records; lives as long as the page.
fn observe<T: ?Sized + wasm_bindgen::closure::WasmClosure>(
    node: &Node,
    on_change: Closure<T>,
    text: bool,
) -> Option<MutationObserver> {
    let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).ok()?;
    on_change.forget();
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    if text {
        options.set_character_data(true);
        options.set_attributes(true);
        let filter: Array = [
            "hidden",
            "style",
            "class",
            "aria-hidden",
            "data-tally-ignore",
        ]
        .iter()
        .map(|a| JsValue::from_str(a))
        .collect();
        options.set_attribute_filter(&filter);
    }
    observer.observe_with_options(node, &options).ok()?;
    Some(observer)
}

/// Reads the target as a reader reads it and checks it, unless that text was checked already;
/// the answer replaces the marks, unless a newer check has started meanwhile. The work is done
/// in slices of at most [`SLICE_MS`] between which the page runs ([`Slicer`]), so that a long
/// article never freezes it.
fn check(embed: &Rc<RefCell<Embed>>) {
    let (document, target, host) = {
        let state = embed.borrow();
        match &state.target {
            Some(t) => (state.document.clone(), t.clone(), state.host.clone()),
            None => return,
        }
    };
    let generation = {
        let mut state = embed.borrow_mut();
        state.generation += 1;
        state.generation
    };
    let embed = embed.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let current = || embed.borrow().generation == generation;
        let mut slicer = Slicer::new();
        timing("tally-read");
        let read = read(&target, &host, &mut slicer).await;
        timing("tally-read-done");
        let Ok((reading, nodes)) = read else {
            if current() {
                let message = "Tally could not read this page.".to_string();
                let _ = embed.borrow_mut().show_panel(Phase::Error(message));
            }
            return;
        };
        {
            let mut state = embed.borrow_mut();
            let newer = state.generation != generation;
            if newer || state.checked.as_deref() == Some(reading.as_str()) {
                return; // a newer check is on its way, or nothing a reader sees changed
            }
            state.checked = Some(reading.as_str().to_string());
        }
        let answer = api::check(reading.as_str()).await;
        timing("tally-answer-read");
        if !current() {
            return; // the page changed again; a newer check is on its way
        }
        let phase = match answer {
            Ok(response) => {
                slicer.pause().await;
                match place(&document, &reading, &nodes, response, &mut slicer).await {
                    Ok(marked) if current() => {
                        // Without the Highlight API the panel still lists the figures.
                        let _ = highlight(&document, &marked);
                        slicer.pause().await;
                        Phase::Results(marked)
                    }
                    Ok(_) => return,
                    Err(_) => Phase::Error("Tally could not read this page.".into()),
                }
            }
            Err(ApiError::Unreachable) => Phase::Unreachable,
            Err(err) => Phase::Error(err.message()),
        };
        if !current() {
            return;
        }
        let results = matches!(phase, Phase::Results(_));
        let mut state = embed.borrow_mut();
        let shown = state.show_panel(phase);
        timing("tally-shown");
        if shown.is_ok() && results && !state.listening {
            state.listening = true;
            drop(state);
            listen_on_page(&embed);
        }
    });
}

/// A User Timing mark (`performance.mark`), so the embed's steps show in the browser's
/// performance tools: `tally-read`, `tally-read-done`, `tally-answer-read`, `tally-shown`.
fn timing(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// The longest the embed works before it lets the page run, in milliseconds.
pub const SLICE_MS: f64 = 10.0;

/// Cuts long work into slices: [`Slicer::tick`] yields to the page's event loop once the
/// current slice has run [`SLICE_MS`].
#[derive(Debug)]
struct Slicer {
    started: f64,
}

impl Slicer {
    fn new() -> Self {
        Slicer {
            started: js_sys::Date::now(),
        }
    }

    /// Yields if the slice is used up.
    async fn tick(&mut self) {
        if js_sys::Date::now() - self.started >= SLICE_MS {
            self.pause().await;
        }
    }

    /// Yields now: a new task, after whatever the page has queued (input, rendering).
    async fn pause(&mut self) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        self.started = js_sys::Date::now();
    }
}

/// Runs `f` once after `ms` milliseconds.
fn after(ms: i32, f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// Elements whose content a reader does not read as the article's text.
const UNREAD: [&str; 13] = [
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "audio", "video", "select", "textarea",
];

/// One step of reading: a node to visit (with its parent's computed visibility and
/// white-space), or the end of a block element.
enum Step {
    Visit(Node, bool, bool),
    EndBlock,
}

/// The text of `root` as a reader reads it (see the module docs), and the text nodes read, in
/// the order [`Reading`] numbers them. Tally's own `host` is never read. Depth first, in slices.
async fn read(
    root: &Element,
    host: &Element,
    slicer: &mut Slicer,
) -> Result<(Reading, Vec<Node>), JsValue> {
    const ELEMENT: u16 = 1;
    const TEXT: u16 = 3;
    const CDATA: u16 = 4;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let mut reading = Reading::default();
    let mut nodes = Vec::new();
    let style = window
        .get_computed_style(root)?
        .ok_or_else(|| JsValue::from_str("no computed style"))?;
    let visible = style.get_property_value("visibility")? == "visible";
    let pre = style.get_property_value("white-space")?.starts_with("pre");
    let mut stack = Vec::new();
    push_children(&mut stack, root, visible, pre);
    let mut steps = 0u32;
    while let Some(step) = stack.pop() {
        steps += 1;
        if steps.is_multiple_of(32) {
            slicer.tick().await;
        }
        let (node, visible, pre) = match step {
            Step::EndBlock => {
                reading.block();
                continue;
            }
            Step::Visit(node, visible, pre) => (node, visible, pre),
        };
        match node.node_type() {
            TEXT | CDATA if visible => {
                let data = node.text_content().unwrap_or_default();
                if !data.is_empty() {
                    reading.text(nodes.len(), &data, pre);
                    nodes.push(node);
                }
            }
            ELEMENT => {
                let Some(element) = node.dyn_ref::<Element>() else {
                    continue;
                };
                let name = element.local_name().to_ascii_lowercase();
                if element.is_same_node(Some(host))
                    || UNREAD.contains(&name.as_str())
                    || element.has_attribute("hidden")
                    || element.has_attribute("data-tally-ignore")
                    || element.get_attribute("aria-hidden").as_deref() == Some("true")
                {
                    continue;
                }
                let Some(style) = window.get_computed_style(element)? else {
                    continue;
                };
                let display = style.get_property_value("display")?;
                if display == "none" {
                    continue;
                }
                if name == "br" {
                    reading.block();
                    continue;
                }
                // `inline`, `inline-block` and the like flow with the text; `contents` has no
                // box of its own; every other display starts a block (paragraphs, headings, list
                // items, table cells, captions, flex and grid items).
                let block = !display.starts_with("inline") && display != "contents";
                if block {
                    reading.block();
                    stack.push(Step::EndBlock);
                }
                let shown = style.get_property_value("visibility")? == "visible";
                let pre = style.get_property_value("white-space")?.starts_with("pre");
                push_children(&mut stack, &node, shown, pre);
            }
            _ => {}
        }
    }
    Ok((reading, nodes))
}

/// Pushes `parent`'s children so that the first is popped first.
fn push_children(stack: &mut Vec<Step>, parent: &Node, visible: bool, pre: bool) {
    let at = stack.len();
    let mut child = parent.first_child();
    while let Some(node) = child {
        child = node.next_sibling();
        stack.push(Step::Visit(node, visible, pre));
    }
    stack[at..].reverse();
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
    /// Each range's text when it was marked.
    texts: Vec<String>,
}

impl Marked {
    /// Drops the figures whose range no longer reads as the figure (the page's text changed
    /// under it); true if any was dropped.
    fn drop_stale(&mut self) -> bool {
        let before = self.claims.len();
        let keep: Vec<bool> = self
            .ranges
            .iter()
            .zip(&self.texts)
            .map(|(r, t)| same_text(&String::from(r.to_string()), t))
            .collect();
        let mut keep_iter = keep.iter();
        self.claims.retain(|_| *keep_iter.next().unwrap_or(&false));
        let mut keep_iter = keep.iter();
        self.ranges.retain(|_| *keep_iter.next().unwrap_or(&false));
        let mut keep_iter = keep.iter();
        self.texts.retain(|_| *keep_iter.next().unwrap_or(&false));
        self.claims.len() != before
    }

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

/// Maps the claims' UTF-16 offsets in the reading to DOM ranges over the nodes read. A claim
/// is marked only if its range reads as the figure (the page may have changed meanwhile).
async fn place(
    document: &Document,
    reading: &Reading,
    nodes: &[Node],
    response: Checked,
    slicer: &mut Slicer,
) -> Result<Marked, JsValue> {
    let mut claims = Vec::new();
    let mut ranges = Vec::new();
    let mut texts = Vec::new();
    for (i, claim) in response.claims.into_iter().enumerate() {
        if i % 32 == 31 {
            slicer.tick().await;
        }
        let (Some((sn, so)), Some((en, eo))) = (
            reading.locate(claim.start as u32, false),
            reading.locate(claim.end as u32, true),
        ) else {
            continue;
        };
        let range = document.create_range()?;
        if range.set_start(&nodes[sn], so).is_err() || range.set_end(&nodes[en], eo).is_err() {
            continue;
        }
        // The page still reads as it did when it was read (the answer's own copy of the figure
        // is not trusted for this).
        let read = crate::text::utf16_span_to_bytes(reading.as_str(), claim.start, claim.end)
            .map(|r| &reading.as_str()[r]);
        let now = String::from(range.to_string());
        if read.is_none_or(|read| !same_text(&now, read)) {
            continue;
        }
        claims.push(claim);
        ranges.push(range);
        texts.push(now);
    }
    Ok(Marked {
        claims,
        ranges,
        texts,
    })
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
    /// The element whose figures are checked, once it is in the page.
    target: Option<Element>,
    /// The text last sent to be checked.
    checked: Option<String>,
    /// Counts the checks started; an answer for an older one is dropped.
    generation: u32,
    /// Counts the target's changes; only the last one's timer checks again.
    changes: u32,
    /// The page's listeners are added with the first results.
    listening: bool,
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
                    let words = match n {
                        0 => "Tally found no figure to check on this page.".to_string(),
                        1 => {
                            "The figure checked does not disagree with Tally's sources.".to_string()
                        }
                        n => format!(
                            "None of the {n} figures checked disagrees with Tally's sources."
                        ),
                    };
                    el_text(d, "p", "", &words)?
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

    /// Drops the marks whose text changed under them, at once (the page is checked again after
    /// a pause), and shows what is left.
    fn drop_stale_marks(&mut self) {
        let Some(mut marked) = self.marked.take() else {
            return;
        };
        if marked.drop_stale() {
            // Checked again even if the text comes back as it was: its marks are gone.
            self.checked = None;
            self.open = None;
            let _ = self.show_card();
            let _ = highlight(&self.document, &marked);
            let _ = self.show_panel(Phase::Results(marked));
        } else {
            self.marked = Some(marked);
        }
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
