//! Throughput of `tally::extract` on news text.
//!
//! `extract/corpus_1mb`: the five seed articles (`corpus/*.txt`, embedded at compile time)
//! concatenated and repeated to about 1 MB. `extract/one_article`: the longest article alone.
//! Both report bytes per second. Run with `cargo bench -p tally --bench extract`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

mod common;

use common::{news, ARTICLES};

const TARGET_BYTES: usize = 1_000_000;

fn bench_extract(c: &mut Criterion) {
    let big = news(TARGET_BYTES);
    let article = ARTICLES
        .iter()
        .max_by_key(|a| a.len())
        .copied()
        .unwrap_or_default();

    // Sanity: the benchmark measures real work.
    assert!(
        !tally::extract(article).is_empty(),
        "no claims in the benchmark article"
    );

    let mut g = c.benchmark_group("extract");
    g.sample_size(20).warm_up_time(Duration::from_secs(2));

    // ~55 ms an iteration: 20 samples need about 15 s.
    g.measurement_time(Duration::from_secs(15));
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("corpus_1mb", |b| b.iter(|| tally::extract(black_box(&big))));

    g.measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(article.len() as u64));
    g.bench_function("one_article", |b| {
        b.iter(|| tally::extract(black_box(article)))
    });

    g.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
