//! Cost of checking: building the corpus index, and `check_json` on drafts of about 200 B,
//! 5 KB and 50 KB (the labelled drafts of `testdata/check/drafts.json`, repeated).
//! Run with `cargo bench -p tally --bench check`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;
use tally::api::check_json;
use tally::check::index::CorpusIndex;
use tally::corpus::Corpus;

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

criterion_group!(benches, bench_check);
criterion_main!(benches);
