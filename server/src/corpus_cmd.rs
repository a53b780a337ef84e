//! `tally corpus import|list|remove`: the corpus store from the command line, either directly
//! (`--data-dir`, `--database-url`) or through a running server's write API (`--server`).
//!
//! An import is written in batches, each one transaction (one request to a server): a batch
//! acknowledged is kept whatever happens after it, and an import stopped half-way can be run
//! again, since each document is created or replaces the one with its id.

use crate::corpus_source;
use crate::store::{self, Location, Store};
use anyhow::{bail, Context};
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tally::api::{DocumentSummary, ImportResponse, NewDocument, RejectedDocument};
use tally::corpus::Document;
use tally::submission;

/// Where the commands write.
#[derive(Debug)]
pub enum Target {
    /// The store itself (SQLite under a data directory, or PostgreSQL).
    Store(Location),
    /// A running server's API, with an admin token for writes.
    Server { url: String, token: Option<String> },
}

/// The documents of a directory (`manifest.json` and its files) or of a newline-delimited
/// JSON file (`-`: standard input), each checked as the write API checks it.
fn read_source(path: &Path) -> anyhow::Result<(Vec<Document>, Vec<RejectedDocument>)> {
    if path.is_dir() {
        let corpus = corpus_source::load(Some(path))?;
        let mut docs = Vec::new();
        let mut rejected = Vec::new();
        for (n, d) in corpus.documents.iter().enumerate() {
            match submission::validate(NewDocument::from(d)) {
                Ok(doc) => docs.push(doc),
                Err(e) => rejected.push(RejectedDocument {
                    line: n + 1,
                    id: Some(d.id.clone()),
                    field: e.field,
                    message: e.message,
                }),
            }
        }
        return Ok((docs, rejected));
    }
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(submission::lines(&bytes))
}

/// `tally corpus import`: exit 0 when every document was written, 1 when some were refused
/// (each is listed), 2 when the import could not finish.
pub fn import(target: &Target, path: &Path, batch: usize) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (docs, rejected) = read_source(path)?;
    let total = docs.len();
    let batch = batch.max(1);
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} documents  {per_sec}  eta {eta}",
        )
        .expect("a valid template"),
    );
    let mut written = 0;
    let mut version = None;
    let mut refused_by_server = Vec::new();
    let rt = store::runtime()?;
    let store = match target {
        Target::Store(location) => Some(open(&rt, location)?),
        Target::Server { .. } => None,
    };
    for chunk in docs.chunks(batch) {
        let result = match (&store, target) {
            (Some(store), _) => store
                .block_on(store.put(chunk.to_vec()))
                .map(|v| (v, Vec::new())),
            (None, Target::Server { url, token }) => post_batch(url, token.as_deref(), chunk),
            (None, Target::Store(_)) => unreachable!("a store target has a store"),
        };
        match result {
            Ok((v, refused)) => {
                written += chunk.len() - refused.len();
                version = Some(v);
                refused_by_server.extend(refused);
                bar.inc(chunk.len() as u64);
            }
            Err(e) => {
                bar.abandon();
                bail!(
                    "the import stopped after {written} of {total} documents were written: \
                     {e:#}\nRun it again to write the rest: a document already written is \
                     replaced, not duplicated."
                );
            }
        }
    }
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let version = match version {
        Some(v) => v.to_string(),
        None => "unchanged".to_string(),
    };
    println!(
        "imported {written} documents in {seconds:.1} s ({:.0} a second); corpus version {version}",
        written as f64 / seconds.max(1e-9)
    );
    let refused: Vec<_> = rejected.iter().chain(&refused_by_server).collect();
    for r in &refused {
        let id =
            r.id.as_deref()
                .map(|id| format!(" ({id})"))
                .unwrap_or_default();
        eprintln!("refused: line {}{id}: {} {}", r.line, r.field, r.message);
    }
    if refused.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} documents were refused; the others were written",
            refused.len()
        );
        Ok(ExitCode::from(1))
    }
}

