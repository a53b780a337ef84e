//! Replays every input under `testdata/fuzz/<target>/` through the same code as the cargo-fuzz
//! target of that name (`fuzz/src/lib.rs`, included here), with the same invariants.
//!
//! The files are crashes the fuzzers found (named for what they caught, and fixed) and a few
//! of the nastiest inputs of their corpora. To add one, copy the artifact into the target's
//! directory; see "Fuzzing" in scripts/README.md.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// A target: it panics when an invariant breaks.
type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 4] = [
    ("extract", targets::extract),
    ("check", targets::check),
    ("check_body", targets::check_body),
    ("corpus_load", |data| {
        targets::corpus_load(&targets::CorpusInput::from_bytes(data))
    }),
];

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = tally_tests::testdata().join("fuzz").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_fuzz_reproducer_replays_cleanly() {
    // Arrange: the inputs of every target.
    let cases: Vec<(&str, Target, PathBuf)> = TARGETS
        .iter()
        .flat_map(|&(name, run)| inputs(name).into_iter().map(move |p| (name, run, p)))
        .collect();

    // Act: replay each, collecting the panics rather than stopping at the first.
    let mut failures = Vec::new();
    for (name, run, path) in &cases {
        let data = std::fs::read(path).expect("read a reproducer");
        if catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
            failures.push(format!("{name}: {}", path.display()));
        }
    }

    // Assert: no invariant broke, and every target has cases.
    for (name, _) in TARGETS {
        assert!(
            cases.iter().any(|(n, _, _)| *n == name),
            "testdata/fuzz/{name}/ has no inputs"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} fuzz reproducers failed (panics above):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
