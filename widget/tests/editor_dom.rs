//! The editor in a real browser (headless Chromium, under `wasm-bindgen-test`): what needs a
//! DOM — mounting, input events, the debounce timer, `fetch`, and the marks rendered over the
//! draft's text.
//!
//! Run by `scripts/test.sh` as `cargo test -p tally-widget --target wasm32-unknown-unknown
//! --test '*'` (the runner is `scripts/wasm-test-runner.sh`, named in `.cargo/config.toml`).
//! Natively this file compiles to nothing; the plain-Rust logic has native unit tests in `src/`.
//!
//! No Tally server runs here: the tests either replace `window.fetch` with a stub that answers
//! a canned `/v1/check` response (and records the requests), or point the API at a port the
//! browser refuses to connect to.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Promise, Reflect};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element, HtmlElement, HtmlTextAreaElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Polls `cond` every 10 ms for up to `ms` milliseconds; panics with `what` if it never holds.
async fn wait_for(what: &str, ms: i32, cond: impl Fn() -> bool) {
    let mut waited = 0;
    while !cond() {
        assert!(waited < ms, "timed out after {ms} ms waiting for {what}");
        sleep(10).await;
        waited += 10;
    }
}

fn by_id(id: &str) -> Element {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id} in the page"))
}

fn status() -> String {
    by_id("tally-status")
        .get_attribute("data-state")
        .unwrap_or_default()
}

fn status_text() -> String {
    by_id("tally-status").text_content().unwrap_or_default()
}

/// A fresh `<div id="tally-app">` in the body, with the editor mounted into it by the crate's
/// entry point. Any earlier test's root is removed first, so the ids are unique.
async fn mount() -> Element {
    let document = document();
    if let Some(old) = document.get_element_by_id(tally_widget::ROOT_ID) {
        old.remove();
    }
    let root = document.create_element("div").unwrap();
    root.set_id(tally_widget::ROOT_ID);
    document.body().unwrap().append_child(&root).unwrap();
    tally_widget::run();
    wait_for("the editor to render", 2000, || {
        document.get_element_by_id("tally-draft").is_some()
    })
    .await;
    root
}

/// Types `text` into the draft as a user would: sets the value and fires a bubbling `input`.
fn type_draft(text: &str) {
    let area: HtmlTextAreaElement = by_id("tally-draft").dyn_into().unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
}

/// Replaces `window.fetch` with a stub answering every call with `body` (status 200, JSON) and
/// recording `{url, body}` of each call in `stub.calls`. Returns the stub and the original.
fn stub_fetch(body: &str) -> (Function, JsValue) {
    let window = web_sys::window().unwrap();
    let original = Reflect::get(&window, &"fetch".into()).unwrap();
    let make = Function::new_with_args(
        "body",
        "const calls = [];
         const stub = function (url, init) {
             calls.push({ url: String(url), body: init && init.body });
             return Promise.resolve(new Response(body, {
                 status: 200, headers: { 'Content-Type': 'application/json' } }));
         };
         stub.calls = calls;
         return stub;",
    );
    let stub: Function = make
        .call1(&JsValue::NULL, &body.into())
        .unwrap()
        .dyn_into()
        .unwrap();
    Reflect::set(&window, &"fetch".into(), &stub).unwrap();
    (stub, original)
}

fn restore_fetch(original: &JsValue) {
    Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), original).unwrap();
}