/// `tally corpus list`: one document a line (id, date, title), or JSON.
pub fn list(target: &Target, json: bool) -> anyhow::Result<ExitCode> {
    let docs: Vec<DocumentSummary> = match target {
        Target::Store(location) => {
            let rt = store::runtime()?;
            let store = open(&rt, location)?;
            let (docs, _) = store.block_on(store.load())?;
            docs.iter().map(DocumentSummary::of).collect()
        }
        Target::Server { url, .. } => {
            let (status, body) = call(url, "GET", "/v1/documents", None, None)?;
            if status != 200 {
                bail!("the server answered {status}: {}", error_message(&body));
            }
            serde_json::from_str(&body).context("the server's list is not a list of documents")?
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&docs)?);
    } else {
        for d in &docs {
            println!("{}\t{}\t{}", d.id, d.published, d.title);
        }
        eprintln!("{} documents", docs.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `tally corpus remove ID`: exit 1 if there is no such document.
pub fn remove(target: &Target, id: &str) -> anyhow::Result<ExitCode> {
    let version = match target {
        Target::Store(location) => {
            let rt = store::runtime()?;
            let store = open(&rt, location)?;
            store.block_on(store.remove(id))?
        }
        Target::Server { url, token } => {
            let path = format!("/v1/documents/{}", tally::api::percent_encode(id));
            let (status, body) = call(url, "DELETE", &path, token.as_deref(), None)?;
            match status {
                200 => {
                    let v: tally::api::WriteResponse = serde_json::from_str(&body)?;
                    Some(v.version.parse().unwrap_or_default())
                }
                404 => None,
                _ => bail!("the server answered {status}: {}", error_message(&body)),
            }
        }
    };
    match version {
        Some(v) => {
            println!("removed {id}; corpus version {v}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("tally: the corpus has no document with id {id:?}");
            Ok(ExitCode::from(1))
        }
    }
}

/// The store's corpus as it is now, for `tally check --data-dir` / `--database-url`.
pub fn snapshot(location: &Location) -> anyhow::Result<tally::corpus::Corpus> {
    let rt = store::runtime()?;
    let store = open(&rt, location)?;
    let (documents, version) = store.block_on(store.load())?;
    Ok(tally::corpus::Corpus {
        documents,
        version: version.to_string(),
    })
}

fn open(rt: &tokio::runtime::Runtime, location: &Location) -> anyhow::Result<Store> {
    // A new store gets the seed corpus, as `tally serve` would give it.
    let seed = corpus_source::load(None)?.documents;
    Store::open(rt.handle().clone(), location, &seed)
}

/// Sends a batch as an import; returns the version and the documents the server refused.
fn post_batch(
    url: &str,
    token: Option<&str>,
    docs: &[Document],
) -> anyhow::Result<(i64, Vec<RejectedDocument>)> {
    let mut body = String::new();
    for d in docs {
        body.push_str(&serde_json::to_string(&NewDocument::from(d))?);
        body.push('\n');
    }
    let (status, answer) = call(url, "POST", "/v1/documents", token, Some(body))?;
    if status != 200 {
        bail!("the server answered {status}: {}", error_message(&answer));
    }
    let answer: ImportResponse =
        serde_json::from_str(&answer).context("the server's answer is not an import report")?;
    let version = answer.version.parse().context("the server's version")?;
    Ok((version, answer.rejected))
}

/// One request to the server; the status and body, whatever the status.
fn call(
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> anyhow::Result<(u16, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let auth = token.map(|t| format!("Bearer {t}"));
    let response = match (method, body) {
        ("POST", Some(body)) => {
            let mut r = agent.post(&url).content_type("application/x-ndjson");
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.send(body)
        }
        ("DELETE", _) => {
            let mut r = agent.delete(&url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        _ => agent.get(&url).call(),
    };
    let mut response = response.with_context(|| format!("cannot reach {base}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .with_context(|| format!("cannot read the answer of {base}"))?;
    Ok((status, text))
}

/// The `message` of an error body, or the body itself.
fn error_message(body: &str) -> String {
    serde_json::from_str::<tally::api::ErrorBody>(body)
        .map(|b| b.error.message)
        .unwrap_or_else(|_| body.chars().take(300).collect())
}
