//! Helpers shared by the cross-crate tests in `tests/tests/`.

pub mod eval;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// `testdata/` at the repository root.
pub fn testdata() -> PathBuf {
    root().join("testdata")
}

/// `rel` inside `../shared/` (beside the repository, as on the developers' machines and CI),
/// or `None`, saying so, where it is not there: tests of data the project may not copy skip.
pub fn shared_path(rel: &str) -> Option<PathBuf> {
    let path = root().join("../shared").join(rel);
    if !path.exists() {
        println!("{} not present: skipped", path.display());
        return None;
    }
    Some(path)
}

/// The seed corpus directory.
pub fn corpus_dir() -> PathBuf {
    root().join("corpus")
}

/// The seed corpus, loaded from `corpus/` and indexed.
pub fn seed_index() -> tally::check::index::CorpusIndex {
    eval::index_of(&corpus_dir())
}

// ---------------------------------------------------------------------------------------------
// Processes and tiny HTTP helpers for the end-to-end tests (`tests/browser.rs`). Standard
// library only (the library's dependencies, `tally` and serde, serve the corpus loading and
// scoring above).

/// The Cargo target directory the running test executable was built in: the executable is
/// `<target>/<profile>/deps/<test>-<hash>`.
pub fn target_dir() -> PathBuf {
    profile_dir()
        .parent()
        .expect("the profile directory has a parent")
        .to_path_buf()
}

/// `<target>/<profile>`, where Cargo puts the workspace's binaries.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.parent() // deps/
        .and_then(|deps| deps.parent()) // <profile>/
        .expect("the test executable lives in <target>/<profile>/deps/")
        .to_path_buf()
}

/// The `tally` binary of the same build profile as the running test. Tests build nothing:
/// `scripts/test.sh` runs `cargo build -p tally-server` first. Panics with what to do when the
/// binary is missing.
pub fn tally_binary() -> PathBuf {
    let path = profile_dir().join(format!("tally{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "the tally binary is missing at {} — build it first with `cargo build -p tally-server` \
         (scripts/test.sh does), then run the tests again",
        path.display()
    );
    path
}

/// A free TCP port on 127.0.0.1 (bound and released; another process could take it in between,
/// which is fine for tests).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind a free port")
        .port()
}

/// A `tally serve` process on a free port, killed when dropped.
#[derive(Debug)]
pub struct TallyServer {
    child: Option<Child>,
    /// The address it listens on, as printed on its stderr.
    pub addr: SocketAddr,
    /// The scratch data directory given to it, removed when it is dropped.
    scratch: Option<PathBuf>,
}

/// A new, empty scratch directory under the system's temporary directory.
pub fn scratch_dir(what: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tally-{what}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

impl TallyServer {
    /// Starts `tally serve --bind 127.0.0.1:0 <extra args>` and waits (up to 60 s) for the line
    /// `tally: serving N documents (corpus V) on http://ADDR/` in its log on stderr. The rest of
    /// stderr is echoed by a thread (visible with `--nocapture`). Unless the arguments say where
    /// the corpus is, it gets a store of its own in a scratch directory.
    pub fn spawn(extra_args: &[&str]) -> TallyServer {
        let told = |flag: &str| extra_args.iter().any(|a| a.starts_with(flag));
        let scratch = (!told("--corpus") && !told("--data-dir") && !told("--database-url"))
            .then(|| scratch_dir("serve"));
        let mut command = Command::new(tally_binary());
        command.args(["serve", "--bind", "127.0.0.1:0"]);
        if let Some(dir) = &scratch {
            command.arg("--data-dir").arg(dir);
        }
        let mut child = command
            .args(extra_args)
            // The serving line is logged at info: a RUST_LOG=warn around the tests must not
            // hide it.
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tally serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel::<Result<SocketAddr, String>>();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            let mut seen = Vec::new();
            let mut tx = Some(tx);
            for line in lines.by_ref() {
                let Ok(line) = line else { break };
                if let Some(sender) = &tx {
                    if let Some(addr) = parse_serving_line(&line) {
                        let _ = sender.send(Ok(addr));
                        tx = None;
                        continue;
                    }
                    seen.push(line);
                } else {
                    eprintln!("[tally] {line}");
                }
            }
            if let Some(sender) = tx {
                let _ = sender.send(Err(format!(
                    "tally serve exited before it was serving; its stderr:\n{}",
                    seen.join("\n")
                )));
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(addr)) => addr,
            Ok(Err(message)) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{message}");
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("tally serve did not print its serving line within 60 s");
            }
        };
        TallyServer {
            child: Some(child),
            addr,
            scratch,
        }
    }

    /// `http://ADDR` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Kills the server now (for tests of the widget's "unreachable" state).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for TallyServer {
    fn drop(&mut self) {
        self.kill();
        if let Some(dir) = &self.scratch {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The address in the log line `… tally: serving N documents (corpus V) on http://ADDR/`
/// (after a timestamp and level in the text format, inside a JSON object in the JSON one).
fn parse_serving_line(line: &str) -> Option<SocketAddr> {
    let (_, rest) = line.split_once("serving ")?;
    let (_, url) = rest.split_once(" on http://")?;
    url.split('/').next()?.parse().ok()
}

/// Sends `POST path` with a JSON body over plain HTTP/1.0 and returns the status and body.
pub fn http_post_json(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    http_request(addr, "POST", path, "application/json", None, body)
}

/// Sends one request over plain HTTP/1.0, with a bearer `token` when given, and returns the
/// status and body.
pub fn http_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to tally");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set a read timeout");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n{auth}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .expect("an HTTP response with headers");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    (status, body.to_string())
}

