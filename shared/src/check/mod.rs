//! Checking a draft's claims against the corpus.
//!
//! For each checkable claim of the draft:
//! 1. [`index::CorpusIndex::candidates`] finds the corpus claims filed under the same counted
//!    thing, predicate or dimension (no scan of the corpus), published by `as_of` if given.
//! 2. [`matching::compare`] keeps those that can speak of the same quantity and scores them.
//! 3. The best-scoring group (within [`CLUSTER_MARGIN`] of the best) is the evidence: each
//!    claim in it agrees when its interval overlaps the draft's (see [`crate::hedge`]).
//! 4. The verdict, from the evidence and the publication dates:
//!    - `supported`: some evidence agrees, and none as new disagrees;
//!    - `disputed`: evidence agrees and evidence of the same date disagrees;
//!    - `outdated`: evidence agrees, but newer evidence about a quantity that changes over
//!      time (held, killed, released, displaced, wounded) disagrees;
//!    - `contradicted`: evidence disagrees, none agrees, and the best match is strong (same
//!      counted thing and predicate) — a weak match never contradicts;
//!    - `unverifiable`: no evidence, or only weak evidence that disagrees.
//!
//! Vague corpus figures ("dozens") never decide a precise draft figure.

pub mod features;
pub mod index;
pub mod matching;

use crate::claim::Claim;
use crate::corpus::Date;
use features::Features;
use index::{value_key, CorpusIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A candidate within this many points of the best match counts as the same quantity.
pub const CLUSTER_MARGIN: f64 = 2.5;

/// A disagreeing source disputes an agreeing one only if it matches within this many points.
pub const DISPUTE_MARGIN: f64 = 1.0;

/// The verdict on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Supported,
    Contradicted,
    Disputed,
    Outdated,
    Unverifiable,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Supported,
        Verdict::Contradicted,
        Verdict::Disputed,
        Verdict::Outdated,
        Verdict::Unverifiable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Disputed => "disputed",
            Verdict::Outdated => "outdated",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// One corpus claim taken as evidence.
#[derive(Debug, Clone)]
pub struct EvidenceItem {
    /// Index into [`CorpusIndex::claims`].
    pub claim: usize,
    pub agrees: bool,
    pub score: f64,
    pub why: Vec<String>,
}

/// The judgement of one draft claim.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub verdict: Verdict,
    pub message: String,
    pub evidence: Vec<EvidenceItem>,
}

/// Predicates whose quantities change over time, so that an older figure can be outdated.
pub fn changes_over_time(predicate: Option<&str>) -> bool {
    matches!(
        predicate,
        Some("held" | "killed" | "released" | "displaced" | "wounded")
    )
}

/// Judges every checkable claim of `text` (given already extracted as `claims`). Returns one
/// judgement per claim, `None` for claims that are not checkable (dates, ordinals).
pub fn check(
    index: &CorpusIndex,
    text: &str,
    claims: &[Claim],
    as_of: Option<Date>,
) -> Vec<Option<Judgement>> {
    let feats = Features::of_text(text, claims);
    let values: HashSet<i64> = claims
        .iter()
        .filter(|c| c.is_checkable())
        .map(|c| value_key(c.value))
        .collect();
    claims
        .iter()
        .zip(&feats)
        .map(|(c, f)| {
            // The draft's other figures: a source that states them is likely the one quoted.
            // The figure under check does not count, or every agreeing source would gain.
            let mut others = values.clone();
            others.remove(&value_key(c.value));
            c.is_checkable()
                .then(|| judge(index, text, c, f, &others, as_of))
        })
        .collect()
}

