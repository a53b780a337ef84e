//! The harness of the end-to-end browser tests (`browser.rs`, `embed_pages.rs`): a chromedriver
//! and its Chromium per test, taking turns, and helpers to run JavaScript, wait and take
//! screenshots. Each test file includes it with `mod support;`.
#![allow(dead_code)]

use std::future::Future;
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tally_tests::{free_port, target_dir};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long any one condition may take to become true. Generous: a debug `tally` on a busy
/// 2-core machine, and a cold Chromium.
pub const WAIT: Duration = Duration::from_secs(30);

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;

/// One browser at a time.
pub static BROWSER: Mutex<()> = Mutex::new(());

// ---------------------------------------------------------------------------------------------
// Harness

/// A chromedriver process (and the Chromium it starts), in a process group of its own so that
/// dropping it kills both, whatever state the test ended in.
pub struct ChromeDriver {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl ChromeDriver {
    fn start() -> ChromeDriver {
        for path in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: the browser tests need Debian's chromium and chromium-driver. \
                 Run scripts/ensure-browser.sh (scripts/test.sh runs it) and try again."
            );
        }
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("tally-browser-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("profile")).expect("create the browser's temp dir");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                dir.join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMEDRIVER}: {e}"));
        let mut driver = ChromeDriver { child, port, dir };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "chromedriver exited ({status}) before accepting connections:\n{}",
                    driver.log()
                );
            }
            assert!(
                start.elapsed() < WAIT,
                "chromedriver did not accept connections on port {port} within {WAIT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    fn log(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("chromedriver.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    async fn connect(&self) -> Client {
        let options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", self.dir.join("profile").display()),
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "could not start a Chromium session: {e}\nchromedriver log:\n{}",
                    self.log()
                )
            })
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and every Chromium process it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs one browser test: a fresh chromedriver and Chromium, `body` driving it, then a
/// screenshot if it failed, and cleanup whatever happened.
pub fn browser_test<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result>,
{
    let _turn = BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let driver = ChromeDriver::start();
        let client = driver.connect().await;
        let outcome = body(client.clone()).await;
        let failed = format!("failed-{name}");
        if outcome.is_err() {
            let _ = screenshot(&client, &failed).await;
        } else {
            // No stale failure screenshot from an earlier run.
            let _ = std::fs::remove_file(target_dir().join("screenshots").join(failed + ".png"));
        }
        let _ = client.close().await;
        drop(driver);
        if let Err(error) = outcome {
            panic!("{name}: {error}");
        }
    });
}

/// Polls `probe` every 100 ms until it gives `Some`, for at most `timeout`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let start = Instant::now();
    let mut last_error = None;
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) => last_error = Some(error.to_string()),
        }
        if start.elapsed() > timeout {
            let why = last_error
                .map(|e| format!(" (last error: {e})"))
                .unwrap_or_default();
            return Err(format!("timed out after {timeout:?} waiting for {what}{why}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs `script` (a function body: `return …`) in the page.
pub async fn js(client: &Client, script: &str, args: Vec<Value>) -> Result<Value> {
    Ok(client.execute(script, args).await?)
}

/// Waits until the JavaScript expression `expr` is truthy and returns its value; on a timeout
/// the error describes the page's Tally state.
pub async fn wait_js(client: &Client, what: &str, expr: &str) -> Result<Value> {
    let script = format!("return ({expr});");
    let outcome = wait_for(what, WAIT, || async {
        let value = js(client, &script, vec![]).await?;
        Ok(truthy(&value).then_some(value))
    })
    .await;
    match outcome {
        Ok(value) => Ok(value),
        Err(error) => Err(format!("{error}\npage state: {}", page_state(client).await).into()),
    }
}

pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// What the page shows of Tally, for failure messages.
pub async fn page_state(client: &Client) -> String {
    let script = r#"
        const attrs = (el) => el ? Object.fromEntries([...el.attributes].map(a => [a.name, a.value])) : null;
        return JSON.stringify({
            url: location.href,
            status: attrs(document.querySelector('#tally-status')),
            status_text: document.querySelector('#tally-status')?.textContent ?? null,
            marks: document.querySelectorAll('mark.tally-mark').length,
            embed: attrs(document.querySelector('#tally-embed')),
            body: document.body ? document.body.innerText.slice(0, 400) : null,
        });
    "#;
    match js(client, script, vec![]).await {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(error) => format!("(could not read the page: {error})"),
    }
}

/// Saves a PNG of the viewport as `target/screenshots/<name>.png`.
pub async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, client.screenshot().await?)?;
    println!("screenshot: {}", path.display());
    Ok(path)
}

/// Clicks the publisher page's own button `clicks` times and asserts its handler counted them:
/// the page's scripts still work beside the embed.
pub async fn assert_publisher_button_works(client: &Client, clicks: usize) -> Result {
    let button = client
        .find(fantoccini::Locator::Css("#publisher-button"))
        .await?;
    for _ in 0..clicks {
        button.click().await?;
    }
    let count = js(
        client,
        "return document.querySelector('#publisher-count').textContent;",
        vec![],
    )
    .await?;
    if count != json!(clicks.to_string()) {
        return Err(format!("the publisher's button no longer works: count {count}").into());
    }
    Ok(())
}