/// The `{url, body}` records of the stub's calls.
fn calls(stub: &Function) -> Vec<(String, String)> {
    let calls: Array = Reflect::get(stub, &"calls".into()).unwrap().into();
    calls
        .iter()
        .map(|c| {
            let get = |k: &str| {
                Reflect::get(&c, &k.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            (get("url"), get("body"))
        })
        .collect()
}

/// A `/v1/check` answer with one contradicted claim for the figure `figure` at UTF-16 offset
/// `start` of the draft.
fn check_response(figure: &str, start: usize) -> String {
    let end = start + figure.encode_utf16().count();
    json!({
        "claims": [{
            "start": start, "end": end, "byte_start": 0, "byte_end": 0,
            "text": figure, "kind": "count", "value": 35.0,
            "interval": {"low": 35.0, "high": 35.0}, "hedge": "exact", "spelled": false,
            "unit": null, "subject": null, "predicate": null, "attribution": null,
            "temporal": null,
            "phrase": {"start": start, "end": end, "byte_start": 0, "byte_end": 0},
            "phrase_text": format!("{figure} hostages"),
            "sentence": {"start": 0, "end": end, "byte_start": 0, "byte_end": 0},
            "checkable": true, "verdict": "contradicted",
            "message": "The sources say 33 hostages released, not 35.", "evidence": []
        }],
        "corpus": {"documents": 1, "version": "test"}
    })
    .to_string()
}

#[wasm_bindgen_test]
async fn run_mounts_the_editor_into_tally_app_idle() {
    let root = mount().await;

    let draft = by_id("tally-draft");
    assert_eq!(draft.tag_name(), "TEXTAREA");
    assert!(
        root.contains(Some(&draft)),
        "the draft box is inside #tally-app"
    );
    let check = by_id("tally-check");
    assert_eq!(check.tag_name(), "BUTTON");
    assert_eq!(check.text_content().as_deref(), Some("Check"));
    assert!(root.contains(Some(&check)));
    assert!(root.contains(Some(&by_id("tally-as-of"))));
    assert_eq!(status(), "idle");
    assert!(
        status_text().starts_with("Paste or type a draft"),
        "idle status text: {}",
        status_text()
    );
    let marked = by_id("tally-marked");
    assert_eq!(marked.get_attribute("data-stale").as_deref(), Some("true"));
    assert!(marked.class_list().contains("tally-overlay"));
    assert!(marked.query_selector("mark").unwrap().is_none());
    assert!(by_id("tally-summary")
        .query_selector("li")
        .unwrap()
        .is_none());
    // Nothing is mounted outside the root.
    assert_eq!(
        document()
            .query_selector_all("#tally-draft, #tally-status")
            .unwrap()
            .length(),
        2
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unverifiable_figure_shows_related_source_figures_as_not_evidence() {
    let text = "Hamas freed three hostages on Sunday.";
    let mut response: serde_json::Value =
        serde_json::from_str(&check_response("three", 12)).unwrap();
    let claim = &mut response["claims"][0];
    claim["verdict"] = json!("unverifiable");
    claim["message"] = json!("The sources say nothing about this figure.");
    claim["related"] = json!([{
        "doc": "004", "title": "Cairo talks", "published": "2025-04-14",
        "quote": "Hamas released 33 hostages.", "quote_start": 15, "quote_end": 17,
        "text": "33", "value": 33.0, "interval": {"low": 33.0, "high": 33.0}, "unit": null,
        "agrees": false, "score": 8.0,
        "why": ["same names: Hamas", "the source does not name Sunday", "both count hostage"]
    }]);
    let (_stub, original) = stub_fetch(&response.to_string());
    let root = mount().await;
    type_draft(text);
    wait_for("results", 3000, || status() == "results").await;
    let mark: HtmlElement = by_id("tally-marked")
        .query_selector("mark.tally-mark")
        .unwrap()
        .expect("the figure is marked")
        .dyn_into()
        .unwrap();
    mark.focus().unwrap();
    wait_for("the card", 2000, || {
        document().get_element_by_id("tally-card").is_some()
    })
    .await;
    let card = by_id("tally-card");
    let related = card
        .query_selector(".tally-related-list .tally-related")
        .unwrap()
        .expect("a related source figure");
    let said = related.text_content().unwrap_or_default();
    assert!(said.contains("the source does not name Sunday"), "{said}");
    assert!(said.contains("Hamas released 33 hostages."), "{said}");
    let head = card
        .query_selector(".tally-related-head")
        .unwrap()
        .expect("the related figures are headed");
    assert!(head
        .text_content()
        .unwrap_or_default()
        .starts_with("Related, not evidence"));
    // Not evidence: the figures line still says no source states this quantity.
    assert!(card
        .text_content()
        .unwrap_or_default()
        .contains("no source states this quantity"));
    restore_fetch(&original);
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_is_debounced_into_one_check_whose_figures_are_marked() {
    // "🎉 " is 3 UTF-16 code units, so "35" starts at 19: the API's offsets are UTF-16.
    let final_text = "🎉 Hamas has freed 35 hostages.";
    let (stub, original) = stub_fetch(&check_response("35", 19));
    let root = mount().await;

    type_draft("🎉 Hamas has freed 3");
    sleep(100).await;
    type_draft(final_text);
    sleep(10).await;
    assert_eq!(status(), "idle", "no check while typing");
    // Still inside the debounce window of the last keystroke (600 ms).
    sleep(300).await;
    assert_eq!(status(), "idle");
    assert!(
        calls(&stub).is_empty(),
        "nothing sent before the debounce ran out"
    );

    wait_for("results after the debounce", 3000, || status() == "results").await;
    let sent = calls(&stub);
    assert_eq!(sent.len(), 1, "one request for the two edits: {sent:?}");
    assert!(sent[0].0.ends_with("/v1/check"), "url: {}", sent[0].0);
    let body: serde_json::Value = serde_json::from_str(&sent[0].1).unwrap();
    assert_eq!(body["text"], final_text, "the final text is checked");

    assert_eq!(status_text(), "1 figure checked: 1 contradicted.");
    let marked = by_id("tally-marked");
    assert_eq!(marked.get_attribute("data-stale").as_deref(), Some("false"));
    assert_eq!(marked.text_content().as_deref(), Some(final_text));
    let marks = marked.query_selector_all("mark.tally-mark").unwrap();
    assert_eq!(marks.length(), 1);
    let mark: Element = marks.get(0).unwrap().dyn_into().unwrap();
    assert_eq!(mark.text_content().as_deref(), Some("35"));
    assert_eq!(
        mark.get_attribute("data-verdict").as_deref(),
        Some("contradicted")
    );
    assert_eq!(mark.get_attribute("data-start").as_deref(), Some("19"));
    assert_eq!(mark.get_attribute("data-end").as_deref(), Some("21"));
    assert_eq!(mark.get_attribute("tabindex").as_deref(), Some("0"));
    let count = by_id("tally-summary")
        .query_selector("li[data-verdict=\"contradicted\"]")
        .unwrap()
        .expect("a count for contradicted");
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("1"));

    // Focusing the mark opens its card with the message.
    mark.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    wait_for("the card", 2000, || {
        document().get_element_by_id("tally-card").is_some()
    })
    .await;
    let card = by_id("tally-card");
    assert_eq!(
        card.get_attribute("data-verdict").as_deref(),
        Some("contradicted")
    );
    assert!(card
        .text_content()
        .unwrap_or_default()
        .contains("The sources say 33 hostages released, not 35."));

    // An edit makes the marks stale at once, without waiting for a new check.
    type_draft("🎉 Hamas has freed 33 hostages.");
    wait_for("idle after an edit", 2000, || status() == "idle").await;
    assert_eq!(
        by_id("tally-marked").get_attribute("data-stale").as_deref(),
        Some("true")
    );
    // The edited figure lost its mark; the layer shows the text as it is now.
    assert!(by_id("tally-marked")
        .query_selector("mark.tally-mark")
        .unwrap()
        .is_none());
    assert_eq!(
        by_id("tally-marked").text_content().as_deref(),
        Some("🎉 Hamas has freed 33 hostages.")
    );
    assert!(document().get_element_by_id("tally-card").is_none());
    // Let that edit's debounced check finish against the stub before restoring `fetch`.
    wait_for("the second check", 3000, || status() == "results").await;
    assert_eq!(calls(&stub).len(), 2);

    restore_fetch(&original);
    root.remove();
}

#[wasm_bindgen_test]
async fn empty_draft_and_unreachable_server_are_shown() {
    // Port 9 is on Chromium's list of unsafe ports: the fetch fails at once, without a network.
    tally_widget::api::set_base("http://127.0.0.1:9");
    let root = mount().await;

    type_draft("  \n ");
    wait_for("the empty state", 2000, || status() == "empty").await;
    assert_eq!(status_text(), "The draft is empty: nothing to check.");
    // The button does not send an empty draft either.
    by_id("tally-check")
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    sleep(50).await;
    assert_eq!(status(), "empty");

    type_draft("Hamas has freed 35 hostages.");
    by_id("tally-check")
        .dyn_ref::<HtmlElement>()
        .unwrap()
        .click();
    wait_for("checking after the button", 2000, || {
        matches!(status().as_str(), "checking" | "unreachable")
    })
    .await;
    wait_for("the unreachable state", 10_000, || {
        status() == "unreachable"
    })
    .await;
    assert!(
        status_text().contains("unreachable"),
        "status text: {}",
        status_text()
    );
    assert_eq!(
        by_id("tally-marked").get_attribute("data-stale").as_deref(),
        Some("true")
    );

    tally_widget::api::set_base("");
    root.remove();
}
