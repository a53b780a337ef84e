//! The corpus index: every document's claims, extracted once, with the features matching
//! needs, bucketed by what they count so that a lookup does not scan the corpus.

use super::features::Features;
use crate::claim::Claim;
use crate::corpus::{Corpus, Date};
use std::collections::{HashMap, HashSet};

/// One corpus claim, ready for matching.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub doc: usize,
    pub claim: Claim,
    pub features: Features,
}

/// The corpus with its claims indexed.
#[derive(Debug)]
pub struct CorpusIndex {
    pub corpus: Corpus,
    pub claims: Vec<Indexed>,
    /// Bucket key (see [`Features::keys`]) → indexes into `claims`.
    buckets: HashMap<String, Vec<usize>>,
    /// Per document, the figures it states (rounded), for document affinity.
    doc_values: Vec<HashSet<i64>>,
}

/// A figure's value as a set key: numbers that print alike meet.
pub fn value_key(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

impl CorpusIndex {
    pub fn build(corpus: Corpus) -> Self {
        let mut claims = Vec::new();
        let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
        let mut doc_values = Vec::with_capacity(corpus.documents.len());
        for (d, doc) in corpus.documents.iter().enumerate() {
            let extracted = crate::extract(&doc.text);
            let feats = Features::of_text(&doc.text, &extracted);
            let mut values = HashSet::new();
            for (claim, features) in extracted.into_iter().zip(feats) {
                if !claim.is_checkable() {
                    continue;
                }
                values.insert(value_key(claim.value));
                let k = claims.len();
                for key in features.keys() {
                    buckets.entry(key).or_default().push(k);
                }
                claims.push(Indexed {
                    doc: d,
                    claim,
                    features,
                });
            }
            doc_values.push(values);
        }
        CorpusIndex {
            corpus,
            claims,
            buckets,
            doc_values,
        }
    }

    /// Indexes of the corpus claims that may speak of the same quantity as `f`, published on
    /// or before `as_of` when given.
    pub fn candidates(&self, f: &Features, as_of: Option<Date>) -> Vec<usize> {
        let mut out: Vec<usize> = f
            .keys()
            .iter()
            .filter_map(|k| self.buckets.get(k))
            .flatten()
            .copied()
            .filter(|&k| as_of.is_none_or(|d| self.published(k) <= d))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn published(&self, k: usize) -> Date {
        self.corpus.documents[self.claims[k].doc].published
    }

    /// True when some document states both values: then they are two quantities.
    pub fn co_stated(&self, a: f64, b: f64) -> bool {
        let (a, b) = (value_key(a), value_key(b));
        self.doc_values
            .iter()
            .any(|v| v.contains(&a) && v.contains(&b))
    }

    /// For each document, how many of `values` (a draft's figures) it states.
    pub fn doc_hits(&self, values: &HashSet<i64>) -> Vec<usize> {
        self.doc_values
            .iter()
            .map(|dv| values.iter().filter(|v| dv.contains(v)).count())
            .collect()
    }

    /// True when document `doc` states the value key `v`.
    pub fn states(&self, doc: usize, v: i64) -> bool {
        self.doc_values[doc].contains(&v)
    }
}
