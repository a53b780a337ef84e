//! Extraction time of texts built to be slow, next to news.
//!
//! Each generator of `testdata/hostile/generators.json` repeats its unit to 1 MB
//! (`hostile/<name>`); `hostile/news_1mb` is the news text of the `extract` benchmark (the seed
//! articles repeated to 1 MB). Issue 9's target: every hostile megabyte within 3x the time of
//! the news megabyte. Run with `cargo bench -p tally --bench hostile`; `-- news` or
//! `-- separators` runs one.

mod common;

use common::{generators, news, repeat_to};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const TARGET_BYTES: usize = 1_000_000;

fn bench_hostile(c: &mut Criterion) {
    let mut texts = vec![("news_1mb".to_string(), news(TARGET_BYTES))];
    for g in generators() {
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
