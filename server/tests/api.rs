//! The HTTP API against a real `tally serve` on a free port, driven by the request/response
//! pairs in `testdata/api/cases.json` (format described there).

use serde::Deserialize;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    /// Its stderr (the log) so far, line by line.
    log: Arc<Mutex<Vec<String>>>,
    /// Its corpus store's directory, removed when it is dropped.
    data_dir: std::path::PathBuf,
}

impl Server {
    /// Waits up to five seconds for a log line containing `needle`.
    fn log_line(&self, needle: &str) -> Option<String> {
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            let found = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
                .cloned();
            if found.is_some() {
                return found;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// Starts `tally serve` on port 0 and reads the address it reports.
fn spawn_app() -> Server {
    spawn_app_with(&[])
}

/// [`spawn_app`] with more arguments to `tally serve`.
fn spawn_app_with(args: &[&str]) -> Server {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let data_dir = std::env::temp_dir().join(format!("tally-api-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&data_dir)
        .args(args)
        // The serving line is logged at info: a RUST_LOG=warn around the tests must not hide it.
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tally serve starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut start_up = Vec::new();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server reports its address")
            .unwrap();
        start_up.push(line);
        // `… serving N documents (corpus V) on http://ADDR/`, in text or inside a JSON object.
        if let Some(rest) = start_up.last().unwrap().split(" on http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe, and keep it for tests.
    let log = Arc::new(Mutex::new(start_up));
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        addr,
        log,
        data_dir,
    }
}

/// One HTTP/1.1 response: status, header lines and body.
#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    /// The value of the header `name` (any case), if present.
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One HTTP/1.1 request over a fresh connection.
fn request(
    addr: &str,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Response {
    request_with(addr, method, path, content_type, None, body)
}

/// [`request`] with an `Authorization` header.
fn request_with(
    addr: &str,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    authorization: Option<&str>,
    body: &[u8],
) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if let Some(auth) = authorization {
        head.push_str(&format!("Authorization: {auth}\r\n"));
    }
    if method == "POST" || !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) and close before reading a large body: that is fine.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Response { status, head, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    method: String,
    path: String,
    content_type: Option<String>,
    body: Option<String>,
    body_json: Option<Value>,
    body_hex: Option<String>,
    body_repeat: Option<Repeat>,
    status: u16,
    error: Option<String>,
    #[serde(default)]
    json: serde_json::Map<String, Value>,
    #[serde(default)]
    contains: Vec<String>,
    /// Response header name → expected value.
    #[serde(default)]
    headers: std::collections::BTreeMap<String, String>,
    /// The Authorization header to send; `{token}` is the file's admin token.
    authorization: Option<String>,
    /// A string of `body_json` filled with a repeated text.
    fill: Option<Fill>,
}

#[derive(Debug, Deserialize)]
struct Fill {
    pointer: String,
    text: String,
    times: usize,
}

#[derive(Debug, Deserialize)]
struct Repeat {
    text: String,
    times: usize,
}

impl Case {
    fn body(&self) -> Vec<u8> {
        if let Some(b) = &self.body {
            return b.as_bytes().to_vec();
        }
        if let Some(j) = &self.body_json {
            let mut j = j.clone();
            if let Some(f) = &self.fill {
                *j.pointer_mut(&f.pointer)
                    .expect("fill's pointer is in body_json") =
                    Value::String(f.text.repeat(f.times));
            }
            return serde_json::to_vec(&j).unwrap();
        }
        if let Some(h) = &self.body_hex {
            return (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect();
        }
        if let Some(r) = &self.body_repeat {
            return r.text.repeat(r.times).into_bytes();
        }
        Vec::new()
    }
}

#[test]
fn api_cases() {
    let (cases, _) = cases("cases.json");
    run_cases(&spawn_app(), &cases, "");
}

/// The write API's cases, in order, on a server with writes on and a store of its own.
#[test]
fn write_cases() {
    write_cases_against(&[]);
}

/// The same write cases on a corpus kept in PostgreSQL.
#[test]
fn write_cases_on_postgres() {
    let postgres = tally_tests::Postgres::start("api");
    write_cases_against(&["--database-url", &postgres.url]);
}

/// Runs `writes.json` on a server started with `args` and the file's admin token.
fn write_cases_against(args: &[&str]) {
    let (cases, token) = cases("writes.json");
    let token = token.expect("writes.json names its token");
    let dir = tally_tests::scratch_dir("api-tokens");
    let file = dir.join("tokens");
    std::fs::write(&file, format!("# admin tokens\n\n{token}\n")).unwrap();
    let mut args = args.to_vec();
    args.extend(["--admin-token-file", file.to_str().unwrap()]);
    let server = spawn_app_with(&args);
    run_cases(&server, &cases, &token);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The cases of `testdata/api/NAME`, and its admin token if it names one.
fn cases(name: &str) -> (Vec<Case>, Option<String>) {
    let path = format!("{}/../testdata/api/{name}", env!("CARGO_MANIFEST_DIR"));
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = serde_json::from_value(file["cases"].clone()).unwrap();
    (cases, file["token"].as_str().map(str::to_string))
}

/// Sends each case in order and asserts every answer, reporting all failures at once.
fn run_cases(server: &Server, cases: &[Case], token: &str) {
    let mut failures = Vec::new();
    for c in cases {
        let authorization = c
            .authorization
            .as_ref()
            .map(|a| a.replace("{token}", token));
        let response = request_with(
            &server.addr,
            &c.method,
            &c.path,
            c.content_type.as_deref(),
            authorization.as_deref(),
            &c.body(),
        );
        let (status, body) = (response.status, &response.body);
        let text = String::from_utf8_lossy(body).to_string();
        if status != c.status {
            failures.push(format!(
                "{}: status {status}, want {}: {}",
                c.name,
                c.status,
                &text[..text.len().min(300)]
            ));
            continue;
        }
        let json: Option<Value> = serde_json::from_slice(body).ok();
        if let Some(code) = &c.error {
            let got = json
                .as_ref()
                .and_then(|j| j.pointer("/error/code"))
                .and_then(Value::as_str);
            let message = json
                .as_ref()
                .and_then(|j| j.pointer("/error/message"))
                .and_then(Value::as_str);
            if got != Some(code.as_str()) || message.is_none_or(str::is_empty) {
                failures.push(format!("{}: error {got:?}, want {code:?}: {text}", c.name));
            }
        }
        for (pointer, want) in &c.json {
            let got = json.as_ref().and_then(|j| j.pointer(pointer));
            // `null` also stands for "not there".
            if got != Some(want) && !(want.is_null() && got.is_none()) {
                failures.push(format!("{}: {pointer} = {got:?}, want {want}", c.name));
            }
        }
        for s in &c.contains {
            if !text.contains(s.as_str()) {
                failures.push(format!("{}: body lacks {s:?}", c.name));
            }
        }
        for (name, want) in &c.headers {
            let got = response.header(name);
            if got != Some(want.as_str()) {
                failures.push(format!(
                    "{}: header {name} = {got:?}, want {want:?}",
                    c.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn one_bad_request_does_not_affect_the_next() {
    let server = spawn_app();
    let response = request(
        &server.addr,
        "POST",
        "/v1/check",
        Some("application/json"),
        b"{not json",
    );
    assert_eq!(response.status, 400);
    let response = request(
        &server.addr,
        "POST",
        "/v1/check",
        Some("application/json"),
        br#"{"text": "Hamas has freed 33 hostages so far."}"#,
    );
    assert_eq!(response.status, 200);
    let v: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(v["claims"][0]["verdict"], "supported");
}

#[test]
fn a_check_past_its_deadline_is_stopped_with_503_and_the_server_keeps_answering() {
    // Issue 9: a check that ran for minutes held a worker; now it stops at the deadline.
    // A deadline of 0 s stops every check at its first look at the clock.
    let server = spawn_app_with(&["--check-deadline", "0"]);
    for path in ["/v1/check", "/v1/extract"] {
        let response = request(
            &server.addr,
            "POST",
            path,
            Some("text/plain"),
            "Hamas has freed 33 hostages. ".repeat(100).as_bytes(),
        );
        assert_eq!(response.status, 503, "{path}");
        let v: Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(v["error"]["code"], "check_timeout", "{path}: {v}");
    }
    assert_eq!(
        request(&server.addr, "GET", "/healthz", None, b"").status,
        200
    );
    let metrics = request(&server.addr, "GET", "/metrics", None, b"");
    let text = String::from_utf8_lossy(&metrics.body);
    assert!(
        text.contains("tally_requests_refused_total{reason=\"deadline\"} 2"),
        "{text}"
    );
}

#[test]
fn a_client_that_goes_away_stops_its_check() {
    // Issue 9: the worker kept burning a core for minutes after the client left.
    let server = spawn_app_with(&["--check-deadline", "600"]);
    let body = "1,2,3,4,5,6,7,8,9,10,".repeat(40_000);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    drop(s);
    let cancelled = "tally_check_duration_seconds_count{outcome=\"cancelled\"} 1";
    let waited = std::time::Instant::now();
    loop {
        let metrics = request(&server.addr, "GET", "/metrics", None, b"");
        if String::from_utf8_lossy(&metrics.body).contains(cancelled) {
            break;
        }
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(20),
            "the check went on after its client left"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Sends a keep-alive request for `/healthz` and reads what arrives within `wait`: the
/// response, and whether the server then closed the connection.
fn healthz_then_wait(addr: &str, wait: std::time::Duration) -> (String, bool) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = loop {
        match s.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break false, // still open when the wait ran out
        }
    };
    (String::from_utf8_lossy(&got).into_owned(), closed)
}

#[test]
fn connections_close_after_the_response_unless_keep_alive_is_set() {
    // Found by scripts/load.py: actix times out only a connection's first request head, so a
    // kept-alive connection with half a second request stayed open for good.
    let wait = std::time::Duration::from_secs(3);
    let server = spawn_app();
    let (response, closed) = healthz_then_wait(&server.addr, wait);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(closed, "the default server closes the connection");

    let server = spawn_app_with(&["--keep-alive", "30"]);
    let (response, closed) = healthz_then_wait(&server.addr, wait);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(!closed, "--keep-alive 30 keeps it open");
}

#[test]
fn every_response_carries_its_own_request_id() {
    let server = spawn_app();
    let mut ids = std::collections::BTreeSet::new();
    for (method, path, want) in [
        ("GET", "/healthz", 200),
        ("GET", "/nothing", 404),
        ("TRACE", "/v1/check", 405),
        ("GET", "/healthz", 200),
    ] {
        let response = request(&server.addr, method, path, None, b"");
        assert_eq!(response.status, want, "{method} {path}");
        let id = response.header("X-Request-Id");
        let id = id.unwrap_or_else(|| panic!("{method} {path} has no X-Request-Id"));
        assert!(id.len() >= 16, "{id}");
        assert!(ids.insert(id.to_string()), "{id} given twice");
    }
}

#[test]
fn each_request_is_logged_once_as_json_with_its_id_route_status_and_size() {
    let server = spawn_app_with(&["--log-format", "json"]);
    let body = br#"{"text": "Hamas freed 33 hostages."}"#;
    let response = request(
        &server.addr,
        "POST",
        "/v1/check",
        Some("application/json"),
        body,
    );
    assert_eq!(response.status, 200);
    let id = response.header("X-Request-Id").unwrap().to_string();
    let line = server
        .log_line(&id)
        .expect("a log line with the request id");
    let log: Value = serde_json::from_str(&line).expect("the line is JSON");
    assert_eq!(log["level"], "INFO", "{log}");
    assert_eq!(log["span"]["request_id"], id.as_str(), "{log}");
    assert_eq!(log["span"]["method"], "POST", "{log}");
    assert_eq!(log["span"]["route"], "/v1/check", "{log}");
    assert_eq!(log["status"], 200, "{log}");
    assert_eq!(log["body_bytes"], body.len(), "{log}");
    assert!(log["duration_ms"].as_f64().is_some(), "{log}");
    let lines = server.log.lock().unwrap().clone();
    assert_eq!(
        lines.iter().filter(|l| l.contains(&id)).count(),
        1,
        "{lines:?}"
    );
    let serving = lines
        .iter()
        .find(|l| l.contains("serving"))
        .expect("a start-up line");
    let serving: Value = serde_json::from_str(serving).expect("start-up lines are JSON too");
    assert_eq!(serving["level"], "INFO");
}

#[test]
fn a_request_over_a_second_is_logged_at_warn() {
    // A client that sends half its body is answered 408 after the request timeout (2 s).
    let server = spawn_app_with(&["--request-timeout", "2"]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let head = "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\
                Content-Length: 100\r\nConnection: close\r\n\r\nHamas freed";
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 408"), "{raw}");
    let line = server
        .log_line("status=408")
        .expect("a log line for the 408");
    assert!(line.contains(" WARN "), "{line}");
    assert!(line.contains("route=/v1/check"), "{line}");
    assert!(line.contains("body_bytes=11"), "{line}");
}
