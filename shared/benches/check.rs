//! Cost of checking: building the corpus index, and `check_json` on drafts of about 200 B,
//! 5 KB and 50 KB (the labelled drafts of `testdata/check/drafts.json`, repeated); and of a
//! live corpus's writes, a document added to or taken out of an index of 100,000 articles.
//! Run with `cargo bench -p tally --bench check`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tally::api::check_json;
use tally::check::index::{CorpusIndex, Prepared};
use tally::corpus::{Corpus, Date, Document};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> Corpus {
    let dir = root().join("corpus");
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("corpus manifest");
    Corpus::load(&manifest, |f| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| e.to_string())
    })
    .expect("the seed corpus loads")
}

/// The labelled drafts' texts, one per line.
fn drafts() -> Vec<String> {
    let path = root().join("testdata/check/drafts.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("drafts")).expect("JSON");
    v["drafts"]
        .as_array()
        .expect("a list of drafts")
        .iter()
        .filter_map(|d| d["text"].as_str().map(str::to_string))
        .collect()
}

fn draft_of(len: usize, parts: &[String]) -> String {
    let mut s = String::new();
    for p in parts.iter().cycle() {
        if s.len() >= len {
            break;
        }
        s.push_str(p);
        s.push('\n');
    }
    s
}

fn bench_check(c: &mut Criterion) {
    let parts = drafts();
    let mut g = c.benchmark_group("check");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("index_seed_corpus", |b| {
        b.iter(|| CorpusIndex::build(black_box(corpus())))
    });
    let index = CorpusIndex::build(corpus());
    for (name, len) in [
        ("draft_200b", 200),
        ("draft_5kb", 5_000),
        ("draft_50kb", 50_000),
    ] {
        let text = draft_of(len, &parts);
        assert!(!check_json(&index, &text, None).claims.is_empty());
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| check_json(&index, black_box(&text), None))
        });
    }
    g.finish();
}

/// A synthetic article `i`: three sentences of figures over a small vocabulary, so that the
/// index's buckets grow as large as a big corpus's.
fn article(i: usize) -> Document {
    let places = [
        "Gaza City",
        "Rafah",
        "Khan Younis",
        "Jabalia",
        "Nuseirat",
        "the West Bank",
    ];
    let text = format!(
        "An Israeli strike on {} killed {} people on Monday, health officials said. \
         Israel released {} Palestinian prisoners and Hamas freed {} hostages. \
         Some {} aid trucks entered through the crossing, the United Nations said.",
        places[i % places.len()],
        3 + i % 97,
        20 + i % 600,
        1 + i % 9,
        100 + i % 400
    );
    Document {
        id: format!("s{i}"),
        title: format!("Synthetic article {i}"),
        published: Date::from_days_since_epoch(19_700 + (i % 700) as i64),
        date_basis: None,
        url: None,
        text,
    }
}

/// The cost of a live corpus's writes: adding one document to, and taking one out of, an
/// index of 100,000 articles (see `CorpusIndex::add_document`).
fn bench_live_index(c: &mut Criterion) {
    const BASE: usize = 100_000;
    let documents = (0..BASE).map(article).collect();
    let mut index = CorpusIndex::build(Corpus {
        documents,
        version: "0".repeat(16),
    });
    let mut next = BASE;
    let mut g = c.benchmark_group("live_index");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("add_document_100k", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                index.add_document(article(next)).expect("a new id");
                next += 1;
            }
            start.elapsed()
        })
    });
    g.bench_function("remove_document_100k", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                // Each taken out right after it came in (the adding not timed).
                let id = format!("s{next}");
                index.add_document(article(next)).expect("a new id");
                next += 1;
                let start = Instant::now();
                assert!(index.remove_document(black_box(&id)));
                spent += start.elapsed();
            }
            spent
        })
    });
    // A batch of 1,000 from an import: planned (merged into the buckets, under a server's read
    // lock) and filed (under its write lock, what checks wait for), each timed; extraction is
    // not. The index grows by 1,000 documents an iteration, from 100,000.
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    for (name, timed_plan) in [("plan_1000_100k", true), ("file_1000_100k", false)] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let batch: Vec<Prepared> = (next..next + 1_000)
                        .map(|i| Prepared::new(article(i)))
                        .collect();
                    next += 1_000;
                    let start = Instant::now();
                    let filing = index.plan(black_box(batch));
                    let planned = start.elapsed();
                    let start = Instant::now();
                    index.file(filing).expect("new ids");
                    spent += if timed_plan { planned } else { start.elapsed() };
                }
                spent
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_check, bench_live_index);
criterion_main!(benches);
