//! Extraction time of texts built to be slow, next to news.
//!
//! Each generator of `testdata/hostile/generators.json` repeats its unit to 1 MB
//! (`hostile/<name>`); `hostile/news_1mb` is the news text of the `extract` benchmark (the seed
//! articles repeated to 1 MB). Issue 9's target: every hostile megabyte within 3x the time of
//! the news megabyte. Run with `cargo bench -p tally --bench hostile`; `-- news` or
//! `-- separators` runs one.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use std::hint::black_box;
use std::time::Duration;

const ARTICLES: [&str; 5] = [
    include_str!("../../corpus/000_e159b71502fe9a29.txt"),
    include_str!("../../corpus/001_5e84e57a01859430.txt"),
    include_str!("../../corpus/002_378d2d07a368ac48.txt"),
    include_str!("../../corpus/003_1d0790ea471c3ceb.txt"),
    include_str!("../../corpus/004_f422c94cc093e5fa.txt"),
];
const GENERATORS: &str = include_str!("../../testdata/hostile/generators.json");
const TARGET_BYTES: usize = 1_000_000;

#[derive(Deserialize)]
struct Generators {
    generators: Vec<Generator>,
}

#[derive(Deserialize)]
struct Generator {
    name: String,
    unit: String,
}

/// `unit` repeated to `bytes` bytes, cut at a character boundary.
fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = unit.repeat(bytes / unit.len().max(1) + 1);
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

fn news_1mb() -> String {
    let one: String = ARTICLES
        .iter()
        .map(|a| format!("{}\n\n", a.trim_end()))
        .collect();
    repeat_to(&one, TARGET_BYTES)
}

fn bench_hostile(c: &mut Criterion) {
    let generators: Generators = serde_json::from_str(GENERATORS).expect("generators.json parses");
    let mut texts = vec![("news_1mb".to_string(), news_1mb())];
    for g in generators.generators {
        let name = g.name.replace(' ', "_");
        texts.push((name, repeat_to(&g.unit, TARGET_BYTES)));
    }
    let mut group = c.benchmark_group("hostile");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| tally::extract(black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_hostile);
criterion_main!(benches);
