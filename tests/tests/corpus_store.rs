//! The live corpus end to end, with the real `tally` binary: two servers on one PostgreSQL
//! converging, a server killed (SIGKILL) in the middle of an import losing nothing it
//! acknowledged, and `tally corpus import|list|remove` on a store and through a server.
//! The write API's request-by-request cases are `testdata/api/writes.json` (server/tests/api.rs).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use tally_tests::{http_request, scratch_dir, tally_binary, Postgres, TallyServer};

const TOKEN: &str = "corpus-store-test-token-0123";

/// A draft figure no seed article states, and a document that states it.
const DRAFT: &str =
    "On its first day, 120 aid trucks entered Gaza through the reopened Rafah crossing.";
const DOC: &str = r#"{"id": "cms-1", "title": "Rafah crossing reopens", "published": "2025-03-04",
  "text": "The Rafah crossing reopened on Monday. On its first day, 120 aid trucks entered Gaza through the crossing, Egyptian officials said."}"#;

/// A server on `store` (its `--data-dir` or `--database-url` arguments) with writes on.
fn serve(store: &[&str]) -> TallyServer {
    let file = scratch_dir("tokens").join("tokens");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    let mut args = store.to_vec();
    args.extend(["--admin-token-file", file.to_str().unwrap()]);
    TallyServer::spawn(&args)
}

/// A write with the admin token (`body` is a JSON document, or nothing), asserting its status.
fn admin(server: &TallyServer, method: &str, path: &str, body: &str, status: u16) {
    let (got, answer) = http_request(
        server.addr,
        method,
        path,
        "application/json",
        Some(TOKEN),
        body,
    );
    assert_eq!(got, status, "{method} {path}: {answer}");
}

/// The server's document count and corpus version (`/healthz`).
fn health(server: &TallyServer) -> (u64, String) {
    let (status, body) = http_request(server.addr, "GET", "/healthz", "text/plain", None, "");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    (
        v["documents"].as_u64().unwrap(),
        v["corpus_version"].as_str().unwrap().to_string(),
    )
}

/// The verdict of the draft's first figure.
fn verdict(server: &TallyServer, draft: &str) -> String {
    let body = serde_json::json!({ "text": draft }).to_string();
    let (status, answer) = http_request(
        server.addr,
        "POST",
        "/v1/check",
        "application/json",
        None,
        &body,
    );
    assert_eq!(status, 200, "{answer}");
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    v["claims"][0]["verdict"].as_str().unwrap().to_string()
}

/// Waits up to `limit` for `done`; returns how long it took, or panics naming `what`.
fn within(limit: Duration, what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < limit,
            "{what}: not within {} s",
            limit.as_secs_f64()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    start.elapsed()
}

/// Runs `tally corpus ARGS` with the admin token in the environment.
fn corpus(args: &[&str]) -> Output {
    Command::new(tally_binary())
        .arg("corpus")
        .args(args)
        .env("TALLY_ADMIN_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .output()
        .expect("run tally corpus")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// `n` documents, one a line, `imp-0` to `imp-{n-1}`.
fn ndjson(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "imp-{i}", "title": "Import {i}", "published": "2025-03-{:02}", "text": "Some {} aid trucks entered Gaza on day {i}, officials said."}}"#,
                1 + i % 28,
                100 + i % 500
            ) + "\n"
        })
        .collect()
}

