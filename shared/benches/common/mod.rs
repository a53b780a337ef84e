//! Texts shared by the benchmarks (and by `tests/tests/linear_work.rs`, which includes this
//! file): the seed articles, news of a given size, and the hostile generators.

#![allow(dead_code)] // each includer uses part of it

use serde::Deserialize;

pub const ARTICLES: [&str; 5] = [
    include_str!("../../../corpus/000_e159b71502fe9a29.txt"),
    include_str!("../../../corpus/001_5e84e57a01859430.txt"),
    include_str!("../../../corpus/002_378d2d07a368ac48.txt"),
    include_str!("../../../corpus/003_1d0790ea471c3ceb.txt"),
    include_str!("../../../corpus/004_f422c94cc093e5fa.txt"),
];

const GENERATORS: &str = include_str!("../../../testdata/hostile/generators.json");

/// A generator of `testdata/hostile/generators.json`: a unit repeated to the size wanted.
#[derive(Debug, Deserialize)]
pub struct Generator {
    pub name: String,
    pub unit: String,
}

#[derive(Deserialize)]
struct Generators {
    generators: Vec<Generator>,
}

/// The hostile generators.
pub fn generators() -> Vec<Generator> {
    let g: Generators = serde_json::from_str(GENERATORS).expect("generators.json parses");
    g.generators
}

/// `unit` repeated to `bytes` bytes, cut at a character boundary.
pub fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = unit.repeat(bytes / unit.len().max(1) + 1);
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

/// The seed articles joined by blank lines, repeated whole until the text reaches `bytes`.
pub fn news(bytes: usize) -> String {
    let mut one = String::new();
    for a in ARTICLES {
        one.push_str(a.trim_end());
        one.push_str("\n\n");
    }
    let mut text = String::with_capacity(bytes + one.len());
    while text.len() < bytes {
        text.push_str(&one);
    }
    text
}
