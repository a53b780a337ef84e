//! The corpus index: every document's claims, extracted once, with the features matching
//! needs, filed so that checking a draft never scans the corpus.
//!
//! - **Buckets**: each claim is filed under what it counts, what is said of it and, for
//!   measures, its dimension ([`Key`]). A bucket keeps its claims sorted by value and by
//!   publication date.
//! - **Figures**: which documents state each value, and the values each document states, for
//!   the document affinity of a draft and for telling two quantities from one disputed one.
//!
//! A bucket of at most [`EXHAUSTIVE`] claims is searched whole. A larger one (a corpus of
//! thousands of articles on one beat) gives a bounded set of candidates: the [`NEAREST`]
//! claims nearest in value to the draft's figure, the [`NEWEST`] published last (by `as_of`),
//! and every claim of the [`TOP_DOCUMENTS`] documents that state the most of the draft's
//! figures. The work per draft claim therefore stops growing with the corpus.

use super::features::{Class, Features, Interner, Sym};
use crate::claim::Claim;
use crate::corpus::{Corpus, Date, Document};
use crate::hedge::Interval;
use crate::span::Span;
use crate::unit::{Dimension, Unit};
use crate::work::Work;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// A bucket of at most this many claims is searched whole.
pub const EXHAUSTIVE: usize = 2048;
/// From a larger bucket, this many claims nearest in value to the draft's figure...
pub const NEAREST: usize = 48;
/// ... this many published last ...
pub const NEWEST: usize = 48;
/// ... and the claims of this many documents that state the most of the draft's figures.
pub const TOP_DOCUMENTS: usize = 32;
/// A value stated by more documents than this says nothing of which source a draft follows
/// ("two", "10"): it does not count toward document affinity.
pub const COMMON_VALUE: usize = 1000;

/// One corpus claim, ready for matching: where it is, what it says, and its features.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Index of its document in the corpus.
    pub doc: usize,
    pub figure: Span,
    pub phrase: Span,
    pub sentence: Span,
    pub value: f64,
    pub interval: Interval,
    pub unit: Option<Arc<Unit>>,
    pub features: Features,
}

/// What a bucket is filed under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Subject(Sym),
    Predicate(Sym),
    Dimension(Dimension),
}

impl Key {
    /// The keys a claim is filed under: its counted thing, its predicate, and for measures
    /// the dimension.
    pub fn of(f: &Features) -> Vec<Key> {
        let mut keys = Vec::with_capacity(3);
        if let Some(s) = &f.subject {
            keys.push(Key::Subject(s.clone()));
        }
        if let Some(p) = &f.predicate {
            keys.push(Key::Predicate(p.clone()));
        }
        if let Class::Measure(d) = &f.class {
            keys.push(Key::Dimension(*d));
        }
        keys
    }
}

/// The claims filed under one key (indexes into [`CorpusIndex::claims`]).
#[derive(Debug, Default)]
struct Bucket {
    /// By the low end of the claim's interval (in its class's base unit).
    by_value: Vec<u32>,
    /// By publication date, oldest first.
    by_date: Vec<u32>,
}

/// Per document, how many of a draft's figures it states (documents stating none left out).
pub type DocHits = HashMap<usize, usize>;

/// The corpus with its claims indexed.
#[derive(Debug)]
pub struct CorpusIndex {
    pub corpus: Corpus,
    pub claims: Vec<Indexed>,
    buckets: HashMap<Key, Bucket>,
    /// Per document, the range of its claims in `claims`.
    doc_claims: Vec<Range<usize>>,
    /// Per document, the value keys of the figures it states, sorted.
    doc_values: Vec<Box<[i64]>>,
    /// Value key → the documents stating it, ascending.
    value_docs: HashMap<i64, Vec<u32>>,
    /// Document id → index, for the documents in the index (not those taken out).
    doc_ids: HashMap<String, usize>,
    /// Per document, whether it was taken out ([`CorpusIndex::remove_document`]): its claims
    /// stay in the buckets, passed over, until the index is rebuilt.
    removed: Vec<bool>,
}

