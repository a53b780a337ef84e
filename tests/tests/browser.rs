//! End-to-end tests of the widget in headless Chromium, driven over WebDriver (fantoccini and
//! Debian's `chromedriver`) against a real `tally serve`.
//!
//! Nothing is built here: the `tally` binary must already sit next to this test's target
//! directory (`scripts/test.sh` runs `cargo build -p tally-server` first), and Chromium and
//! chromedriver must be installed (`scripts/ensure-browser.sh`, which `scripts/test.sh` runs).
//! Without them these tests fail, saying so; they never pass silently.
//!
//! Each test starts its own chromedriver (and so its own Chromium, with a fresh profile); the
//! tests take turns through a lock, which keeps a 2-core machine responsive. Screenshots go to
//! `target/screenshots/` (`editor.png`, `embed.png`, `demo.png`, and `failed-<test>.png` when a
//! test fails). Run with `--nocapture` to see the measured times.

mod support;

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{
    assert_publisher_button_works, browser_test, js, screenshot, wait_for, wait_js, Result, WAIT,
};
use tally_tests::{
    free_port, http_get, http_post_json, root, target_dir, PageServer, Reply, TallyServer,
};

/// The draft with a wrong figure: the corpus says 33 hostages were released.
const WRONG_DRAFT: &str = "Hamas has freed 35 hostages since the truce began.";

/// Sets the editor's draft as a paste would, and records `performance.now()` at the input event
/// in `window.__tallyInputAt` (and when dispatching returned in `window.__tallyInputDone`).
async fn set_draft(client: &Client, text: &str) -> Result {
    js(
        client,
        r#"
        const draft = document.querySelector('#tally-draft');
        draft.focus();
        draft.value = arguments[0];
        window.__tallyInputAt = performance.now();
        draft.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
        window.__tallyInputDone = performance.now();
        return true;
        "#,
        vec![json!(text)],
    )
    .await?;
    Ok(())
}

/// Opens the editor at `/` and waits for the widget to be mounted.
async fn open_editor(client: &Client, app: &TallyServer) -> Result {
    client.goto(&app.url("/")).await?;
    wait_js(
        client,
        "the editor's #tally-draft and #tally-check",
        "document.querySelector('#tally-draft') && document.querySelector('#tally-check')",
    )
    .await?;
    Ok(())
}

/// Clicks the editor's Check button.
async fn click_check(client: &Client) -> Result {
    client
        .find(Locator::Css("#tally-check"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Waits for the editor's results state.
async fn wait_results(client: &Client) -> Result {
    wait_js(
        client,
        "#tally-status[data-state=\"results\"]",
        r#"document.querySelector('#tally-status[data-state="results"]')"#,
    )
    .await?;
    Ok(())
}

/// The text of `#tally-card` if it is shown, else null.
const CARD_TEXT_IF_VISIBLE: &str = r#"(() => {
    const card = document.querySelector('#tally-card');
    if (!card || card.hidden) return null;
    const style = getComputedStyle(card);
    const rect = card.getBoundingClientRect();
    if (style.display === 'none' || style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) return null;
    return card.textContent;
})()"#;

/// The claim the API gives for `figure` in `text`.
fn api_claim(app: &TallyServer, text: &str, figure: &str) -> Value {
    let (status, body) =
        http_post_json(app.addr, "/v1/check", &json!({ "text": text }).to_string());
    assert_eq!(status, 200, "POST /v1/check: {body}");
    let response: Value = serde_json::from_str(&body).expect("the check response is JSON");
    response["claims"]
        .as_array()
        .and_then(|claims| claims.iter().find(|c| c["text"] == figure))
        .unwrap_or_else(|| panic!("the API finds no claim {figure:?} in {text:?}: {body}"))
        .clone()
}

/// A publisher's page on another origin: an article, text outside it, a button with its own
/// handler, and Tally's embed script pointing at `widget_src`.
fn publisher_page(article_html: &str, widget_src: &str) -> String {
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Publisher</title></head>
<body>
<article id="story">{article_html}</article><p id="outside">Outside: 35 hostages.</p><button id="publisher-button" onclick="window.clicks=(window.clicks||0)+1; document.getElementById('publisher-count').textContent=window.clicks">Click</button><span id="publisher-count">0</span><script src="{widget_src}" data-tally-target="#story" async></script>
</body></html>"##
    )
}

const STORY: &str =
    "Hamas has freed 35 hostages since the truce began. About 130 hostages are still held in Gaza.";

