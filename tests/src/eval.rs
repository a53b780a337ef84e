//! Scoring labelled drafts in-process, the way `../shared/eval/check_eval.py` scores a server:
//! each label's figure must be found and get an accepted verdict, and a flagged wrong figure
//! must cite the corpus value. Misses and false alarms are counted apart.
//!
//! The label format is `../shared/eval/dev.json`'s: `{"drafts": [{"id", "text", "as_of"?,
//! "claims": [{"number", "occurrence"?, "accept": [...], "corpus_value"?}]}]}`, and in this
//! project's own files a `suggestion`: the fix a flagged figure must offer, as written.

use serde::Deserialize;
use std::fmt;
use std::path::Path;
use tally::api::{check_json, CheckedClaim};
use tally::check::index::CorpusIndex;
use tally::check::Verdict;
use tally::corpus::{Corpus, Date};

/// A file of drafts, `{"drafts": [...]}`, whatever each draft holds.
#[derive(Debug, Deserialize)]
pub struct Drafts<D> {
    pub drafts: Vec<D>,
}

#[derive(Debug, Deserialize)]
struct Draft {
    id: String,
    text: String,
    as_of: Option<String>,
    claims: Vec<Label>,
}

#[derive(Debug, Deserialize)]
struct Label {
    number: String,
    #[serde(default = "first")]
    occurrence: usize,
    accept: Vec<Verdict>,
    corpus_value: Option<serde_json::Value>,
    /// The fix a flagged figure must offer, as written (`suggestion.text`).
    suggestion: Option<String>,
}

fn first() -> usize {
    1
}

/// A corpus directory (`manifest.json` and its files), loaded.
pub fn corpus_of(dir: &Path) -> Corpus {
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json");
    Corpus::load(&manifest, |f| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| e.to_string())
    })
    .unwrap_or_else(|e| panic!("{} loads: {e}", dir.display()))
}

/// A corpus directory (`manifest.json` and its files), loaded and indexed.
pub fn index_of(dir: &Path) -> CorpusIndex {
    tally::check::index::CorpusIndex::build(corpus_of(dir))
}

/// A verdict an editor is shown as a flag.
pub fn flagged(v: Verdict) -> bool {
    v.needs_attention()
}

/// The score of one file of labelled drafts.
#[derive(Debug, Default)]
pub struct Score {
    pub labels: usize,
    /// Labels whose figure got an accepted verdict (citing the corpus value when flagged).
    pub right: usize,
    /// Figures flagged (contradicted, outdated, disputed) where no flag is right, labelled or
    /// not.
    pub false_alarms: usize,
    /// Labels that only a flag satisfies, not flagged.
    pub misses: usize,
    /// Flags that are right but cite the wrong corpus figure, or offer the wrong fix.
    pub wrong_value: usize,
    /// Findings of figures of one draft that cannot all hold (`consistency`): on drafts of
    /// real reporting, each is a false finding.
    pub findings: usize,
    /// Every failure, one line each, for the test's output.
    pub failures: Vec<String>,
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = 100.0 * self.right as f64 / self.labels.max(1) as f64;
        write!(
            f,
            "{}/{} verdicts right ({pct:.1}%), {} false alarms, {} misses, {} flags citing another figure, {} consistency findings",
            self.right, self.labels, self.false_alarms, self.misses, self.wrong_value, self.findings
        )
    }
}

/// Checks every draft of the file at `path` against `index` and scores the labels.
pub fn score(index: &CorpusIndex, path: &Path) -> Score {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: Drafts<Draft> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut s = Score::default();
    for d in &file.drafts {
        let as_of = d
            .as_of
            .as_deref()
            .map(|x| Date::parse(x).expect("a valid as_of"));
        let response = check_json(index, &d.text, as_of);
        for f in &response.consistency {
            s.findings += 1;
            s.failures
                .push(format!("{}: consistency {}: {}", d.id, f.kind, f.message));
        }
        let mut used = vec![false; response.claims.len()];
        for l in &d.claims {
            s.labels += 1;
            let at = d
                .text
                .match_indices(&l.number)
                .nth(l.occurrence - 1)
                .map(|(i, _)| i);
            let Some(at) = at else {
                s.failures
                    .push(format!("{}: {:?} not in the draft", d.id, l.number));
                continue;
            };
            let (start, end) = (at, at + l.number.len());
            let hit = response
                .claims
                .iter()
                .position(|c| c.claim.figure.byte_start < end && c.claim.figure.byte_end > start);
            let Some(k) = hit else {
                s.failures
                    .push(format!("{}: {:?} not detected", d.id, l.number));
                continue;
            };
            used[k] = true;
            let c: &CheckedClaim = &response.claims[k];
            let flag_right = l.accept.iter().any(|v| flagged(*v));
            if !l.accept.contains(&c.verdict) {
                if flagged(c.verdict) && !flag_right {
                    s.false_alarms += 1;
                } else if !flagged(c.verdict) && l.accept.iter().all(|v| flagged(*v)) {
                    s.misses += 1;
                }
                s.failures.push(format!(
                    "{}: {:?}: got {:?}, want {:?} ({})",
                    d.id, l.number, c.verdict, l.accept, c.message
                ));
                continue;
            }
            if flagged(c.verdict) && !cites(c, l.corpus_value.as_ref()) {
                s.wrong_value += 1;
                s.failures.push(format!(
                    "{}: {:?}: evidence does not cite {:?}",
                    d.id, l.number, l.corpus_value
                ));
                continue;
            }
            let offered = c.suggestion.as_ref().map(|x| x.text.as_str());
            if l.suggestion.is_some() && offered != l.suggestion.as_deref() {
                s.wrong_value += 1;
                s.failures.push(format!(
                    "{}: {:?}: suggests {offered:?}, want {:?}",
                    d.id, l.number, l.suggestion
                ));
                continue;
            }
            s.right += 1;
        }
        for (k, c) in response.claims.iter().enumerate() {
            if !used[k] && flagged(c.verdict) {
                s.false_alarms += 1;
                s.failures.push(format!(
                    "{}: unlabelled {:?} flagged {:?}",
                    d.id, c.claim.text, c.verdict
                ));
            }
        }
    }
    s
}

/// True when the evidence cites the corpus value (any of a list), or none is given.
fn cites(c: &CheckedClaim, corpus_value: Option<&serde_json::Value>) -> bool {
    let wanted: Vec<f64> = match corpus_value {
        Some(serde_json::Value::Array(v)) => v.iter().filter_map(|x| x.as_f64()).collect(),
        Some(v) => v.as_f64().into_iter().collect(),
        None => vec![],
    };
    wanted.is_empty()
        || c.evidence.iter().any(|e| {
            wanted
                .iter()
                .any(|w| (e.value - w).abs() <= 0.01 * w.abs().max(1e-9))
        })
}