fn judge(
    index: &CorpusIndex,
    text: &str,
    claim: &Claim,
    f: &Features,
    values: &HashSet<i64>,
    as_of: Option<Date>,
) -> Judgement {
    let mut scored: Vec<(usize, matching::Match)> = index
        .candidates(f, as_of)
        .into_iter()
        .filter(|&k| f.vague || !index.claims[k].features.vague)
        .filter_map(|k| {
            let c = &index.claims[k];
            let affinity = index.affinity(c.doc, values);
            matching::compare(f, &c.features, affinity).map(|m| (k, m))
        })
        .collect();
    scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    let Some(best) = scored.first().map(|(_, m)| m.score) else {
        return unverifiable();
    };
    scored.retain(|(_, m)| m.score >= best - CLUSTER_MARGIN);
    let evidence: Vec<EvidenceItem> = scored
        .into_iter()
        .map(|(k, m)| EvidenceItem {
            claim: k,
            agrees: f.interval.overlaps(&index.claims[k].features.interval),
            score: m.score,
            why: m.why,
        })
        // A source figure equal to another figure of the draft is that figure's counterpart
        // ("800 prisoners, including 100 …"), not a rival value for this one.
        .filter(|e| e.agrees || !values.contains(&value_key(index.claims[e.claim].claim.value)))
        .collect();
    if evidence.is_empty() {
        return unverifiable();
    }
    let strong_best = {
        let k = evidence[0].claim;
        let c = &index.claims[k];
        let affinity = index.affinity(c.doc, values);
        matching::compare(f, &c.features, affinity).is_some_and(|m| m.strong)
    };
    let date = |e: &EvidenceItem| index.published(e.claim);
    let newest_agreeing = evidence.iter().filter(|e| e.agrees).map(date).max();
    // Only a disagreeing source that matches about as well as the agreeing ones disputes them.
    let best_agreeing = evidence
        .iter()
        .filter(|e| e.agrees)
        .map(|e| e.score)
        .fold(f64::MIN, f64::max);
    let rival = |e: &&EvidenceItem| !e.agrees && e.score >= best_agreeing - DISPUTE_MARGIN;
    let verdict = match newest_agreeing {
        None if strong_best => Verdict::Contradicted,
        None => Verdict::Unverifiable,
        Some(newest) => {
            let newer = evidence.iter().filter(rival).any(|e| date(e) > newest);
            let same = evidence.iter().filter(rival).any(|e| date(e) == newest);
            if newer
                && changes_over_time(f.predicate.as_deref())
                && !f.modal
                && !features::anchored(f)
            {
                Verdict::Outdated
            } else if newer || same {
                Verdict::Disputed
            } else {
                Verdict::Supported
            }
        }
    };
    if verdict == Verdict::Unverifiable {
        return unverifiable();
    }
    let message = message(index, claim.figure.slice(text), claim, verdict, &evidence);
    Judgement {
        verdict,
        message,
        evidence,
    }
}

fn unverifiable() -> Judgement {
    Judgement {
        verdict: Verdict::Unverifiable,
        message: "The sources say nothing about this figure.".to_string(),
        evidence: Vec::new(),
    }
}

/// The figure a corpus claim states, as written ("more than 600 Palestinian prisoners").
fn phrase(index: &CorpusIndex, k: usize) -> &str {
    let c = &index.claims[k];
    c.claim.phrase.slice(&index.corpus.documents[c.doc].text)
}

fn source(index: &CorpusIndex, k: usize) -> String {
    let doc = &index.corpus.documents[index.claims[k].doc];
    format!("“{}”, {}", doc.title, doc.published)
}

/// One plain sentence an editor can read.
fn message(
    index: &CorpusIndex,
    figure: &str,
    claim: &Claim,
    verdict: Verdict,
    evidence: &[EvidenceItem],
) -> String {
    let first = |agrees: bool| {
        evidence
            .iter()
            .find(|e| e.agrees == agrees)
            .map(|e| e.claim)
    };
    let newest = |agrees: bool| {
        evidence
            .iter()
            .filter(|e| e.agrees == agrees)
            .max_by_key(|e| index.published(e.claim))
            .map(|e| e.claim)
    };
    let pred = claim
        .predicate
        .as_ref()
        .map(|p| format!(" {}", p.concept))
        .unwrap_or_default();
    match verdict {
        Verdict::Supported => {
            let k = first(true).expect("supported has agreeing evidence");
            format!(
                "The sources agree: {}{pred} ({}).",
                phrase(index, k),
                source(index, k)
            )
        }
        Verdict::Contradicted => {
            let k = evidence[0].claim;
            format!(
                "The sources say {}{pred}, not {figure} ({}).",
                phrase(index, k),
                source(index, k)
            )
        }
        Verdict::Disputed => {
            let mut seen = HashSet::new();
            let parts: Vec<String> = evidence
                .iter()
                .filter(|e| seen.insert(phrase(index, e.claim).to_string()))
                .take(4)
                .map(|e| format!("{} ({})", phrase(index, e.claim), source(index, e.claim)))
                .collect();
            format!("The sources disagree: {}.", parts.join("; "))
        }
        Verdict::Outdated => {
            let old = newest(true).expect("outdated has agreeing evidence");
            let new = newest(false).expect("outdated has newer evidence");
            format!(
                "This matches an older source ({}), but a newer one says {}{pred} ({}).",
                source(index, old),
                phrase(index, new),
                source(index, new)
            )
        }
        Verdict::Unverifiable => "The sources say nothing about this figure.".to_string(),
    }
}