/// Asserts the publisher's page is as it was written: article, outside text, and a working button.
async fn assert_publisher_page_untouched(client: &Client, article_html: &str) -> Result {
    let article = js(
        client,
        "return document.querySelector('#story').innerHTML;",
        vec![],
    )
    .await?;
    if article != json!(article_html) {
        return Err(format!("the article's DOM changed: {article}").into());
    }
    let outside = js(
        client,
        "return document.querySelector('#outside').textContent;",
        vec![],
    )
    .await?;
    if outside != json!("Outside: 35 hostages.") {
        return Err(format!("the text outside the article changed: {outside}").into());
    }
    assert_publisher_button_works(client, 2).await
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn editor_marks_35_contradicted_and_its_card_shows_33_and_the_source_title() {
    let app = TallyServer::spawn(&[]);
    // What the card must show, from the API itself.
    let claim = api_claim(&app, WRONG_DRAFT, "35");
    assert_eq!(claim["verdict"], "contradicted", "{claim}");
    let evidence = claim["evidence"].as_array().expect("evidence");
    assert!(
        evidence.iter().any(|e| e["value"] == 33.0),
        "the API cites 33: {claim}"
    );
    let titles: Vec<String> = evidence
        .iter()
        .filter_map(|e| e["title"].as_str())
        // A long title may be shortened on the card; its first words must be there.
        .map(|t| t.chars().take(20).collect())
        .collect();
    let (start, end) = (claim["start"].clone(), claim["end"].clone());

    browser_test("editor", |client| async move {
        let client = &client;
        open_editor(client, &app).await?;
        // Typed for real, key by key, then the Check button.
        let draft = client.find(Locator::Css("#tally-draft")).await?;
        draft.send_keys(WRONG_DRAFT).await?;
        click_check(client).await?;
        wait_results(client).await?;
        let mark = wait_js(
            client,
            "a contradicted mark on \"35\"",
            r#"[...document.querySelectorAll('#tally-marked mark.tally-mark[data-verdict="contradicted"]')]
                .filter(m => m.textContent.trim() === '35')
                .map(m => ({ start: m.dataset.start, end: m.dataset.end, tabindex: m.getAttribute('tabindex') }))[0]"#,
        )
        .await?;
        if mark["start"] != json!(start.to_string()) || mark["end"] != json!(end.to_string()) {
            return Err(format!("the mark's span {mark} is not the API's {start}..{end}").into());
        }
        if mark["tabindex"] != json!("0") {
            return Err(format!("the mark is not focusable: {mark}").into());
        }

        // Hover: the card opens with the source's figure and title.
        let card = hover_card(
            client,
            r#"#tally-marked mark.tally-mark[data-verdict="contradicted"]"#,
        )
        .await?;
        check_card(&card, &titles)?;
        screenshot(client, "editor").await?;

        // Escape closes the card; keyboard focus on the mark opens it again.
        client
            .perform_actions(
                MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
                    duration: None,
                    x: 2.0,
                    y: 2.0,
                }),
            )
            .await?;
        client
            .find(Locator::Css("body"))
            .await?
            .send_keys(&Key::Escape)
            .await?;
        wait_for("Escape to close #tally-card", WAIT, || async {
            let card = js(client, &format!("return {CARD_TEXT_IF_VISIBLE};"), vec![]).await?;
            Ok(card.is_null().then_some(()))
        })
        .await?;
        js(
            client,
            r#"document.activeElement && document.activeElement.blur();
               document.querySelector('#tally-marked mark.tally-mark[data-verdict="contradicted"]').focus();
               return true;"#,
            vec![],
        )
        .await?;
        let card = wait_js(client, "#tally-card shown on focus", CARD_TEXT_IF_VISIBLE).await?;
        check_card(card.as_str().unwrap_or_default(), &titles)?;
        Ok(())
    });
}

fn check_card(card: &str, title_starts: &[String]) -> Result {
    if !card.contains("33") {
        return Err(format!("the card does not show the source's 33: {card:?}").into());
    }
    if !title_starts.iter().any(|t| card.contains(t.as_str())) {
        return Err(
            format!("the card names none of the sources {title_starts:?}: {card:?}").into(),
        );
    }
    Ok(())
}

#[test]
fn embed_on_another_origin_marks_the_article_without_changing_the_page() {
    let mut publisher = PageServer::bind();
    let app = TallyServer::spawn(&["--cors-origin", &publisher.origin()]);
    publisher.serve(publisher_page(STORY, &app.url("/widget.js")));

    browser_test("embed", |client| async move {
        let client = &client;
        client.goto(&publisher.url()).await?;
        let embed = wait_js(
            client,
            "#tally-embed[data-state=\"results\"] with marks",
            r#"(() => {
                const host = document.querySelector('#tally-embed[data-state="results"]');
                return host && Number(host.dataset.marks) >= 1 ? { marks: Number(host.dataset.marks), parent: host.parentElement.tagName } : null;
            })()"#,
        )
        .await?;
        println!("embed: {embed}");
        if embed["parent"] != json!("BODY") {
            return Err(format!("#tally-embed is not appended to body: {embed}").into());
        }
        let highlights = js(
            client,
            "return (typeof CSS !== 'undefined' && CSS.highlights) ? CSS.highlights.size : -1;",
            vec![],
        )
        .await?;
        if highlights.as_i64().unwrap_or(-1) < 1 {
            return Err(format!("no CSS highlights registered (size {highlights})").into());
        }
        // Selection and copy of the article still work on the plain text.
        let selected = js(
            client,
            "const s = getSelection(); s.selectAllChildren(document.querySelector('#story')); const t = s.toString(); s.removeAllRanges(); return t;",
            vec![],
        )
        .await?;
        if selected != json!(STORY) {
            return Err(format!("selecting the article gives {selected}").into());
        }
        screenshot(client, "embed").await?;
        assert_publisher_page_untouched(client, STORY).await?;
        Ok(())
    });
}