#[test]
fn two_servers_on_one_postgres_converge() {
    let postgres = Postgres::start("replicas");
    let store = ["--database-url", postgres.url.as_str()];
    let a = serve(&store);
    let b = serve(&store);
    assert_eq!(health(&a), health(&b));
    assert_eq!(verdict(&b, DRAFT), "unverifiable");

    // A write through A is used by checks on B within two seconds.
    admin(&a, "POST", "/v1/documents", DOC, 201);
    let took = within(Duration::from_secs(2), "B uses A's write", || {
        verdict(&b, DRAFT) == "supported"
    });
    eprintln!("a write through A was used on B after {took:?}");
    assert_eq!(health(&a), health(&b));

    // And the other way: a removal through B leaves A.
    admin(&b, "DELETE", "/v1/documents/cms-1", "", 200);
    within(Duration::from_secs(2), "A follows B's removal", || {
        verdict(&a, DRAFT) == "unverifiable"
    });

    // A write straight to the store by the CLI reaches both.
    let file = scratch_dir("replicas").join("docs.ndjson");
    std::fs::write(&file, ndjson(50)).unwrap();
    let out = corpus(&[
        "import",
        file.to_str().unwrap(),
        "--database-url",
        &postgres.url,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    within(
        Duration::from_secs(2),
        "both servers have the import",
        || health(&a).0 == 55 && health(&b).0 == 55,
    );
    assert_eq!(health(&a), health(&b));
}

#[test]
fn a_server_killed_in_an_import_on_sqlite_loses_nothing_acknowledged() {
    let dir = scratch_dir("kill-sqlite");
    killed_in_an_import(&["--data-dir", dir.to_str().unwrap()], &dir);
}

#[test]
fn a_server_killed_in_an_import_on_postgres_loses_nothing_acknowledged() {
    let postgres = Postgres::start("kill");
    killed_in_an_import(
        &["--database-url", &postgres.url],
        &scratch_dir("kill-postgres"),
    );
}

/// Imports through the server in batches of 100, kills the server with SIGKILL once a few
/// batches are in, restarts it on the same store, and checks that every batch the CLI was told
/// of is there, whole, and no batch is there in part.
fn killed_in_an_import(store: &[&str], scratch: &Path) {
    const N: usize = 10_000;
    let file = scratch.join("docs.ndjson");
    std::fs::write(&file, ndjson(N)).unwrap();
    let mut server = serve(store);
    let url = format!("http://{}", server.addr);
    let import = Command::new(tally_binary())
        .args(["corpus", "import", file.to_str().unwrap(), "--batch", "100"])
        .args(["--server", &url])
        .env("TALLY_ADMIN_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    within(Duration::from_secs(60), "three batches written", || {
        health(&server).1.parse::<u64>().unwrap() >= 4
    });
    server.kill();
    let out = import.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let acknowledged: usize = stderr
        .split("stopped after ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the CLI says how far it got: {stderr}"));
    assert!(stderr.contains("Run it again"), "{stderr}");

    let server = serve(store);
    let (status, body) = http_request(server.addr, "GET", "/v1/documents", "text/plain", None, "");
    assert_eq!(status, 200);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    let imported: Vec<&str> = listed
        .iter()
        .filter_map(|d| d["id"].as_str())
        .filter(|id| id.starts_with("imp-"))
        .collect();
    assert!(
        imported.len() >= acknowledged,
        "{} documents kept, {acknowledged} acknowledged",
        imported.len()
    );
    assert_eq!(imported.len() % 100, 0, "a batch was kept in part");
    let want: Vec<String> = (0..imported.len()).map(|i| format!("imp-{i}")).collect();
    assert_eq!(imported, want);
    // The last document kept is whole.
    let last = imported.len() - 1;
    let (status, body) = http_request(
        server.addr,
        "GET",
        &format!("/v1/documents/imp-{last}"),
        "text/plain",
        None,
        "",
    );
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        doc["text"],
        format!(
            "Some {} aid trucks entered Gaza on day {last}, officials said.",
            100 + last % 500
        )
    );
    eprintln!(
        "killed after {acknowledged} acknowledged; {} kept",
        imported.len()
    );

    // Run again, the import finishes, with no document twice.
    let out = corpus(&[
        "import",
        file.to_str().unwrap(),
        "--server",
        &url_of(&server),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(health(&server).0 as usize, 5 + N);
}

fn url_of(server: &TallyServer) -> String {
    format!("http://{}", server.addr)
}

#[test]
fn the_cli_imports_lists_and_removes_on_a_store() {
    let data = scratch_dir("cli-store");
    let store = ["--data-dir", data.to_str().unwrap()];
    let list = |extra: &[&str]| {
        let mut args = vec!["list"];
        args.extend(store);
        args.extend(extra);
        corpus(&args)
    };
    let out = list(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().count(),
        5,
        "a new store has the seeds"
    );

    // Good lines are written, bad ones listed with line and field, and the exit code says so.
    let file = data.join("docs.ndjson");
    let mut lines = ndjson(3);
    lines.push_str(r#"{"id": "bad", "title": "Bad", "published": "2025-02-30", "text": "x"}"#);
    std::fs::write(&file, lines).unwrap();
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend(store);
    let out = corpus(&args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 3 documents"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("refused: line 4 (bad): published"),
        "{}",
        text(&out.stderr)
    );

    // A corpus directory imports as it is served with --corpus.
    let beat = tally_tests::testdata().join("beat/morocco-quake");
    let mut args = vec!["import", beat.to_str().unwrap()];
    args.extend(store);
    let out = corpus(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let beat_docs = std::fs::read_to_string(beat.join("manifest.json")).unwrap();
    let beat_docs = serde_json::from_str::<serde_json::Value>(&beat_docs).unwrap()["documents"]
        .as_array()
        .unwrap()
        .len();

    let out = list(&["--json"]);
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), 5 + 3 + beat_docs);

    // `tally check` against the store uses what was imported.
    let check = || {
        let mut child = Command::new(tally_binary())
            .args(["check", "--json", "--data-dir", data.to_str().unwrap(), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(DRAFT.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["claims"][0]["verdict"].as_str().unwrap().to_string()
    };
    assert_eq!(check(), "unverifiable");
    let one = data.join("one.ndjson");
    let doc: serde_json::Value = serde_json::from_str(DOC).unwrap();
    std::fs::write(&one, format!("{doc}\n")).unwrap();
    let mut args = vec!["import", one.to_str().unwrap()];
    args.extend(store);
    assert!(corpus(&args).status.success());
    assert_eq!(check(), "supported");
    let mut args = vec!["remove", "cms-1"];
    args.extend(store);
    assert!(corpus(&args).status.success());

    let mut args = vec!["remove", "imp-1"];
    args.extend(store);
    let out = corpus(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("removed imp-1; corpus version"));
    let out = corpus(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no document with id \"imp-1\""));
    assert_eq!(text(&list(&[]).stdout).lines().count(), 4 + 3 + beat_docs);
}

#[test]
fn the_cli_writes_through_a_server() {
    let data = scratch_dir("cli-server");
    let server = serve(&["--data-dir", data.to_str().unwrap()]);
    let url = url_of(&server);
    let file: PathBuf = data.join("docs.ndjson");
    std::fs::write(&file, ndjson(20)).unwrap();

    // Without the token the server refuses, and the CLI says why.
    let out = Command::new(tally_binary())
        .args(["corpus", "import", file.to_str().unwrap(), "--server", &url])
        .env_remove("TALLY_ADMIN_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("401") && text(&out.stderr).contains("admin token"),
        "{}",
        text(&out.stderr)
    );

    let out = corpus(&["import", file.to_str().unwrap(), "--server", &url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(health(&server).0, 25);
    let out = corpus(&["list", "--server", &url]);
    assert_eq!(text(&out.stdout).lines().count(), 25);
    let out = corpus(&["remove", "imp-0", "--server", &url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(health(&server).0, 24);
    let out = corpus(&["remove", "imp-0", "--server", &url]);
    assert_eq!(out.status.code(), Some(1));
}

/// The value of the Prometheus sample `name` in `/metrics`.
fn metric(server: &TallyServer, name: &str) -> f64 {
    let (_, body) = http_request(server.addr, "GET", "/metrics", "text/plain", None, "");
    body.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{name} in /metrics"))
}

/// When removed documents pass a quarter of the index, the server builds a fresh index beside
/// the served one and swaps it in: the removed documents' claims are gone from it, and checks
/// answer as before.
#[test]
fn an_index_with_many_documents_removed_is_rebuilt() {
    let data = scratch_dir("rebuild");
    let server = serve(&["--data-dir", data.to_str().unwrap()]);
    let file = data.join("docs.ndjson");
    std::fs::write(&file, ndjson(100)).unwrap();
    let out = corpus(&[
        "import",
        file.to_str().unwrap(),
        "--server",
        &url_of(&server),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let claims_before = metric(&server, "tally_index_claims");
    let per_document = (claims_before - metric_of_seeds()) / 100.0;
    for i in 0..70 {
        admin(
            &server,
            "DELETE",
            &format!("/v1/documents/imp-{i}"),
            "",
            200,
        );
    }
    assert_eq!(health(&server).0, 35);
    // Rebuilt at the 64th removal (64 of 105, over a quarter): the index then held the 41 live
    // documents' claims, and the six removed after it stay filed until the next rebuild.
    let want = metric_of_seeds() + 36.0 * per_document;
    within(Duration::from_secs(10), "the rebuilt index", || {
        (metric(&server, "tally_index_claims") - want).abs() < 0.5
    });
    assert_eq!(verdict(&server, DRAFT), "unverifiable");
    admin(&server, "POST", "/v1/documents", DOC, 201);
    assert_eq!(verdict(&server, DRAFT), "supported");
}

/// The claims indexed from the seed corpus alone.
fn metric_of_seeds() -> f64 {
    static SEEDS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *SEEDS.get_or_init(|| {
        let data = scratch_dir("seeds");
        let server = TallyServer::spawn(&["--data-dir", data.to_str().unwrap()]);
        metric(&server, "tally_index_claims")
    })
}