/// A tiny HTTP server on 127.0.0.1 answering every request with one HTML page: a "publisher"
/// on an origin other than Tally's. Bind first (the port is needed to start Tally with the right
/// `--cors-origin`), then `serve` the page. Stops when dropped.
#[derive(Debug)]
pub struct PageServer {
    listener: Option<TcpListener>,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl PageServer {
    /// Binds a free port.
    pub fn bind() -> PageServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the publisher's port");
        let addr = listener.local_addr().expect("the publisher's address");
        PageServer {
            listener: Some(listener),
            addr,
            stop: Arc::new(AtomicBool::new(false)),
            thread: None,
        }
    }

    /// `http://127.0.0.1:PORT`, the value for `tally serve --cors-origin`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The page's URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Starts answering every request with `page` (as `text/html`).
    pub fn serve(&mut self, page: String) {
        self.serve_with(move |_, _| Reply::html(page.clone()));
    }

    /// Starts answering each request with `handler(method, path)`: a stand-in for any server,
    /// a malicious one included. Request bodies are read and ignored.
    pub fn serve_with(&mut self, handler: impl Fn(&str, &str) -> Reply + Send + 'static) {
        let listener = self.listener.take().expect("serve is called once");
        let stop = Arc::clone(&self.stop);
        self.thread = Some(std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let Some((method, path)) = read_request(&mut stream) else {
                    continue;
                };
                let reply = handler(&method, &path);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
                     Cache-Control: no-store\r\nConnection: close\r\n\r\n",
                    reply.status,
                    reply.content_type,
                    reply.body.len()
                );
                let _ = stream.write_all(&reply.body);
                let _ = stream.flush();
            }
        }));
    }
}

/// A response of [`PageServer::serve_with`].
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status line after `HTTP/1.1 `, e.g. `200 OK`.
    pub status: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn html(page: String) -> Reply {
        Reply::new("200 OK", "text/html; charset=utf-8", page.into_bytes())
    }

    pub fn new(status: &str, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status: status.to_string(),
            content_type: content_type.to_string(),
            body,
        }
    }
}

/// Reads a request's head and its body (by `Content-Length`); returns the method and path.
fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut have = data.len() - head_end;
    while have < length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => have += n,
        }
    }
    let mut first = head.lines().next()?.split_whitespace();
    Some((first.next()?.to_string(), first.next()?.to_string()))
}

/// `GET path` over plain HTTP/1.0: the status, the content type and the body's bytes.
pub fn http_get(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response with headers");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let content_type = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    (status, content_type, response[split + 4..].to_vec())
}

impl Drop for PageServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            // Wake the accept loop so it sees the flag.
            let _ = TcpStream::connect(self.addr);
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_serving_line;

    #[test]
    fn the_serving_line_is_read_in_both_log_formats() {
        let text = "2026-12-02T03:42:33.456640Z  INFO tally: serving 5 documents (corpus 4a7b) \
                    on http://127.0.0.1:45955/";
        let json = r#"{"timestamp":"2026-12-02T03:42:33Z","level":"INFO","message":"serving 5 documents (corpus 4a7b) on http://127.0.0.1:45955/","target":"tally"}"#;
        for line in [text, json] {
            assert_eq!(
                parse_serving_line(line),
                Some("127.0.0.1:45955".parse().unwrap()),
                "{line}"
            );
        }
        assert_eq!(parse_serving_line("INFO tally: indexed 68 claims"), None);
    }
}

/// A scratch PostgreSQL server (`scripts/postgres.sh`, which installs Debian's package when
/// missing), stopped and removed when dropped.
#[derive(Debug)]
pub struct Postgres {
    dir: PathBuf,
    /// `postgres://tally@127.0.0.1:PORT/postgres`.
    pub url: String,
}

impl Postgres {
    /// Starts one on a free port, in a directory of its own under `target/`.
    pub fn start(name: &str) -> Postgres {
        let dir = target_dir().join(format!("postgres-{name}-{}", std::process::id()));
        let out = Command::new(root().join("scripts/postgres.sh"))
            .arg("start")
            .arg(&dir)
            .stderr(Stdio::inherit())
            .output()
            .expect("run scripts/postgres.sh");
        assert!(
            out.status.success(),
            "scripts/postgres.sh start failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let url = String::from_utf8(out.stdout)
            .expect("a URL")
            .trim()
            .to_string();
        Postgres { dir, url }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = Command::new(root().join("scripts/postgres.sh"))
            .arg("stop")
            .arg(&self.dir)
            .status();
    }
}