#[test]
fn hostile_text_in_draft_and_page_is_shown_as_text_and_never_runs() {
    let draft = r#"<img src=x onerror="window.pwned=1"> and <script>window.pwned=2</script> Hamas freed 35 hostages."#;
    let escaped = r#"&lt;img src=x onerror="window.pwned=1"&gt; and &lt;script&gt;window.pwned=2&lt;/script&gt; Hamas freed 35 hostages."#;
    let mut publisher = PageServer::bind();
    let app = TallyServer::spawn(&["--cors-origin", &publisher.origin()]);
    publisher.serve(publisher_page(escaped, &app.url("/widget.js")));

    browser_test("hostile", |client| async move {
        let client = &client;
        // The editor.
        open_editor(client, &app).await?;
        set_draft(client, draft).await?;
        click_check(client).await?;
        wait_results(client).await?;
        wait_js(
            client,
            "a mark on \"35\"",
            "[...document.querySelectorAll('#tally-marked mark.tally-mark')].some(m => m.textContent.trim() === '35')",
        )
        .await?;
        // Open the card too: it quotes text around the figure.
        js(
            client,
            "[...document.querySelectorAll('#tally-marked mark.tally-mark')].find(m => m.textContent.trim() === '35').focus(); return true;",
            vec![],
        )
        .await?;
        let _ = wait_js(client, "#tally-card shown", CARD_TEXT_IF_VISIBLE).await;
        let verdict = js(
            client,
            r#"const marked = document.querySelector('#tally-marked');
               return {
                 pwned: typeof window.pwned,
                 text_has_img: marked.textContent.includes('<img src=x onerror="window.pwned=1">'),
                 text_has_script: marked.textContent.includes('<script>window.pwned=2</script>'),
                 elements: document.querySelectorAll('#tally-marked img, #tally-marked script, #tally-card img, #tally-card script').length,
               };"#,
            vec![],
        )
        .await?;
        if verdict
            != json!({ "pwned": "undefined", "text_has_img": true, "text_has_script": true, "elements": 0 })
        {
            return Err(format!("editor with hostile text: {verdict}").into());
        }

        // The publisher's page.
        client.goto(&publisher.url()).await?;
        wait_js(
            client,
            "#tally-embed[data-state=\"results\"]",
            r#"document.querySelector('#tally-embed[data-state="results"]')"#,
        )
        .await?;
        let verdict = js(
            client,
            r#"return {
                 pwned: typeof window.pwned,
                 elements: document.querySelectorAll('#story img, #story script').length,
               };"#,
            vec![],
        )
        .await?;
        if verdict != json!({ "pwned": "undefined", "elements": 0 }) {
            return Err(format!("publisher page with hostile text: {verdict}").into());
        }
        assert_publisher_page_untouched(client, escaped).await?;
        Ok(())
    });
}

#[test]
fn server_down_shows_unreachable_in_the_editor_and_leaves_the_publisher_page_working() {
    let mut app = TallyServer::spawn(&[]);
    let editor_url = app.url("/");
    // The embed pointing at a port where nothing listens.
    let closed = format!("127.0.0.1:{}", free_port());
    let mut publisher = PageServer::bind();
    publisher.serve(publisher_page(STORY, &format!("http://{closed}/widget.js")));

    browser_test("server-down", |client| async move {
        let client = &client;
        client.goto(&editor_url).await?;
        wait_js(
            client,
            "the editor's #tally-draft",
            "document.querySelector('#tally-draft') && document.querySelector('#tally-check')",
        )
        .await?;
        app.kill();
        set_draft(client, WRONG_DRAFT).await?;
        click_check(client).await?;
        let status = wait_js(
            client,
            "#tally-status[data-state=\"unreachable\"]",
            r#"document.querySelector('#tally-status[data-state="unreachable"]')?.textContent.trim() || null"#,
        )
        .await?;
        println!("editor, server down: {status}");

        client.goto(&publisher.url()).await?;
        wait_js(
            client,
            "the page to finish loading",
            "document.readyState === 'complete'",
        )
        .await?;
        let embed = js(
            client,
            "const e = document.querySelector('#tally-embed'); return e ? e.dataset.state : null;",
            vec![],
        )
        .await?;
        // The loader itself is unreachable, so there may be no widget at all; if there is one,
        // it must say Tally is unreachable.
        if !embed.is_null() {
            wait_js(
                client,
                "#tally-embed[data-state=\"unreachable\"]",
                r#"document.querySelector('#tally-embed[data-state="unreachable"]')"#,
            )
            .await?;
        }
        assert_publisher_page_untouched(client, STORY).await?;
        Ok(())
    });
}

#[test]
fn embed_refused_by_the_server_says_tally_is_unreachable_and_leaves_the_page_working() {
    // The server does not list the publisher's origin: the browser refuses the widget's calls,
    // exactly as when the API is down, so the embed must say so and touch nothing else.
    let mut publisher = PageServer::bind();
    let app = TallyServer::spawn(&[]);
    publisher.serve(publisher_page(STORY, &app.url("/widget.js")));

    browser_test("embed-refused", |client| async move {
        let client = &client;
        client.goto(&publisher.url()).await?;
        let text = wait_js(
            client,
            "#tally-embed[data-state=\"unreachable\"]",
            r#"(() => {
                const host = document.querySelector('#tally-embed[data-state="unreachable"]');
                return host && host.shadowRoot ? host.shadowRoot.textContent : null;
            })()"#,
        )
        .await?;
        if !text.as_str().unwrap_or_default().contains("unreachable") {
            return Err(format!("the embed does not say Tally is unreachable: {text}").into());
        }
        let highlights = js(
            client,
            "return (typeof CSS !== 'undefined' && CSS.highlights) ? CSS.highlights.size : -1;",
            vec![],
        )
        .await?;
        if highlights.as_i64().unwrap_or(-1) > 0 {
            return Err(
                format!("figures were marked although the check failed ({highlights})").into(),
            );
        }
        assert_publisher_page_untouched(client, STORY).await?;
        Ok(())
    });
}

