//! Helpers shared by the cross-crate tests in `tests/tests/`.

use std::path::PathBuf;

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

/// The seed corpus directory.
pub fn corpus_dir() -> PathBuf {
    root().join("corpus")
}
