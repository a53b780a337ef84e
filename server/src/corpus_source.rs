//! Where the corpus comes from: a directory given by `--corpus` / `TALLY_CORPUS`, or the seed
//! corpus embedded in the binary at build time (see `build.rs`).

use anyhow::Context;
use std::path::Path;
use tally::check::features::Interner;
use tally::check::index::{index_document, CorpusIndex};
use tally::corpus::Corpus;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_corpus.rs"));
}

/// Loads and validates the corpus; errors name the file and the problem.
pub fn load(dir: Option<&Path>) -> anyhow::Result<Corpus> {
    match dir {
        Some(dir) => from_dir(dir),
        None => from_embedded(),
    }
}

/// Indexes the corpus on every core: documents are extracted in parallel chunks, then the
/// index is assembled in corpus order, so the result is the same as `CorpusIndex::build`.
pub fn index(corpus: Corpus) -> CorpusIndex {
    let parts = on_every_core(&corpus.documents, |first, part| {
        let mut interner = Interner::default();
        let mut claims = Vec::new();
        for (i, d) in part.iter().enumerate() {
            index_document(first + i, d, &mut interner, &mut claims);
        }
        claims
    });
    CorpusIndex::from_parts(corpus, parts)
}

/// Runs `f` on `items` cut into one chunk per core, on scoped threads, and gives its results in
/// the chunks' order; `f` is told the index of its chunk's first item.
pub fn on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(n, part)| scope.spawn(move || f(n * chunk, part)))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker thread panicked"))
            .collect()
    })
}

fn from_dir(dir: &Path) -> anyhow::Result<Corpus> {
    let manifest_path = dir.join("manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).with_context(|| {
        format!(
            "cannot read the corpus manifest {}",
            manifest_path.display()
        )
    })?;
    Corpus::load(&manifest, |file| {
        std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())
    })
    .with_context(|| format!("invalid corpus in {}", dir.display()))
}

fn from_embedded() -> anyhow::Result<Corpus> {
    let file = |name: &str| {
        embedded::FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    };
    let manifest = file("manifest.json").context("the embedded corpus has no manifest.json")?;
    Corpus::load(manifest, |name| {
        file(name)
            .map(str::to_string)
            .ok_or_else(|| "not embedded".to_string())
    })
    .context("invalid embedded corpus")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally::check::index::Indexed;

    #[test]
    fn embedded_corpus_loads_the_five_seed_articles() {
        let c = load(None).unwrap();
        assert_eq!(c.documents.len(), 5);
        assert!(c.documents.iter().all(|d| !d.text.is_empty()));
    }

    #[test]
    fn the_parallel_index_is_the_sequential_one() {
        let parallel = index(load(None).unwrap());
        let sequential = CorpusIndex::build(load(None).unwrap());
        assert_eq!(parallel.stats(), sequential.stats());
        let key = |i: &Indexed| (i.doc, i.figure, i.value.to_bits());
        assert!(parallel
            .claims
            .iter()
            .map(key)
            .eq(sequential.claims.iter().map(key)));
    }

    #[test]
    fn a_missing_directory_names_the_manifest() {
        let err = load(Some(Path::new("/nonexistent/corpus"))).unwrap_err();
        assert!(format!("{err:#}").contains("/nonexistent/corpus/manifest.json"));
    }
}