#[test]
fn demo_page_embeds_the_widget_and_shows_marks() {
    let app = TallyServer::spawn(&[]);
    browser_test("demo", |client| async move {
        let client = &client;
        client.goto(&app.url("/demo")).await?;
        let marks = wait_js(
            client,
            "#tally-embed[data-state=\"results\"] with marks",
            r#"(() => {
                const host = document.querySelector('#tally-embed[data-state="results"]');
                return host && Number(host.dataset.marks) >= 1 ? Number(host.dataset.marks) : null;
            })()"#,
        )
        .await?;
        println!("demo: {marks} marks");
        screenshot(client, "demo").await?;
        Ok(())
    });
}

/// The longest draft of `../shared/eval/dev.json` if present, else of `testdata/check/drafts.json`.
fn longest_eval_draft() -> (String, String) {
    let shared = root().join("../shared/eval/dev.json");
    let path = if shared.is_file() {
        shared
    } else {
        root().join("testdata/check/drafts.json")
    };
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read the drafts"))
            .expect("the drafts are JSON");
    let text = data["drafts"]
        .as_array()
        .expect("a drafts array")
        .iter()
        .filter_map(|d| d["text"].as_str())
        .max_by_key(|t| t.chars().count())
        .expect("at least one draft")
        .to_string();
    (path.display().to_string(), text)
}

/// `text` repeated, a blank line between copies, to at least `chars` characters.
fn repeated(text: &str, chars: usize) -> String {
    let mut long = String::new();
    while long.chars().count() < chars {
        long.push_str(text);
        long.push_str("\n\n");
    }
    long
}

/// Times, in the page, from the input event to marks shown (`#tally-status` in `results` and at
/// least one mark), with a MutationObserver so polling adds nothing. Returns (to marks, input
/// handling) in milliseconds.
async fn time_input_to_marks(client: &Client, text: &str) -> Result<(f64, f64)> {
    js(
        client,
        r#"window.__tallyMarksAt = undefined;
           const done = () => document.querySelector('#tally-status[data-state="results"]')
               && document.querySelector('#tally-marked mark.tally-mark');
           new MutationObserver((_, observer) => {
               if (window.__tallyInputAt !== undefined && window.__tallyMarksAt === undefined && done()) {
                   window.__tallyMarksAt = performance.now();
                   observer.disconnect();
               }
           }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
           return true;"#,
        vec![],
    )
    .await?;
    set_draft(client, text).await?;
    let times = wait_js(
        client,
        "marks after the input event",
        "window.__tallyMarksAt !== undefined && [window.__tallyMarksAt - window.__tallyInputAt, window.__tallyInputDone - window.__tallyInputAt]",
    )
    .await?;
    let ms = |i: usize| times[i].as_f64().unwrap_or(f64::NAN);
    Ok((ms(0), ms(1)))
}

#[test]
fn time_from_input_to_marks_for_the_longest_eval_draft() {
    let app = TallyServer::spawn(&[]);
    let (source, text) = longest_eval_draft();
    // A 20,000-character draft, for responsiveness: the eval drafts repeated.
    let long = repeated(&text, 20_000);
    browser_test("timing", |client| async move {
        let client = &client;
        open_editor(client, &app).await?;
        let (to_marks, input) = time_input_to_marks(client, &text).await?;
        println!(
            "typing to marks: {to_marks:.0} ms for the longest draft of {source} ({} chars; \
             includes the editor's debounce); the input event took {input:.1} ms",
            text.chars().count()
        );
        open_editor(client, &app).await?;
        let (to_marks, input) = time_input_to_marks(client, &long).await?;
        println!(
            "typing to marks: {to_marks:.0} ms for a {}-char draft; the input event took {input:.1} ms",
            long.chars().count()
        );
        Ok(())
    });
}

/// Markup that runs script wherever a string is parsed as HTML (or a link followed) instead of
/// shown as text. Each sets `window.pwned`.
const HOSTILE: &str = r#"<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><iframe src="javascript:parent.pwned=3"></iframe>"#;

/// What must hold on a page after Tally showed hostile strings: nothing ran, no element came
/// from them (in the page or in the embed's shadow root), every link stays on `link_prefix`,
/// and the hostile text is visible as text in `where_` (a selector, `shadow:` for the embed's
/// shadow root).
const NOTHING_RAN: &str = r#"
    const [where_, linkPrefix, hostile] = arguments;
    const shadow = document.querySelector('#tally-embed')?.shadowRoot;
    const roots = [document, shadow].filter(Boolean);
    const elements = roots.flatMap(r => [...r.querySelectorAll('img, iframe, object, embed, svg script')]).length
        + [...document.querySelectorAll('script')].filter(s => !s.src).length
        + (shadow ? shadow.querySelectorAll('script').length : 0);
    const links = roots.flatMap(r => [...r.querySelectorAll('a')]).map(a => a.href)
        .filter(h => !h.startsWith(linkPrefix));
    const box = where_ === 'shadow:' ? shadow : document.querySelector(where_);
    return {
        pwned: typeof window.pwned,
        elements,
        foreign_links: links,
        shown_as_text: !!box && box.textContent.includes(hostile),
    };
"#;

async fn assert_nothing_ran(client: &Client, where_: &str, link_prefix: &str) -> Result {
    // Give an injected <img> time to fail to load and fire its onerror.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let verdict = js(
        client,
        NOTHING_RAN,
        vec![json!(where_), json!(link_prefix), json!(HOSTILE)],
    )
    .await?;
    let expected =
        json!({ "pwned": "undefined", "elements": 0, "foreign_links": [], "shown_as_text": true });
    if verdict != expected {
        return Err(format!("hostile strings in {where_}: {verdict}").into());
    }
    Ok(())
}