/// Why a document cannot be added to the index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    #[error("the index already holds a document with id {0:?}")]
    Exists(String),
}

/// Sizes of the index, for metrics and capacity planning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    pub documents: usize,
    pub claims: usize,
    /// Buckets (distinct keys).
    pub keys: usize,
    /// Entries in all buckets.
    pub postings: usize,
    /// Distinct figure values.
    pub values: usize,
    /// Bytes of corpus text.
    pub text_bytes: usize,
    /// Bytes the index holds besides the text, estimated from its structures' sizes.
    pub index_bytes: usize,
}

/// A figure's value as a set key: numbers that print alike meet.
pub fn value_key(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

/// The value keys of a document's claims, sorted and once each.
fn values_of(claims: &[Indexed]) -> Vec<i64> {
    let mut values: Vec<i64> = claims.iter().map(|c| value_key(c.value)).collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// A document extracted for the index, not yet filed ([`CorpusIndex::add_prepared`]).
#[derive(Debug, Clone)]
pub struct Prepared {
    doc: Document,
    claims: Vec<Indexed>,
}

impl Prepared {
    /// Extracts the document's checkable claims with their features: the costly part of
    /// adding a document, done without the index.
    pub fn new(doc: Document) -> Self {
        let mut claims = Vec::new();
        index_document(0, &doc, &mut Interner::default(), &mut claims);
        Prepared { doc, claims }
    }

    pub fn id(&self) -> &str {
        &self.doc.id
    }
}

/// Documents planned for filing ([`CorpusIndex::plan`], [`CorpusIndex::file`]).
#[derive(Debug)]
pub struct Filing {
    batch: Vec<Prepared>,
    /// The index's claims and documents when planned.
    base: usize,
    docs: usize,
    /// Buckets merged with many new claims, to swap in.
    merged: Vec<(Key, Bucket)>,
    /// Buckets gaining a few claims, inserted in place.
    few: Vec<(Key, Vec<u32>)>,
}

/// Up to this many new claims of one bucket are inserted one by one; more are merged in one
/// pass ([`merge`]), which copies the bucket.
const INSERT_AT_MOST: usize = 8;

/// Two lists each in order merged into one, taking from `old` first while `old_first(old,
/// new)` holds: stable, and linear in the two lengths.
fn merge(old: &[u32], new: &[u32], old_first: impl Fn(&u32, &u32) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old_first(&old[i], &new[j]) {
            out.push(old[i]);
            i += 1;
        } else {
            out.push(new[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&old[i..]);
    out.extend_from_slice(&new[j..]);
    out
}

/// Appends the checkable claims of one document, with their features, to `out`: the
/// per-document part of [`CorpusIndex::build`], which callers may run on several threads (an
/// interner and an output each) and hand to [`CorpusIndex::from_parts`].
pub fn index_document(
    doc_index: usize,
    doc: &Document,
    interner: &mut Interner,
    out: &mut Vec<Indexed>,
) {
    let extracted: Vec<Claim> = crate::extract(&doc.text);
    let feats = Features::of_text_with(
        &doc.text,
        &extracted,
        Some(doc.published),
        interner,
        &Work::new(),
    )
    .expect("an unlimited meter never stops");
    for (c, features) in extracted.into_iter().zip(feats) {
        if c.is_checkable() {
            out.push(Indexed {
                doc: doc_index,
                figure: c.figure,
                phrase: c.phrase,
                sentence: c.sentence,
                value: c.value,
                interval: c.interval,
                unit: c.unit.map(|u| interner.unit(u)),
                features,
            });
        }
    }
}

impl CorpusIndex {
    pub fn build(corpus: Corpus) -> Self {
        let mut interner = Interner::default();
        let mut claims = Vec::new();
        for (i, d) in corpus.documents.iter().enumerate() {
            index_document(i, d, &mut interner, &mut claims);
        }
        Self::from_parts(corpus, vec![claims])
    }

    /// The index from runs of [`index_document`]'s output that together cover the corpus in
    /// order (each run's claims by document, the runs one after another).
    ///
    /// The runs are joined, not copied claim by claim into a new vector: a copy of a large
    /// corpus's claims would leave as much memory again behind, freed but not returned.
    pub fn from_parts(corpus: Corpus, parts: Vec<Vec<Indexed>>) -> Self {
        let mut parts = parts.into_iter();
        let mut claims = parts.next().unwrap_or_default();
        for mut part in parts {
            claims.append(&mut part);
        }
        claims.shrink_to_fit();
        assert!(
            claims.windows(2).all(|w| w[0].doc <= w[1].doc)
                && claims.last().is_none_or(|c| c.doc < corpus.documents.len()),
            "claims come in corpus order"
        );
        let n = corpus.documents.len();
        let mut doc_claims = Vec::with_capacity(n);
        let mut doc_values = Vec::with_capacity(n);
        let mut value_docs: HashMap<i64, Vec<u32>> = HashMap::new();
        let mut buckets: HashMap<Key, Bucket> = HashMap::new();
        let mut start = 0;
        for d in 0..n {
            let end = start + claims[start..].partition_point(|c| c.doc == d);
            let values = values_of(&claims[start..end]);
            for &v in &values {
                value_docs.entry(v).or_default().push(d as u32);
            }
            for (k, c) in claims.iter().enumerate().take(end).skip(start) {
                for key in Key::of(&c.features) {
                    buckets.entry(key).or_default().by_value.push(k as u32);
                }
            }
            doc_claims.push(start..end);
            doc_values.push(values.into_boxed_slice());
            start = end;
        }
        let published = |k: &u32| corpus.documents[claims[*k as usize].doc].published;
        for b in buckets.values_mut() {
            b.by_date = b.by_value.clone();
            // Claims are filed in corpus order, so the sorts are stable on it.
            b.by_date.sort_by_key(published);
            b.by_value.sort_by(|x, y| {
                let (x, y) = (&claims[*x as usize], &claims[*y as usize]);
                x.features.interval.low.total_cmp(&y.features.interval.low)
            });
        }
        let doc_ids = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let removed = vec![false; n];
        CorpusIndex {
            corpus,
            claims,
            buckets,
            doc_claims,
            doc_values,
            value_docs,
            doc_ids,
            removed,
        }
    }

    /// Adds one document, extracted and filed like the others, in time proportional to its
    /// claims and to the buckets they join, not to the corpus: the index of a live corpus
    /// takes documents in without a rebuild. The caller sets the corpus version
    /// ([`CorpusIndex::set_version`]).
    pub fn add_document(&mut self, doc: Document) -> Result<(), AddError> {
        self.add_prepared(vec![Prepared::new(doc)])
    }

    /// Adds documents extracted beforehand ([`Prepared::new`]): [`CorpusIndex::plan`] then
    /// [`CorpusIndex::file`]. Nothing is added if an id is already held or repeated in the batch.
    pub fn add_prepared(&mut self, batch: Vec<Prepared>) -> Result<(), AddError> {
        let filing = self.plan(batch);
        self.file(filing)
    }

    /// Works out where documents extracted beforehand ([`Prepared::new`], the slow part) go:
    /// for each bucket that gains many claims, the bucket merged with them in one pass. Needs
    /// only to read the index, so a live corpus plans while it serves checks, and takes its
    /// write lock only to [`CorpusIndex::file`]; documents may be removed in between, nothing
    /// else may change.
    pub fn plan(&self, batch: Vec<Prepared>) -> Filing {
        let base = self.claims.len();
        let docs = self.corpus.documents.len();
        // Each new claim's value and date, by its index-to-be.
        let mut new_low = Vec::new();
        let mut new_date = Vec::new();
        let mut added: HashMap<Key, Vec<u32>> = HashMap::new();
        for p in &batch {
            for c in &p.claims {
                let k = (base + new_low.len()) as u32;
                new_low.push(c.features.interval.low);
                new_date.push(p.doc.published);
                for key in Key::of(&c.features) {
                    added.entry(key).or_default().push(k);
                }
            }
        }
        let low = |k: &u32| match (*k as usize).checked_sub(base) {
            Some(i) => new_low[i],
            None => self.claims[*k as usize].features.interval.low,
        };
        let date = |k: &u32| match (*k as usize).checked_sub(base) {
            Some(i) => new_date[i],
            None => self.corpus.documents[self.claims[*k as usize].doc].published,
        };
        let mut merged = Vec::new();
        let mut few = Vec::new();
        for (key, mut claims) in added {
            if claims.len() <= INSERT_AT_MOST {
                few.push((key, claims));
                continue;
            }
            let empty = Bucket::default();
            let b = self.buckets.get(&key).unwrap_or(&empty);
            claims.sort_by(|x, y| low(x).total_cmp(&low(y)));
            // Filed where a build would have put them: after the claims of equal value and
            // date, which come earlier in the corpus.
            let by_value = merge(&b.by_value, &claims, |x, y| low(x) <= low(y));
            claims.sort_by_key(date);
            let by_date = merge(&b.by_date, &claims, |x, y| date(x) <= date(y));
            merged.push((key, Bucket { by_value, by_date }));
        }
        Filing {
            batch,
            base,
            docs,
            merged,
            few,
        }
    }

    /// Files planned documents ([`CorpusIndex::plan`]): appends them and swaps in the merged
    /// buckets, inserting the few claims of other buckets in place. Refused, with nothing
    /// changed, if an id is already held or repeated in the batch.
    ///
    /// # Panics
    /// If the index gained claims or documents since the plan.
    pub fn file(&mut self, filing: Filing) -> Result<(), AddError> {
        let Filing {
            batch,
            base,
            docs,
            merged,
            few,
        } = filing;
        assert!(
            self.claims.len() == base && self.corpus.documents.len() == docs,
            "the index changed between its plan and its filing"
        );
        let mut ids = HashSet::new();
        if let Some(p) = batch
            .iter()
            .find(|p| self.doc_ids.contains_key(&p.doc.id) || !ids.insert(p.doc.id.as_str()))
        {
            return Err(AddError::Exists(p.doc.id.clone()));
        }
        for Prepared { doc, claims } in batch {
            let d = self.corpus.documents.len();
            let start = self.claims.len();
            self.claims
                .extend(claims.into_iter().map(|c| Indexed { doc: d, ..c }));
            let end = self.claims.len();
            self.doc_ids.insert(doc.id.clone(), d);
            self.corpus.documents.push(doc);
            self.removed.push(false);
            let values = values_of(&self.claims[start..end]);
            for &v in &values {
                // The newest document has the largest index: the lists stay ascending.
                self.value_docs.entry(v).or_default().push(d as u32);
            }
            self.doc_values.push(values.into_boxed_slice());
            self.doc_claims.push(start..end);
        }
        for (key, bucket) in merged {
            self.buckets.insert(key, bucket);
        }
        // A few claims go in in place: no copy of a large bucket.
        let (claims, documents) = (&self.claims, &self.corpus.documents);
        let low = |k: &u32| claims[*k as usize].features.interval.low;
        let date = |k: &u32| documents[claims[*k as usize].doc].published;
        for (key, added) in few {
            let b = self.buckets.entry(key).or_default();
            for k in added {
                let at = b.by_value.partition_point(|x| low(x) <= low(&k));
                b.by_value.insert(at, k);
                let at = b.by_date.partition_point(|x| date(x) <= date(&k));
                b.by_date.insert(at, k);
            }
        }
        Ok(())
    }

    /// Takes the document with this id out of the index: it is no longer found, listed or
    /// cited. False when there is none.
    pub fn remove_document(&mut self, id: &str) -> bool {
        let Some(d) = self.doc_ids.remove(id) else {
            return false;
        };
        self.removed[d] = true;
        for v in std::mem::take(&mut self.doc_values[d]).iter() {
            if let Some(docs) = self.value_docs.get_mut(v) {
                docs.retain(|&x| x as usize != d);
                if docs.is_empty() {
                    self.value_docs.remove(v);
                }
            }
        }
        true
    }

    /// Sets the corpus version the answers report (a store's version after a write).
    pub fn set_version(&mut self, version: String) {
        self.corpus.version = version;
    }

    /// The documents in the index, in the order they came in.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.corpus
            .documents
            .iter()
            .zip(&self.removed)
            .filter(|(_, removed)| !**removed)
            .map(|(d, _)| d)
    }

    /// How many documents the index holds.
    pub fn document_count(&self) -> usize {
        self.doc_ids.len()
    }

    /// How many documents were taken out since the index was built: what a rebuild would
    /// reclaim.
    pub fn removed_count(&self) -> usize {
        self.corpus.documents.len() - self.doc_ids.len()
    }

    /// True when corpus claim `k` belongs to a document still in the index.
    pub fn is_live(&self, k: usize) -> bool {
        !self.removed[self.claims[k].doc]
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.doc_ids.get(id).map(|&i| &self.corpus.documents[i])
    }

    /// Indexes of the corpus claims that may speak of the same quantity as `f`, published on
    /// or before `as_of` when given, ascending. `near` are documents to search whole when a
    /// bucket is too large to (see [`CorpusIndex::top_documents`]).
    pub fn candidates(&self, f: &Features, as_of: Option<Date>, near: &[usize]) -> Vec<usize> {
        let by_as_of = |k: usize| as_of.is_none_or(|d| self.published(k) <= d);
        let mut out = Vec::new();
        let mut bounded = false;
        for key in Key::of(f) {
            let Some(b) = self.buckets.get(&key) else {
                continue;
            };
            if b.by_date.len() <= EXHAUSTIVE {
                out.extend(
                    b.by_date
                        .iter()
                        .map(|&k| k as usize)
                        .filter(|&k| by_as_of(k)),
                );
                continue;
            }
            bounded = true;
            let end = match as_of {
                Some(d) => b
                    .by_date
                    .partition_point(|&k| self.published(k as usize) <= d),
                None => b.by_date.len(),
            };
            out.extend(
                b.by_date[end.saturating_sub(NEWEST)..end]
                    .iter()
                    .map(|&k| k as usize),
            );
            self.nearest(&b.by_value, &f.interval, &by_as_of, &mut out);
        }
        if bounded {
            for &d in near {
                out.extend(self.doc_claims[d].clone().filter(|&k| by_as_of(k)));
            }
        }
        out.sort_unstable();
        out.dedup();
        if self.removed_count() > 0 {
            out.retain(|&k| self.is_live(k));
        }
        out
    }

    /// Adds to `out` up to [`NEAREST`] claims of a value-sorted bucket whose intervals lie
    /// nearest `target`, walking out from where it would sit (at most 8 × NEAREST steps, so
    /// that an early `as_of` that rules out most claims cannot make the walk long).
    fn nearest(
        &self,
        by_value: &[u32],
        target: &Interval,
        keep: &dyn Fn(usize) -> bool,
        out: &mut Vec<usize>,
    ) {
        let interval = |k: u32| &self.claims[k as usize].features.interval;
        let distance = |k: u32| {
            let iv = interval(k);
            (iv.low - target.high).max(target.low - iv.high).max(0.0)
        };
        let mid = by_value.partition_point(|&k| interval(k).low < target.low);
        let (mut lo, mut hi) = (mid, mid);
        let (mut taken, mut steps) = (0, 0);
        while taken < NEAREST && steps < 8 * NEAREST && (lo > 0 || hi < by_value.len()) {
            steps += 1;
            let take_low = match (lo > 0, hi < by_value.len()) {
                (true, true) => distance(by_value[lo - 1]) <= distance(by_value[hi]),
                (low, _) => low,
            };
            let k = if take_low {
                lo -= 1;
                by_value[lo]
            } else {
                hi += 1;
                by_value[hi - 1]
            };
            if keep(k as usize) {
                out.push(k as usize);
                taken += 1;
            }
        }
    }

    pub fn published(&self, k: usize) -> Date {
        self.corpus.documents[self.claims[k].doc].published
    }

    /// True when some document states both values: then they are two quantities.
    pub fn co_stated(&self, a: f64, b: f64) -> bool {
        let (a, b) = (value_key(a), value_key(b));
        let (Some(da), Some(db)) = (self.value_docs.get(&a), self.value_docs.get(&b)) else {
            return false;
        };
        let (docs, other) = if da.len() <= db.len() {
            (da, b)
        } else {
            (db, a)
        };
        docs.iter().any(|&d| self.states(d as usize, other))
    }

    /// For each document, how many of `values` (a draft's figures) it states. Values stated
    /// by more than [`COMMON_VALUE`] documents are not counted.
    pub fn doc_hits(&self, values: &HashSet<i64>) -> DocHits {
        let mut hits = DocHits::new();
        for docs in values.iter().filter_map(|v| self.value_docs.get(v)) {
            if docs.len() > COMMON_VALUE {
                continue;
            }
            for &d in docs {
                *hits.entry(d as usize).or_insert(0) += 1;
            }
        }
        hits
    }

    /// True when value key `v` counts toward document affinity: some document states it, and
    /// no more than [`COMMON_VALUE`] do.
    pub fn counts_for_affinity(&self, v: i64) -> bool {
        self.value_docs
            .get(&v)
            .is_some_and(|d| d.len() <= COMMON_VALUE)
    }

    /// The [`TOP_DOCUMENTS`] documents stating the most of a draft's figures (at least two),
    /// newest first among equals.
    pub fn top_documents(&self, hits: &DocHits) -> Vec<usize> {
        let mut docs: Vec<(usize, usize)> = hits
            .iter()
            .filter(|(_, n)| **n >= 2)
            .map(|(d, n)| (*d, *n))
            .collect();
        docs.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| {
                    let date = |d: usize| self.corpus.documents[d].published;
                    date(b.0).cmp(&date(a.0))
                })
                .then(a.0.cmp(&b.0))
        });
        docs.truncate(TOP_DOCUMENTS);
        docs.into_iter().map(|(d, _)| d).collect()
    }

    /// True when document `doc` states the value key `v`.
    pub fn states(&self, doc: usize, v: i64) -> bool {
        self.doc_values[doc].binary_search(&v).is_ok()
    }

    pub fn stats(&self) -> IndexStats {
        use std::mem::size_of;
        let postings: usize = self.buckets.values().map(|b| b.by_value.len()).sum();
        let mut sentences = HashSet::new();
        let mut heap = 0;
        for c in &self.claims {
            let f = &c.features;
            // Symbols, qualifier lists and units are shared, and few.
            heap += f.context.own_bytes();
            sentences.extend(f.context.shared_words());
        }
        let words: usize = sentences.iter().map(|(_, len)| 16 + len * 8).sum();
        let value_docs: usize = self
            .value_docs
            .values()
            .map(|v| size_of::<(i64, Vec<u32>)>() + v.capacity() * 4)
            .sum();
        let index_bytes = self.claims.capacity() * size_of::<Indexed>()
            + heap
            + words
            + postings * 2 * size_of::<u32>()
            + self
                .doc_values
                .iter()
                .map(|v| 16 + v.len() * 8)
                .sum::<usize>()
            + self.doc_claims.len() * size_of::<Range<usize>>()
            + value_docs;
        IndexStats {
            documents: self.document_count(),
            claims: self.claims.len(),
            keys: self.buckets.len(),
            postings,
            values: self.value_docs.len(),
            text_bytes: self.documents().map(|d| d.text.len()).sum(),
            index_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` one-sentence articles, one a day from 2024-01-01: article `i` says Hamas released
    /// `100 + i % 700` hostages.
    fn corpus(n: usize) -> Corpus {
        let documents = (0..n)
            .map(|i| Document {
                id: format!("d{i}"),
                title: format!("Article {i}"),
                published: Date {
                    year: 2024 + (i / 336) as i32,
                    month: (i / 28 % 12 + 1) as u8,
                    day: (i % 28 + 1) as u8,
                },
                date_basis: None,
                url: None,
                text: format!("Hamas released {} hostages in Gaza.", 100 + i % 700),
            })
            .collect();
        Corpus {
            documents,
            version: "0".repeat(16),
        }
    }

    fn draft(index: &CorpusIndex, text: &str) -> Features {
        let claims = crate::extract(text);
        let f = Features::of_text(text, &claims).remove(0);
        assert!(Key::of(&f)
            .iter()
            .all(|k| index.buckets[k].by_date.len() > EXHAUSTIVE));
        f
    }

    #[test]
    fn a_large_bucket_gives_the_nearest_and_newest_claims_only() {
        // Arrange: 3,000 claims under "hostage" and under "released".
        let index = CorpusIndex::build(corpus(3000));
        let f = draft(&index, "Hamas released 342 hostages.");

        // Act
        let found = index.candidates(&f, None, &[]);

        // Assert: bounded, with every claim of 342 (articles 242, 942, 1642, 2342) and the
        // newest article.
        assert!(
            found.len() <= 2 * (NEAREST + NEWEST),
            "{} candidates",
            found.len()
        );
        let values: Vec<f64> = found.iter().map(|&k| index.claims[k].value).collect();
        assert_eq!(values.iter().filter(|v| **v == 342.0).count(), 4);
        assert!(found.contains(&(index.claims.len() - 1)));
    }

    #[test]
    fn a_large_bucket_keeps_to_as_of_and_adds_the_documents_named() {
        let index = CorpusIndex::build(corpus(3000));
        let f = draft(&index, "Hamas released 342 hostages.");
        let as_of = index.corpus.documents[1000].published;

        let found = index.candidates(&f, Some(as_of), &[2999]);

        assert!(found
            .iter()
            .filter(|&&k| index.claims[k].doc != 2999)
            .all(|&k| index.published(k) <= as_of));
        // The newest claims by as_of are there; the document named is searched whole, but
        // only what it published by as_of counts, and it published later.
        assert!(found.contains(&1000));
        assert!(!found.iter().any(|&k| index.claims[k].doc == 2999));
    }

    #[test]
    fn affinity_leaves_out_values_stated_by_very_many_documents() {
        let mut c = corpus(3000);
        for d in &mut c.documents[..1500] {
            d.text.push_str(" Talks resumed after 12 days.");
        }
        c.documents[942].text.push_str(" 4,000 trucks entered.");
        let index = CorpusIndex::build(c);
        // 342 is stated by articles 242, 942, 1642 and 2342; 12 by 1,500.
        assert!(index.counts_for_affinity(value_key(342.0)));
        assert!(!index.counts_for_affinity(value_key(12.0)));
        assert!(!index.counts_for_affinity(value_key(5.0)), "stated nowhere");

        let values = [342.0, 4000.0, 12.0].map(value_key).into();
        let hits = index.doc_hits(&values);

        assert_eq!(hits.values().sum::<usize>(), 5);
        assert_eq!(hits[&942], 2);
        assert_eq!(
            index.top_documents(&hits),
            [942],
            "only 942 states two of them"
        );
    }

    #[test]
    fn co_stated_values_are_found_through_the_documents_stating_them() {
        let mut c = corpus(3);
        c.documents[0].text = "Hamas released 33 hostages and Israel 1,900 prisoners.".into();
        let index = CorpusIndex::build(c);
        assert!(index.co_stated(33.0, 1900.0));
        assert!(!index.co_stated(33.0, 101.0));
        assert_eq!(
            index.document("d2").map(|d| d.title.as_str()),
            Some("Article 2")
        );
        let stats = index.stats();
        assert_eq!((stats.documents, stats.claims), (3, 4));
    }
}
