//! The embed on publisher pages shaped like real ones, in headless Chromium: it reads what a
//! reader reads and marks exactly the figures a reader sees (`testdata/embed/pages.json`), follows
//! pages that change, and keeps the page's own scripts, DOM and layout as they were. A
//! 10,000-word article measures the longest main-thread task and how soon the marks follow the
//! check's answer. Screenshots: `target/screenshots/embed-<page>.png`.
//!
//! Same harness and requirements as `browser.rs` (`support/`).

mod support;

use std::collections::BTreeMap;

use fantoccini::Client;
use serde::Deserialize;
use serde_json::{json, Value};
use support::{assert_publisher_button_works, browser_test, js, screenshot, wait_js, Result};
use tally_tests::{http_post_json, testdata, PageServer, TallyServer};

#[derive(Debug, Deserialize)]
struct Pages {
    pages: Vec<Page>,
}

#[derive(Debug, Clone, Deserialize)]
struct Page {
    name: String,
    article: String,
    #[serde(default)]
    inserted: bool,
    late: Option<String>,
    sent: String,
    never_sent: Vec<String>,
    must_mark: Vec<Mark>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
struct Mark {
    text: String,
    verdict: String,
}

fn pages() -> Vec<Page> {
    let path = testdata().join("embed/pages.json");
    let file: Pages = serde_json::from_str(&std::fs::read_to_string(path).expect("pages.json"))
        .expect("pages.json parses");
    file.pages
}

/// The publisher's page: its own styles and scripts, a header, the article (in the HTML, or
/// added by the page's script 700 ms after load), text outside it, a button with its own
/// handler, and the embed. The page records what is sent to `/v1/check` (`__sent`), when each
/// answer arrived (`__answers`), when the embed showed its results (`__resultsAt`), the
/// main thread's long tasks (`__longTasks`), and the article as it was before the embed ran
/// (`__storyHtml`, `__storyRect`).
fn page_html(article: &str, inserted: bool, late: Option<&str>, widget_src: &str) -> String {
    let article_json = json!(article).to_string();
    let late_json = json!(late.unwrap_or("")).to_string();
    let (in_html, insert) = if inserted {
        (
            String::new(),
            format!(
                "setTimeout(function () {{ var a = document.createElement('article'); a.id = 'story'; \
                 a.innerHTML = {article_json}; document.querySelector('#outside').before(a); \
                 snapshot(); }}, 700);"
            ),
        )
    } else {
        (
            format!("<article id=\"story\">{article}</article>"),
            "snapshot();".to_string(),
        )
    };
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Publisher</title>
<style>body{{font:17px/1.5 Georgia,serif;max-width:720px;margin:2em auto;color:#111}} .byline{{color:#555}}</style>
<script>
window.__sent = []; window.__answers = []; window.__longTasks = []; window.__resultsAt = [];
var realFetch = window.fetch;
window.fetch = function (input, init) {{
  if (String(input).indexOf('/v1/check') >= 0) {{
    try {{ window.__sent.push(JSON.parse(init.body).text); }} catch (e) {{ window.__sent.push(null); }}
    return realFetch.apply(this, arguments).then(function (r) {{ window.__answers.push(performance.now()); return r; }});
  }}
  return realFetch.apply(this, arguments);
}};
try {{
  new PerformanceObserver(function (list) {{
    list.getEntries().forEach(function (e) {{ window.__longTasks.push([e.startTime, e.duration]); }});
  }}).observe({{ type: 'longtask', buffered: true }});
}} catch (e) {{}}
new MutationObserver(function () {{
  var host = document.getElementById('tally-embed');
  if (host && !host.__watched) {{
    host.__watched = true;
    new MutationObserver(function () {{
      if (host.getAttribute('data-state') === 'results') window.__resultsAt.push(performance.now());
    }}).observe(host, {{ attributes: true, attributeFilter: ['data-state', 'data-marks'] }});
  }}
}}).observe(document.documentElement, {{ childList: true, subtree: true }});
window.pageScriptRan = true;
</script></head>
<body>
<header><nav><a href="/">Home</a> · <a href="/world">World</a></nav></header>
{in_html}<p id="outside">Outside: 35 hostages.</p>
<button id="publisher-button" onclick="window.clicks=(window.clicks||0)+1; document.getElementById('publisher-count').textContent=window.clicks">Click</button><span id="publisher-count">0</span>
<script>
function snapshot() {{
  var story = document.querySelector('#story');
  window.__storyHtml = story.innerHTML;
  window.__storyRect = JSON.stringify(story.getBoundingClientRect());
}}
window.appendLate = function () {{
  document.querySelector('#story').insertAdjacentHTML('beforeend', {late_json});
  snapshot();
}};
{insert}
</script>
<script src="{widget_src}" data-tally-target="#story" async></script>
</body></html>"##
    )
}

/// The figures marked on the page: each highlight's ranges, as text and verdict.
async fn marks(client: &Client) -> Result<Vec<Mark>> {
    let value = js(
        client,
        r#"const out = [];
        for (const v of ['contradicted', 'outdated', 'disputed', 'supported', 'unverifiable']) {
            const h = CSS.highlights.get('tally-' + v);
            if (h) for (const r of h) out.push({text: r.toString(), verdict: v});
        }
        return out;"#,
        vec![],
    )
    .await?;
    let mut marks: Vec<Mark> = value
        .as_array()
        .map(|a| {
            a.iter()
                .map(|m| Mark {
                    text: m["text"].as_str().unwrap_or("").to_string(),
                    verdict: m["verdict"].as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    marks.sort();
    Ok(marks)
}

/// What the API says of `text`: each figure with its verdict.
fn expected_marks(app: &TallyServer, text: &str) -> Vec<Mark> {
    let (status, body) =
        http_post_json(app.addr, "/v1/check", &json!({ "text": text }).to_string());
    assert_eq!(status, 200, "{body}");
    let response: Value = serde_json::from_str(&body).unwrap();
    let mut marks: Vec<Mark> = response["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Mark {
            text: c["text"].as_str().unwrap().to_string(),
            verdict: c["verdict"].as_str().unwrap().to_string(),
        })
        .collect();
    marks.sort();
    marks
}

async fn sent(client: &Client) -> Result<Vec<String>> {
    let value = js(client, "return window.__sent;", vec![]).await?;
    Ok(serde_json::from_value(value)?)
}

/// Waits until the embed shows results with `n` checks answered.
async fn wait_checked(client: &Client, n: usize) -> Result {
    wait_js(
        client,
        &format!("the embed's results after check {n}"),
        &format!(
            "document.querySelector('#tally-embed[data-state=\"results\"]') && \
             window.__answers.length >= {n} && window.__resultsAt.length >= {n}"
        ),
    )
    .await?;
    Ok(())
}

/// Asserts the marks are exactly the API's figures for `text` and include `must`, and that the
/// panel counts them.
async fn assert_marks(client: &Client, app: &TallyServer, text: &str, must: &[Mark]) -> Result {
    let want = expected_marks(app, text);
    // The embed's answer has arrived; its highlights are set in the same task as its results.
    let got = marks(client).await?;
    if got != want {
        return Err(format!("marks {got:?}, want the API's {want:?}").into());
    }
    for m in must {
        if !got.contains(m) {
            return Err(format!("{m:?} is not marked: {got:?}").into());
        }
    }
    let count = js(
        client,
        "return document.querySelector('#tally-embed').getAttribute('data-marks');",
        vec![],
    )
    .await?;
    if count != json!(got.len().to_string()) {
        return Err(format!("data-marks {count}, but {} figures are marked", got.len()).into());
    }
    let panel = js(
        client,
        "return document.querySelector('#tally-embed').shadowRoot.querySelector('.tally-panel').textContent;",
        vec![],
    )
    .await?;
    let words = format!("{} figure", got.len());
    if !panel.as_str().is_some_and(|p| p.contains(&words)) {
        return Err(format!("the panel does not say {words:?}: {panel}").into());
    }
    Ok(())
}

/// Asserts the page's own DOM, layout and scripts are as they were before the embed ran.
async fn assert_page_untouched(client: &Client) -> Result {
    let same = js(
        client,
        "const s = document.querySelector('#story'); \
         return [s.innerHTML === window.__storyHtml, \
                 JSON.stringify(s.getBoundingClientRect()) === window.__storyRect, \
                 window.pageScriptRan === true, \
                 document.querySelector('#outside').textContent];",
        vec![],
    )
    .await?;
    if same != json!([true, true, true, "Outside: 35 hostages."]) {
        return Err(
            format!("the page changed (DOM, layout, scripts, outside text): {same}").into(),
        );
    }
    assert_publisher_button_works(client, 1).await
}

#[test]
fn the_embed_reads_and_marks_what_readers_see() {
    for page in pages() {
        let mut publisher = PageServer::bind();
        let app = TallyServer::spawn(&["--cors-origin", &publisher.origin()]);
        let widget = app.url("/widget.js");
        publisher.serve(page_html(
            &page.article,
            page.inserted,
            page.late.as_deref(),
            &widget,
        ));
        let name = page.name.clone();
        browser_test(&format!("embed-{name}"), |client| async move {
            let client = &client;
            client.goto(&publisher.url()).await?;
            wait_checked(client, 1).await?;
            let first = sent(client).await?;
            let read_now = match &page.late {
                // Before the late paragraph, the text read is the page's text without it.
                Some(_) => page
                    .sent
                    .rsplit_once('\n')
                    .map_or("", |(a, _)| a)
                    .to_string(),
                None => page.sent.clone(),
            };
            if first != [read_now.clone()] {
                return Err(format!("{name}: sent {first:?}, want [{read_now:?}]").into());
            }
            assert_marks(client, &app, &read_now, &page.must_mark[..1]).await?;
            if page.late.is_some() {
                js(client, "window.appendLate(); return true;", vec![]).await?;
                wait_checked(client, 2).await?;
                let all = sent(client).await?;
                if all.last() != Some(&page.sent) {
                    return Err(format!("{name}: after the late paragraph, sent {all:?}").into());
                }
                assert_marks(client, &app, &page.sent, &page.must_mark).await?;
                // A figure edited under its mark loses the mark at once, and is checked again.
                js(
                    client,
                    "const t = document.querySelector('#story p').firstChild; \
                     t.data = t.data.replace('35', '36'); return true;",
                    vec![],
                )
                .await?;
                let now = marks(client).await?;
                if now.iter().any(|m| m.text != "1,968") {
                    return Err(format!("{name}: a mark outlived its text: {now:?}").into());
                }
                wait_checked(client, 3).await?;
                let edited = page.sent.replace("35", "36");
                if sent(client).await?.last() != Some(&edited) {
                    return Err(format!("{name}: the edit was not checked again").into());
                }
                assert_marks(client, &app, &edited, &[]).await?;
            } else {
                assert_marks(client, &app, &page.sent, &page.must_mark).await?;
            }
            for text in sent(client).await? {
                if let Some(hidden) = page.never_sent.iter().find(|h| text.contains(h.as_str())) {
                    return Err(
                        format!("{name}: sent text a reader does not see: {hidden:?}").into(),
                    );
                }
            }
            screenshot(client, &format!("embed-{name}")).await?;
            if page.late.is_none() {
                assert_page_untouched(client).await?;
            }
            Ok(())
        });
    }
}

/// A 10,000-word article: the longest main-thread task while the embed reads, checks and marks
/// it, and the time from the check's answer to the marks, both printed.
#[test]
fn a_10000_word_article_is_marked_without_freezing_the_page() {
    let sentences = [
        "Hamas has freed <a href=\"/h\">35 hostages</a> since the truce began, officials said.",
        "The death toll in Gaza has passed 48,<b>000</b>, the health ministry said.",
        "Israel has released 1,968 Palestinian prisoners under the deal.",
        "About <em>130</em> hostages are still held in Gaza, according to Israel.",
        "Aid groups said 600 trucks a day were needed to meet the needs of the territory.",
        "The talks in Cairo lasted for three days and ended without an agreement.",
    ];
    let mut article = String::from("<h1>A long day of talks</h1>");
    let mut words = 0;
    let mut i = 0;
    while words < 10_000 {
        let s = sentences[i % sentences.len()];
        words += s.split_whitespace().count();
        article.push_str(&format!("<p>{s}</p>"));
        i += 1;
    }
    let mut publisher = PageServer::bind();
    let app = TallyServer::spawn(&["--cors-origin", &publisher.origin()]);
    publisher.serve(page_html(&article, false, None, &app.url("/widget.js")));
    browser_test("embed-10000-words", |client| async move {
        let client = &client;
        client.goto(&publisher.url()).await?;
        wait_checked(client, 1).await?;
        let timing = js(
            client,
            "return {answer: window.__answers[0], results: window.__resultsAt[0], \
                     tasks: window.__longTasks, \
                     steps: performance.getEntriesByType('mark').map(m => [m.name, m.startTime]), marks: Number(document.querySelector('#tally-embed').getAttribute('data-marks'))};",
            vec![],
        )
        .await?;
        let at = |key: &str| timing[key].as_f64().unwrap_or(0.0);
        let step = |name: &str| {
            timing["steps"]
                .as_array()
                .and_then(|s| s.iter().find(|m| m[0] == name))
                .and_then(|m| m[1].as_f64())
                .unwrap_or(0.0)
        };
        let after_answer = at("results") - at("answer");
        // The embed's work: reading the page, and from the answer to the marks shown (its
        // `performance.mark`s). A long task (50 ms or more, the Long Tasks API's threshold)
        // overlapping either is the embed's; one in the 200 ms after is the browser painting
        // what it showed, reported apart.
        let shown = step("tally-shown");
        let tasks: Vec<(f64, f64)> = serde_json::from_value(timing["tasks"].clone())?;
        let longest_in = |windows: &[(f64, f64)]| {
            tasks
                .iter()
                .filter(|(start, duration)| {
                    windows
                        .iter()
                        .any(|(from, to)| *start <= *to && start + duration >= *from)
                })
                .map(|(_, d)| *d)
                .fold(0.0, f64::max)
        };
        let longest = longest_in(&[
            (step("tally-read"), step("tally-read-done")),
            (at("answer"), shown),
        ]);
        let painting = longest_in(&[(shown, shown + 200.0)]);
        let marks = timing["marks"].as_u64().unwrap_or(0);
        println!(
            "10,000-word article ({words} words, {marks} figures marked): read in {:.0} ms in \
             slices; the answer parsed in {:.0} ms; marks shown {after_answer:.0} ms after the \
             answer; longest task of the embed's {longest:.0} ms and of the painting after it \
             {painting:.0} ms (0: none of 50 ms or more)",
            step("tally-read-done") - step("tally-read"),
            step("tally-answer-read") - step("tally-answer"),
        );
        screenshot(client, "embed-10000-words").await?;
        let by_verdict: BTreeMap<String, usize> = marks_by_verdict(&self::marks(client).await?);
        if marks < 500 || by_verdict.get("contradicted").copied().unwrap_or(0) == 0 {
            return Err(format!("too few marks: {marks}, {by_verdict:?}").into());
        }
        if after_answer > 2_000.0 {
            return Err(format!("marks came {after_answer:.0} ms after the answer").into());
        }
        if longest > 50.0 {
            return Err(format!("a main-thread task took {longest:.0} ms").into());
        }
        Ok(())
    });
}

fn marks_by_verdict(marks: &[Mark]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in marks {
        *out.entry(m.verdict.clone()).or_insert(0) += 1;
    }
    out
}

/// A target that never comes: the embed waits for it, then says so, and the page is left as it
/// was.
#[test]
fn a_target_that_never_appears_is_reported_after_the_wait() {
    let mut publisher = PageServer::bind();
    let app = TallyServer::spawn(&["--cors-origin", &publisher.origin()]);
    // Inserted "after load", but under another id than the embed's target.
    let page = page_html("<p>35 hostages</p>", true, None, &app.url("/widget.js"))
        .replace("a.id = 'story'", "a.id = 'elsewhere'")
        .replace(
            "var story = document.querySelector('#story');",
            "var story = document.body;",
        );
    publisher.serve(page);
    browser_test("embed-no-target", |client| async move {
        let client = &client;
        client.goto(&publisher.url()).await?;
        let state = wait_js(
            client,
            "the embed's host",
            "document.querySelector('#tally-embed') && \
             document.querySelector('#tally-embed').getAttribute('data-state')",
        )
        .await?;
        if state != json!("checking") {
            return Err(format!("while waiting for the target the embed is {state}").into());
        }
        let message = wait_js(
            client,
            "the embed's error after the wait",
            "document.querySelector('#tally-embed[data-state=\"error\"]') && \
             document.querySelector('#tally-embed').shadowRoot.textContent",
        )
        .await?;
        if !message
            .as_str()
            .is_some_and(|m| m.contains("no element matching “#story”"))
        {
            return Err(format!("the embed says {message}").into());
        }
        if sent(client).await?.is_empty() {
            Ok(())
        } else {
            Err("the embed sent text without a target".into())
        }
    });
}