/// Opens the embed's card for every flagged figure, one after the other; returns how many.
async fn open_embed_cards(client: &Client) -> Result<usize> {
    let opened = js(
        client,
        r#"const root = document.querySelector('#tally-embed').shadowRoot;
           const flags = [...root.querySelectorAll('button.tally-flag')];
           flags.forEach(f => f.click());
           return flags.length;"#,
        vec![],
    )
    .await?;
    wait_js(
        client,
        "the embed's card",
        "document.querySelector('#tally-embed').shadowRoot.querySelector('.tally-card')",
    )
    .await?;
    Ok(opened.as_u64().unwrap_or(0) as usize)
}

/// Appends [`HOSTILE`] to every string a malicious Tally could control in a check response,
/// and points document ids at `javascript:` URLs.
fn poison(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), &mut *v) {
                    ("doc", Value::String(s)) => *s = format!("javascript:window.pwned=4//{s}"),
                    ("verdict", _) => {}
                    (_, Value::String(s)) => s.push_str(HOSTILE),
                    _ => poison(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(poison),
        _ => {}
    }
}

#[test]
fn a_malicious_server_answer_is_shown_as_text_and_never_runs_in_the_embed() {
    let app = TallyServer::spawn(&[]);
    let (status, body) =
        http_post_json(app.addr, "/v1/check", &json!({ "text": STORY }).to_string());
    assert_eq!(status, 200, "{body}");
    let mut answer: Value = serde_json::from_str(&body).expect("JSON");
    poison(&mut answer);
    // And a flagged figure with offsets far outside the page's text.
    let mut stray = answer["claims"][0].clone();
    stray["verdict"] = json!("contradicted");
    for key in ["start", "end"] {
        stray[key] = json!(4_000_000_000u64);
    }
    answer["claims"].as_array_mut().expect("claims").push(stray);
    let answer = answer.to_string().into_bytes();
    let error = json!({ "error": { "code": "internal", "message": HOSTILE } })
        .to_string()
        .into_bytes();

    // One origin plays the publisher and a malicious Tally: /a/ answers checks with `answer`,
    // /b/ with an error carrying markup; the embed's own files come from the real Tally.
    let mut fake = PageServer::bind();
    let real = app.addr;
    fake.serve_with(move |_, path| match path {
        "/" => Reply::html(publisher_page(STORY, "/a/widget.js")),
        "/error" => Reply::html(publisher_page(STORY, "/b/widget.js")),
        "/a/v1/check" => Reply::new("200 OK", "application/json", answer.clone()),
        "/b/v1/check" => Reply::new(
            "500 Internal Server Error",
            "application/json",
            error.clone(),
        ),
        _ => {
            let (status, content_type, body) = http_get(real, &path[2..]);
            Reply::new(&format!("{status} Proxied"), &content_type, body)
        }
    });
    let origin = fake.origin();

    browser_test("malicious-answer", |client| async move {
        let client = &client;
        client.goto(&format!("{origin}/")).await?;
        wait_js(
            client,
            "#tally-embed[data-state=\"results\"]",
            r#"document.querySelector('#tally-embed[data-state="results"]')"#,
        )
        .await?;
        let cards = open_embed_cards(client).await?;
        if cards < 2 {
            return Err(format!("expected the poisoned and the stray flags, got {cards}").into());
        }
        assert_nothing_ran(client, "shadow:", &format!("{origin}/a/documents/")).await?;
        assert_publisher_page_untouched(client, STORY).await?;

        client.goto(&format!("{origin}/error")).await?;
        wait_js(
            client,
            "#tally-embed[data-state=\"error\"]",
            r#"document.querySelector('#tally-embed[data-state="error"]')"#,
        )
        .await?;
        assert_nothing_ran(client, "shadow:", "-").await?;
        Ok(())
    });
}

#[test]
fn a_hostile_corpus_document_is_shown_as_text_in_the_editor_the_document_page_and_the_embed() {
    let dir = target_dir().join("tmp/hostile-corpus");
    std::fs::create_dir_all(&dir).expect("create the corpus directory");
    let manifest = json!({ "documents": [{
        "id": "hostile",
        "file": "hostile.txt",
        "title": format!("Hostages freed {HOSTILE}"),
        "published": "2025-02-28",
        "date_basis": HOSTILE,
    }]});
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).expect("write the manifest");
    let text = format!(
        "Hostages freed\n\nHamas has freed 33 hostages since the truce began, officials said. {HOSTILE}\n\n\
         The talks continued <a href=\"javascript:window.pwned=5\">here</a>.\n"
    );
    std::fs::write(dir.join("hostile.txt"), text).expect("write the document");
    let draft = "Hamas has freed 35 hostages since the truce began.";

    let mut publisher = PageServer::bind();
    let corpus = dir.display().to_string();
    let app = TallyServer::spawn(&["--corpus", &corpus, "--cors-origin", &publisher.origin()]);
    let claim = api_claim(&app, draft, "35");
    assert_eq!(claim["verdict"], "contradicted", "{claim}");
    publisher.serve(publisher_page(draft, &app.url("/widget.js")));
    let documents = app.url("/documents/");
    let editor = app.url("/");

    browser_test("hostile-corpus", |client| async move {
        let client = &client;
        // The editor's card quotes the document and names it.
        open_editor(client, &app).await?;
        set_draft(client, draft).await?;
        click_check(client).await?;
        wait_results(client).await?;
        js(
            client,
            "[...document.querySelectorAll('#tally-marked mark.tally-mark')].find(m => m.textContent.trim() === '35').focus(); return true;",
            vec![],
        )
        .await?;
        wait_js(client, "#tally-card shown", CARD_TEXT_IF_VISIBLE).await?;
        assert_nothing_ran(client, "#tally-card", &documents).await?;

        // The document's own page.
        let link = js(
            client,
            "return document.querySelector('#tally-card a[href*=\"/documents/\"]').href;",
            vec![],
        )
        .await?;
        client.goto(link.as_str().unwrap_or_default()).await?;
        wait_js(
            client,
            "#tally-document ready",
            r#"document.querySelector('#tally-document[data-state="ready"]')"#,
        )
        .await?;
        // Its only link is Tally's own, back to the editor.
        assert_nothing_ran(client, "#tally-document", &editor).await?;

        // A publisher's page with the embed.
        client.goto(&publisher.url()).await?;
        wait_js(
            client,
            "#tally-embed[data-state=\"results\"]",
            r#"document.querySelector('#tally-embed[data-state="results"]')"#,
        )
        .await?;
        open_embed_cards(client).await?;
        assert_nothing_ran(client, "shadow:", &documents).await?;
        assert_publisher_page_untouched(client, draft).await?;
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// The editor as editors know it (issue 11): marks in the draft, fix in one step, ignore,
// figures that disagree inside the draft, the exports.

/// Checks `draft` in the editor and waits for its results.
async fn check_draft(client: &Client, app: &TallyServer, draft: &str) -> Result {
    open_editor(client, app).await?;
    set_draft(client, draft).await?;
    click_check(client).await?;
    wait_results(client).await
}

/// Moves the pointer onto the first mark matching `selector` and waits for its card.
async fn hover_card(client: &Client, selector: &str) -> Result<String> {
    let element = client.find(Locator::Css(selector)).await?;
    client
        .perform_actions(
            MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            }),
        )
        .await?;
    let card = wait_js(client, "#tally-card shown on hover", CARD_TEXT_IF_VISIBLE).await?;
    Ok(card.as_str().unwrap_or_default().to_string())
}

/// The draft area's value.
async fn draft_value(client: &Client) -> Result<String> {
    let v = js(
        client,
        "return document.querySelector('#tally-draft').value;",
        vec![],
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[test]
fn editor_marks_figures_in_the_draft_and_fixes_one_in_a_step_that_undo_takes_back() {
    let app = TallyServer::spawn(&[]);
    browser_test("editor-fix", |client| async move {
        let client = &client;
        check_draft(client, &app, WRONG_DRAFT).await?;
        // The marks lie in the draft area: the layer has the textarea's box, font and wrapping,
        // and the draft is nowhere else on the page.
        let layout = js(
            client,
            r#"const area = document.querySelector('#tally-draft');
               const layer = document.querySelector('#tally-marked');
               const a = getComputedStyle(area), l = getComputedStyle(layer);
               const same = ['font-family', 'font-size', 'line-height', 'padding-left', 'padding-top',
                   'border-left-width', 'white-space', 'letter-spacing']
                   .filter(p => a.getPropertyValue(p) !== l.getPropertyValue(p));
               const r = area.getBoundingClientRect(), s = layer.getBoundingClientRect();
               const mark = layer.querySelector('mark.tally-mark[data-verdict="contradicted"]').getBoundingClientRect();
               const copies = [...document.querySelectorAll('body *')]
                   .filter(e => !e.closest('#tally-marked') && e.id !== 'tally-draft' && e.children.length === 0
                       && e.textContent.includes('since the truce began')).length;
               return { differ: same, box: [r.left - s.left, r.top - s.top, r.width - s.width, r.height - s.height],
                        inside: mark.left >= r.left && mark.right <= r.right && mark.top >= r.top && mark.bottom <= r.bottom,
                        copies };"#,
            vec![],
        )
        .await?;
        if layout["differ"] != json!([])
            || layout["inside"] != json!(true)
            || layout["copies"] != json!(0)
        {
            return Err(format!("the marks are not in the draft area: {layout}").into());
        }
        let boxes: Vec<f64> = layout["box"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect();
        if boxes.iter().any(|d| d.abs() > 0.5) {
            return Err(format!("the layer of marks is not the textarea's box: {layout}").into());
        }
        let card = hover_card(
            client,
            r#"#tally-marked mark.tally-mark[data-verdict="contradicted"]"#,
        )
        .await?;
        if !card.contains("Use 33") {
            return Err(format!("the card offers no 'Use 33': {card:?}").into());
        }
        screenshot(client, "editor-card-fix").await?;
        client
            .find(Locator::Css("#tally-card button.tally-use"))
            .await?
            .click()
            .await?;
        let fixed = WRONG_DRAFT.replace("35", "33");
        wait_for("the draft to read 33", WAIT, || async {
            Ok((draft_value(client).await? == fixed).then_some(()))
        })
        .await?;
        // Checked again: 33 is supported, and no figure is contradicted.
        wait_js(
            client,
            "the fixed figure re-checked as supported",
            r#"document.querySelector('#tally-status[data-state="results"]')
               && [...document.querySelectorAll('#tally-marked mark.tally-mark')].some(m => m.textContent === '33' && m.dataset.verdict === 'supported')
               && !document.querySelector('#tally-marked mark[data-verdict="contradicted"]')"#,
        )
        .await?;
        screenshot(client, "editor-fixed").await?;
        // Ctrl+Z in the draft takes the fix back.
        client
            .find(Locator::Css("#tally-draft"))
            .await?
            .send_keys(&(Key::Control + "z"))
            .await?;
        wait_for("Ctrl+Z to restore 35", WAIT, || async {
            Ok((draft_value(client).await? == WRONG_DRAFT).then_some(()))
        })
        .await?;
        Ok(())
    });
}

#[test]
fn editor_ignores_a_flag_counts_it_and_copies_a_report_of_the_others() {
    let app = TallyServer::spawn(&[]);
    let draft =
        "Hamas has freed 35 hostages since the truce began. Some 65 hostages remain in Gaza.";
    browser_test("editor-ignore", |client| async move {
        let client = &client;
        check_draft(client, &app, draft).await?;
        // The page's clipboard, recorded.
        js(
            client,
            r#"window.__copied = null;
               Object.defineProperty(navigator, 'clipboard', { configurable: true,
                   value: { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } });
               return true;"#,
            vec![],
        )
        .await?;
        let flagged = r#"[...document.querySelectorAll('#tally-marked mark.tally-mark')].filter(m => ['contradicted', 'outdated'].includes(m.dataset.verdict)).map(m => m.textContent)"#;
        let before = wait_js(
            client,
            "two flags",
            &format!("{flagged}.length === 2 && {flagged}"),
        )
        .await?;
        hover_card(
            client,
            r#"#tally-marked mark.tally-mark[data-verdict="contradicted"]"#,
        )
        .await?;
        client
            .find(Locator::Css("#tally-card button.tally-ignore"))
            .await?
            .click()
            .await?;
        wait_js(
            client,
            "one flag left and the summary counting one ignored",
            &format!(r#"{flagged}.length === 1 && document.querySelector('#tally-summary [data-ignored="1"]')"#),
        )
        .await?;
        client
            .find(Locator::Css("#tally-copy-report"))
            .await?
            .click()
            .await?;
        let report = wait_js(client, "the report copied", "window.__copied").await?;
        let report = report.as_str().unwrap_or_default();
        let ignored = before[0].as_str().unwrap_or_default();
        if !report.contains("65") || report.contains(&format!("\"{ignored} hostages\"")) {
            return Err(
                format!("the report lists {before} without the ignored flag? {report:?}").into(),
            );
        }
        if !report.contains("2025-02-28") {
            return Err(format!("the report gives no source date: {report:?}").into());
        }
        Ok(())
    });
}

#[test]
fn editor_shows_figures_that_disagree_inside_the_draft() {
    let app = TallyServer::spawn(&[]);
    let draft = "Hamas has freed 33 hostages so far under the truce. \
                 The 35 hostages freed so far under the truce include eight who died in captivity.";
    browser_test("editor-consistency", |client| async move {
        let client = &client;
        check_draft(client, &app, draft).await?;
        let finding = wait_js(
            client,
            "a restated finding in the summary, its figures marked",
            r#"document.querySelector('#tally-summary li.tally-finding[data-kind="restated"]')
               && document.querySelectorAll('#tally-marked mark[data-inconsistent="true"]').length === 2
               && document.querySelector('#tally-summary li.tally-finding').textContent"#,
        )
        .await?;
        if !finding.as_str().unwrap_or_default().contains("33") {
            return Err(format!("the finding does not name the figures: {finding}").into());
        }
        let card = hover_card(client, r#"#tally-marked mark[data-inconsistent="true"]"#).await?;
        if !card.contains("In this draft") {
            return Err(
                format!("the card does not say the draft disagrees with itself: {card:?}").into(),
            );
        }
        screenshot(client, "editor-consistency").await?;
        Ok(())
    });
}

#[test]
fn editor_downloads_the_check_as_claimreview() {
    let app = TallyServer::spawn(&[]);
    browser_test("editor-claimreview", |client| async move {
        let client = &client;
        check_draft(client, &app, WRONG_DRAFT).await?;
        // The download link's click, recorded instead of followed.
        js(
            client,
            r#"window.__download = null;
               window.__blob = null;
               HTMLAnchorElement.prototype.click = function () {
                   window.__download = { href: this.href, name: this.download };
               };
               const create = URL.createObjectURL;
               URL.createObjectURL = (blob) => { window.__blob = blob; return create.call(URL, blob); };
               return true;"#,
            vec![],
        )
        .await?;
        client
            .find(Locator::Css("#tally-claimreview"))
            .await?
            .click()
            .await?;
        let download = wait_js(client, "the ClaimReview download", "window.__download").await?;
        if download["name"] != json!("tally-claimreview.jsonld") {
            return Err(format!("unexpected download: {download}").into());
        }
        let body = client
            .execute_async(
                r#"const [done] = arguments;
                   window.__blob.text().then(done, e => done('error: ' + e));"#,
                vec![],
            )
            .await?;
        let reviews: Value = serde_json::from_str(body.as_str().unwrap_or_default())
            .map_err(|e| format!("the download is not JSON ({e}): {body}"))?;
        let first = &reviews[0];
        if first["@type"] != json!("ClaimReview")
            || first["reviewRating"]["alternateName"] != json!("Contradicted by the sources")
            || !first["url"]
                .as_str()
                .unwrap_or_default()
                .contains("#figure-16")
        {
            return Err(format!("not the draft's ClaimReview: {reviews}").into());
        }
        Ok(())
    });
}

/// axe-core's source, installed by `scripts/ensure-axe.sh` (which `scripts/test.sh` runs).
fn axe_source() -> String {
    let path = target_dir().join("axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): the accessibility test needs axe-core. Run scripts/ensure-axe.sh \
             (scripts/test.sh runs it) and try again.",
            path.display()
        )
    })
}

/// Runs axe-core on the page as it is and returns its serious and critical violations, one
/// line each (rule, impact, how many elements, the first element), and the counts of all.
async fn axe_violations(client: &Client, axe: &str, page: &str) -> Result<Vec<String>> {
    js(client, &format!("{axe}\n;return true;"), vec![]).await?;
    let found = client
        .execute_async(
            r#"const [done] = arguments;
               axe.run(document, { resultTypes: ['violations'] }).then(
                   r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                       target: v.nodes[0] ? v.nodes[0].target.join(' ') : '' }))),
                   e => done({ error: String(e) }));"#,
            vec![],
        )
        .await?;
    if let Some(error) = found.get("error") {
        return Err(format!("axe-core failed on {page}: {error}").into());
    }
    let all = found.as_array().cloned().unwrap_or_default();
    println!(
        "axe-core on {page}: {} violations ({})",
        all.len(),
        all.iter()
            .map(|v| format!(
                "{} {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?")
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(all
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            format!(
                "{page}: {} ({}) on {} elements, first {}",
                v["id"], v["impact"], v["nodes"], v["target"]
            )
        })
        .collect())
}

#[test]
fn axe_finds_no_serious_or_critical_violation_in_the_editor_a_document_and_the_demo() {
    let app = TallyServer::spawn(&[]);
    let axe = axe_source();
    browser_test("axe", |client| async move {
        let client = &client;
        let mut serious = Vec::new();
        // The editor with results, a finding and a card open.
        let draft = "Hamas has freed 35 hostages since the truce began. Some 59 hostages remain in Gaza: 24 alive and 30 dead.";
        check_draft(client, &app, draft).await?;
        hover_card(
            client,
            r#"#tally-marked mark.tally-mark[data-verdict="contradicted"]"#,
        )
        .await?;
        serious.extend(axe_violations(client, &axe, "the editor with a card open").await?);
        // A source document page.
        client
            .goto(&app.url("/documents/004_f422c94cc093e5fa?quote=x&at=0"))
            .await?;
        wait_js(
            client,
            "the document page ready",
            r#"document.querySelector('#tally-document[data-state="ready"]')"#,
        )
        .await?;
        serious.extend(axe_violations(client, &axe, "a document page").await?);
        // The demo page, with the embed's marks.
        client.goto(&app.url("/demo")).await?;
        wait_js(
            client,
            "the demo's marks",
            r#"document.querySelector('#tally-embed[data-state="results"]')"#,
        )
        .await?;
        serious.extend(axe_violations(client, &axe, "the demo page").await?);
        if serious.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "serious or critical accessibility violations:\n{}",
                serious.join("\n")
            )
            .into())
        }
    });
}

#[test]
fn typing_on_a_50000_character_draft_is_measured() {
    let app = TallyServer::spawn(&[]);
    let (_, text) = longest_eval_draft();
    let long = repeated(&text, 50_000);
    browser_test("typing-50k", |client| async move {
        let client = &client;
        check_draft(client, &app, &long).await?;
        // Twenty keystrokes in the middle of the draft, each an input event; for each, the
        // time the handler took and the time to the next frame (render and layout included).
        let times = client
            .execute_async(
                r#"const [done] = arguments;
                   const area = document.querySelector('#tally-draft');
                   const at = Math.floor(area.value.length / 2);
                   area.focus();
                   area.setSelectionRange(at, at);
                   const handler = [], frame = [];
                   let k = 0;
                   const step = () => {
                       if (k === 20) {
                           window.__lastKey = performance.now();
                           return done({ handler, frame });
                       }
                       k += 1;
                       const pos = area.selectionStart;
                       area.setRangeText('x', pos, pos, 'end');
                       const t0 = performance.now();
                       area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' }));
                       const t1 = performance.now();
                       requestAnimationFrame(() => setTimeout(() => {
                           handler.push(t1 - t0);
                           frame.push(performance.now() - t0);
                           step();
                       }, 0));
                   };
                   step();"#,
                vec![],
            )
            .await?;
        // The marks of the typed draft, after the pause.
        let refreshed = wait_js(
            client,
            "the marks of the typed draft",
            r#"document.querySelector('#tally-status[data-state="results"]')
               && document.querySelector('#tally-marked[data-stale="false"]')
               && performance.now() - window.__lastKey"#,
        )
        .await?;
        let stats = |key: &str| {
            let mut v: Vec<f64> = times[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
                .collect();
            v.sort_by(f64::total_cmp);
            (
                v.get(v.len() / 2).copied().unwrap_or(f64::NAN),
                v.last().copied().unwrap_or(f64::NAN),
            )
        };
        let (handler_p50, handler_max) = stats("handler");
        let (frame_p50, frame_max) = stats("frame");
        println!(
            "typing on a {}-char draft: input handler p50 {handler_p50:.1} ms, max {handler_max:.1} ms; \
             keystroke to next frame p50 {frame_p50:.1} ms, max {frame_max:.1} ms; marks refreshed \
             {:.0} ms after the last keystroke (debounce {} ms included)",
            long.chars().count(),
            refreshed.as_f64().unwrap_or(f64::NAN),
            600
        );
        screenshot(client, "editor-50k").await?;
        Ok(())
    });
}
