//! Checking a draft's claims against the corpus.
//!
//! For each checkable claim of the draft:
//! 1. [`index::CorpusIndex::candidates`] finds the corpus claims filed under the same counted
//!    thing, predicate or dimension (no scan of the corpus), published by `as_of` if given; a
//!    bucket too large to search whole gives the claims nearest in value, the newest, and those
//!    of the documents that state the most of the draft's figures.
//! 2. [`matching::compare`] keeps those that can speak of the same quantity and scores them;
//!    a source outside the draft's frame (occasion, place, time) may only agree.
//! 3. Each candidate agrees when its interval overlaps the draft's (see [`crate::hedge`]); a
//!    draft's one-sided hedge is a bound ("more than 40,000" agrees with 48,000).
//! 4. The verdict, from the evidence and the publication dates:
//!    - `supported`: an agreeing source matches nearly as well as any other, and no source
//!      disputes it;
//!    - `disputed`: another source gives a different value for the very same quantity (the two
//!      source claims match each other strongly, come from different documents, and no
//!      document states both values — a source giving both speaks of two quantities);
//!    - `outdated`: as disputed, but the other source is newer, the quantity changes over time
//!      (held, killed, released, displaced, wounded), and the draft does not tie the figure
//!      to a day;
//!    - `contradicted`: no source agrees, and the best disagreeing match is strong (same
//!      counted thing and predicate, the draft's whole frame stated by the source, the source
//!      identified by a name or occasion of the draft, and more in common: see
//!      [`matching::Score`]) — a weak match never contradicts, nor is a vague draft figure
//!      ("hundreds") ever contradicted;
//!    - `unverifiable`: anything else.
//!
//! Vague corpus figures ("dozens") never decide a precise draft figure.

pub mod consistency;
pub mod context;
pub mod features;
pub mod index;
pub mod matching;

use crate::claim::Claim;
use crate::corpus::Date;
use crate::hedge::Interval;
use crate::work::{Stopped, Work};
use context::Word;
use features::{Features, Interner};
use index::{value_key, CorpusIndex, DocHits};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A candidate within this many points of the best match counts as the same quantity.
pub const CLUSTER_MARGIN: f64 = 2.5;

/// A contradiction needs a match at least this good: counted thing (3) and predicate (3),
/// and something more in common.
pub const CONTRADICTION_SCORE: f64 = 7.0;

/// Two source claims speak of the very same quantity (and may dispute each other) when they
/// match each other at least this well.
pub const RIVAL_SCORE: f64 = 9.0;

/// The verdict on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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

    /// The verdict as a person reads it, with an icon so that colour is never the only signal
    /// (the editor's marks and cards and the embed's cards all use it).
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "✓ Supported",
            Verdict::Contradicted => "⚠ Contradicted",
            Verdict::Disputed => "⇄ Disputed",
            Verdict::Outdated => "◷ Outdated",
            Verdict::Unverifiable => "? Unverifiable",
        }
    }

    /// Whether a reader should look at this figure: the ones the widgets list as flags.
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            Verdict::Contradicted | Verdict::Outdated | Verdict::Disputed
        )
    }

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
    /// The match was strong (see [`matching::Match::strong`]).
    pub strong: bool,
}

/// The judgement of one draft claim.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub verdict: Verdict,
    pub message: String,
    pub evidence: Vec<EvidenceItem>,
    /// For an unverifiable figure, the nearest source figures that are not established as the
    /// same quantity (another occasion, place or time, or too little in common): context for
    /// the editor, never evidence. At most [`RELATED`], from different documents.
    pub related: Vec<EvidenceItem>,
    /// For a contradicted or outdated figure, the source figure that would put it right (the
    /// one its message cites): an index into [`CorpusIndex::claims`].
    pub fix: Option<usize>,
}

/// How many related source figures an unverifiable figure lists, at most.
pub const RELATED: usize = 2;

/// How many of the best-ranked sources an unverifiable figure scores in full for its related
/// figures.
pub const RELATED_TRIED: usize = 4;

/// A source figure is related context when it matches at least this well: the counted thing
/// or what is said of it, and something more.
pub const RELATED_SCORE: f64 = 6.0;

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
    check_with(index, text, claims, as_of, &Work::new()).unwrap_or_default()
}

/// [`check`], counting its work on `work` (the candidates weighed for each claim, besides
/// the features' work) and stopping when `work` says so.
pub fn check_with(
    index: &CorpusIndex,
    text: &str,
    claims: &[Claim],
    as_of: Option<Date>,
    work: &Work,
) -> Result<Vec<Option<Judgement>>, Stopped> {
    let feats = Features::of_text_with(text, claims, None, &mut Interner::default(), work)?;
    judge_all(index, text, claims, &feats, as_of, work)
}

/// [`check_with`] for claims whose features are already read (`feats`, in the same order).
pub fn judge_all(
    index: &CorpusIndex,
    text: &str,
    claims: &[Claim],
    feats: &[Features],
    as_of: Option<Date>,
    work: &Work,
) -> Result<Vec<Option<Judgement>>, Stopped> {
    let values: HashSet<i64> = claims
        .iter()
        .filter(|c| c.is_checkable())
        .map(|c| value_key(c.value))
        .collect();
    // How many of the draft's figures each document states, counted once per draft, and the
    // documents that state the most of them.
    let hits = index.doc_hits(&values);
    let near = index.top_documents(&hits);
    work.add(values.len() as u64);
    claims
        .iter()
        .zip(feats)
        .map(|(c, f)| {
            work.check()?;
            let own = value_key(c.value);
            let draft = DraftFigures {
                values: &values,
                own,
                own_in_hits: index.counts_for_affinity(own),
                hits: &hits,
                near: &near,
            };
            Ok(c.is_checkable()
                .then(|| judge(index, text, c, f, &draft, as_of, work)))
        })
        .collect()
}

/// The draft's figures as seen from one of them.
struct DraftFigures<'a> {
    values: &'a HashSet<i64>,
    /// The figure under check.
    own: i64,
    /// `hits` count the figure under check where a document states it.
    own_in_hits: bool,
    /// Per document, how many of `values` it states.
    hits: &'a DocHits,
    /// The documents that state the most of `values`.
    near: &'a [usize],
}

impl DraftFigures<'_> {
    /// The share of the draft's other figures that document `doc` states: a source that
    /// states them is likely the one quoted. The figure under check does not count, or every
    /// agreeing source would gain.
    fn affinity(&self, index: &CorpusIndex, doc: usize) -> f64 {
        let others = self.values.len() - 1;
        if others == 0 {
            return 0.0;
        }
        let own = usize::from(self.own_in_hits && index.states(doc, self.own));
        let hits = self.hits.get(&doc).copied().unwrap_or(0);
        (hits - own) as f64 / others as f64
    }

    /// True when `value` is another figure of the draft.
    fn is_other(&self, value: f64) -> bool {
        let k = value_key(value);
        k != self.own && self.values.contains(&k)
    }
}

fn judge(
    index: &CorpusIndex,
    text: &str,
    claim: &Claim,
    f: &Features,
    draft: &DraftFigures,
    as_of: Option<Date>,
    work: &Work,
) -> Judgement {
    let candidates = index.candidates(f, as_of, draft.near);
    work.add(1 + candidates.len() as u64);
    let mut scored: Vec<(usize, matching::Score)> = candidates
        .into_iter()
        .filter(|&k| f.vague || !index.claims[k].features.vague)
        .filter(|&k| f.pinned().is_empty() || !pinned_to_another(index, k, f.pinned()))
        .filter_map(|k| {
            let c = &index.claims[k];
            let affinity = draft.affinity(index, c.doc);
            matching::rank(f, &c.features, affinity, f.agrees_with(&c.features)).map(|m| (k, m))
        })
        .collect();
    scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    // The reasons are written below, for the evidence kept.
    let item = |(k, m): &(usize, matching::Score)| EvidenceItem {
        claim: *k,
        agrees: f.agrees_with(&index.claims[*k].features),
        score: m.score,
        why: Vec::new(),
        strong: m.strong,
    };
    // A bound the other figure meets ("more than 1,500" and 1,864) is neither support nor
    // contradiction; when such a source is the best match, the figure is left unverifiable.
    let compatible = |k: usize| f.compatible_with(&index.claims[k].features);
    // For a count that moves, a bound is no longer the count once a newer source has moved
    // past the draft's figure: "at least 2,000 dead" on Sunday does not save "2,497 dead" from
    // Wednesday's 2,946.
    let moves = changes_over_time(f.predicate.as_deref()) && !f.timed();
    let moved_past = |k: usize, x: &EvidenceItem| {
        index.published(k) < index.published(x.claim)
            && moved_on(
                f.predicate.as_deref(),
                f.interval,
                index.claims[x.claim].interval,
            )
    };
    let all: Vec<(EvidenceItem, bool)> = scored
        .iter()
        .filter(|(k, _)| !compatible(*k))
        .map(|s| (item(s), s.1.framed))
        // A source figure equal to another figure of the draft is that figure's counterpart
        // ("800 prisoners, including 100 …"), not a rival value for this one.
        .filter(|(e, _)| e.agrees || !draft.is_other(index.claims[e.claim].value))
        .collect();
    // A source figure outside the draft's frame may only agree, and only by naming the
    // draft's value (see [`matching::Score::framed`], [`Features::names_value_of`]); it may
    // still update the source that agrees, which is a question between sources.
    let items: Vec<EvidenceItem> = all
        .iter()
        .filter(|(e, framed)| {
            *framed || e.agrees && f.names_value_of(&index.claims[e.claim].features)
        })
        .map(|(e, _)| e.clone())
        .collect();
    // Only a bound identified as the draft's quantity counts ("over 600 killed in 2004" says
    // nothing of this quake's toll).
    let best_compatible = scored
        .iter()
        .filter(|(k, m)| m.strong && compatible(*k))
        .find(|(k, _)| {
            !moves
                || !items
                    .iter()
                    .any(|e| !e.agrees && e.strong && moved_past(*k, e))
        })
        .map(|(_, m)| m.score);
    let best_agreeing = items.iter().find(|e| e.agrees);
    let best_disagreeing = items
        .iter()
        .find(|e| !e.agrees)
        .filter(|x| best_compatible.is_none_or(|b| x.score > b + CLUSTER_MARGIN));
    let date = |e: &EvidenceItem| index.published(e.claim);

    let (verdict, mut evidence): (Verdict, Vec<EvidenceItem>) =
        match (best_agreeing, best_disagreeing) {
            // An agreeing source that matches nearly as well as any other: the figure is in the
            // sources. It is disputed or outdated only by a source that speaks of the very same
            // quantity as the agreeing one.
            (Some(a), x) if x.is_none_or(|x| a.score >= x.score - CLUSTER_MARGIN) => {
                let agreeing: Vec<&EvidenceItem> = items
                    .iter()
                    .filter(|e| e.agrees && e.score >= a.score - CLUSTER_MARGIN)
                    .collect();
                let newest = agreeing
                    .iter()
                    .map(|e| date(e))
                    .max()
                    .expect("at least one");
                // An older figure of a quantity that changes is superseded, not a rival.
                let superseded = |e: &EvidenceItem| {
                    date(e) < newest && changes_over_time(f.predicate.as_deref()) && !f.timed()
                };
                // A rival outside the draft's frame counts only as the newer figure of the
                // quantity the agreeing source states: it makes the figure outdated.
                // A figure the draft ties to a time of its own is not disputed by a later
                // source that names no day of it: "2,562 injured on September 11" and 5,600
                // days later.
                let same_time = |e: &EvidenceItem| {
                    !f.timed()
                        || date(e) <= newest
                        || f.context
                            .shares_day(&index.claims[e.claim].features.context)
                };
                let rivals: Vec<&EvidenceItem> = all
                    .iter()
                    .filter(|(e, framed)| (*framed || date(e) > newest) && same_time(e))
                    .map(|(e, _)| e)
                    .filter(|e| !e.agrees && !superseded(e) && disputes(index, a.claim, e.claim))
                    .collect();
                let newer = rivals.iter().any(|e| date(e) > newest);
                let verdict = if rivals.is_empty() {
                    Verdict::Supported
                } else if newer
                    && changes_over_time(f.predicate.as_deref())
                    && !f.modal
                    && !f.timed()
                {
                    Verdict::Outdated
                } else {
                    Verdict::Disputed
                };
                let evidence = agreeing.into_iter().chain(rivals).cloned().collect();
                (verdict, evidence)
            }
            // Only disagreeing sources: a contradiction if the best of them is a strong match
            // (same counted thing and predicate) with something in common beyond that.
            // A vague figure ("hundreds", "dozens") is never called wrong: writers use it for
            // a part of a total as often as for the total. Nor is the length so far of what
            // goes on ("467 days of war"): each day gives another.
            (_, Some(x))
                if x.strong
                    && x.score >= CONTRADICTION_SCORE
                    && !f.vague
                    && !f.grows_with_time()
                    && same_magnitude(f, &index.claims[x.claim].features) =>
            {
                let mut evidence: Vec<EvidenceItem> = items
                    .iter()
                    .filter(|e| !e.agrees && e.strong && e.score >= x.score - CLUSTER_MARGIN)
                    .cloned()
                    .collect();
                let verdict = match running_count(index, f, &items) {
                    // A count that moves, stated by the sources before and after the draft's
                    // value: the draft gives an earlier count ("900 killed" between 296 and
                    // 2,946), outdated by the newest.
                    Some(RunningCount { newest, between }) => {
                        evidence.retain(|e| date(e) == date(newest));
                        if !evidence.iter().any(|e| e.claim == newest.claim) {
                            evidence.insert(0, newest.clone());
                        }
                        if between {
                            Verdict::Outdated
                        } else {
                            Verdict::Contradicted
                        }
                    }
                    None => Verdict::Contradicted,
                };
                (verdict, evidence)
            }
            _ => {
                // The nearest sources, not established as the same quantity: shown to the
                // editor as context, never as evidence.
                // Ranked without their shared words (see `matching::rank`), the best few are
                // scored in full, with their reasons.
                let mut related: Vec<EvidenceItem> = Vec::new();
                for s in scored.iter().take(RELATED_TRIED) {
                    let doc = index.claims[s.0].doc;
                    if related.len() == RELATED
                        || related.iter().any(|r| index.claims[r.claim].doc == doc)
                    {
                        continue;
                    }
                    let c = &index.claims[s.0];
                    let full = matching::compare(f, &c.features, draft.affinity(index, c.doc));
                    if let Some(m) = full.filter(|m| m.score >= RELATED_SCORE) {
                        let mut e = item(s);
                        e.why = m.why;
                        e.score = m.score;
                        related.push(e);
                    }
                }
                related.sort_by(|a, b| b.score.total_cmp(&a.score));
                return Judgement {
                    related,
                    ..unverifiable()
                };
            }
        };
    for e in &mut evidence {
        let c = &index.claims[e.claim];
        if let Some(m) = matching::compare(f, &c.features, draft.affinity(index, c.doc)) {
            e.why = m.why;
        }
    }
    let fix = fix(index, verdict, &evidence);
    let message = message(
        index,
        claim.figure.slice(text),
        f.predicate.as_deref(),
        verdict,
        &evidence,
        fix,
    );
    Judgement {
        verdict,
        message,
        evidence,
        related: Vec::new(),
        fix,
    }
}

/// How far apart, as a ratio, two counts may be and still be one quantity misstated: a count
/// ten times smaller than the source's is a part of it ("404 killed" in a day of a war of
/// 48,000), not an error in it.
pub const MAGNITUDE: f64 = 10.0;

/// True when a draft count and a source count are within [`MAGNITUDE`] of each other (always
/// for other classes: shares, measures and money are bounded or converted).
pub(crate) fn same_magnitude(f: &Features, c: &Features) -> bool {
    if f.class != features::Class::Count {
        return true;
    }
    let (a, b) = (f.interval.high.abs(), c.interval.high.abs());
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    hi <= MAGNITUDE * lo.max(1.0)
}

/// True when a count of what `predicate` says (one that changes over time) has moved from
/// `earlier` to `later`, wholly past it, the way such a count moves: the number still held
/// only shrinks; the killed, released, displaced and wounded only grow.
fn moved_on(predicate: Option<&str>, earlier: Interval, later: Interval) -> bool {
    if predicate == Some("held") {
        later.high < earlier.low
    } else {
        later.low > earlier.high
    }
}

/// The sources' figures for a count that moves over time (a toll, the number held), as a
/// flag on the draft's figure sees them.
struct RunningCount<'a> {
    /// The newest strong disagreeing source: the figure a flag cites.
    newest: &'a EvidenceItem,
    /// The draft's value lies between an older source's figure and the newest one, in the
    /// direction the count moves: it is an earlier count.
    between: bool,
}

/// For a draft figure of a count that moves over time ([`changes_over_time`]), not tied to a
/// day nor a proposal, the newest strong disagreeing source and whether the draft's value is
/// an earlier count; `None` for other figures.
fn running_count<'a>(
    index: &CorpusIndex,
    f: &Features,
    items: &'a [EvidenceItem],
) -> Option<RunningCount<'a>> {
    if !changes_over_time(f.predicate.as_deref()) || f.modal || f.timed() {
        return None;
    }
    // Counts of one kind, each good enough to flag the figure by itself: a running total
    // since another start ("1,500 killed since the war resumed") is no later state of the
    // draft's.
    let strong = || {
        items.iter().filter(|e| {
            !e.agrees
                && e.strong
                && e.score >= CONTRADICTION_SCORE
                && index.claims[e.claim].features.cumulative == f.cumulative
        })
    };
    let newest = strong().max_by(|a, b| {
        (index.published(a.claim))
            .cmp(&index.published(b.claim))
            .then(a.score.total_cmp(&b.score))
    })?;
    let predicate = f.predicate.as_deref();
    let before_now = moved_on(predicate, f.interval, index.claims[newest.claim].interval);
    // An older figure of the very quantity the newest states (the sources' own update).
    let older_past = strong().any(|e| {
        index.published(e.claim) < index.published(newest.claim)
            && moved_on(predicate, index.claims[e.claim].interval, f.interval)
            && disputes(index, newest.claim, e.claim)
    });
    Some(RunningCount {
        newest,
        between: before_now && older_past,
    })
}

/// True when corpus claim `y` disputes corpus claim `a` (indexes into the corpus claims):
/// their values differ, they come from different documents, they match each other strongly,
/// and no document states both values (a source giving both speaks of two quantities). Both
/// must be running totals or neither.
///
/// Across publication dates, only three kinds of pairs dispute: figures tied to the same day
/// ("killed on October 7"), figures of what was done once ("taken hostage"), and the newer
/// figure of a quantity that changes over time when it
/// moves the way such a quantity moves — a running total (killed, released, displaced,
/// wounded) only grows and the number still held only shrinks. "1,500 killed since fighting
/// resumed last month" is therefore no update of "48,000 killed".
pub fn disputes(index: &CorpusIndex, a: usize, y: usize) -> bool {
    let (ca, cy) = (&index.claims[a], &index.claims[y]);
    if ca.doc == cy.doc
        || ca.features.vague
        || cy.features.vague
        || ca.features.cumulative != cy.features.cumulative
        || agree_both_ways(&ca.features, &cy.features)
    {
        return false;
    }
    // A figure tied to a day and one tied to another day, or to none, count different things.
    let tied = ca.features.context.anchored() || cy.features.context.anchored();
    let share_day = ca.features.context.shares_day(&cy.features.context);
    if tied && !share_day {
        return false;
    }
    let (da, dy) = (index.published(a), index.published(y));
    if da != dy {
        let same_day = ca.features.context.anchored() && share_day;
        let (older, newer) = if da < dy { (ca, cy) } else { (cy, ca) };
        let grew = newer.value > older.value;
        let moves_as_it_should = match ca.features.predicate.as_deref() {
            _ if ca.features.modal => false,
            Some("held") => !grew,
            p if changes_over_time(p) => grew,
            // What was done on one day stays done: "took 251 hostages" vs "abducted 253".
            Some("taken") => true,
            _ => false,
        };
        if !same_day && !moves_as_it_should {
            return false;
        }
    }
    // Last, as the dearest test: it looks the values up in the documents that state them.
    matching::score_sources(&ca.features, &cy.features)
        .is_some_and(|m| m.strong && m.score >= RIVAL_SCORE)
        && !index.co_stated(ca.value, cy.value)
}

/// True when the place a draft figure is pinned to ("764 in Taroudant") is, in corpus claim
/// `k`'s sentence, another figure's: "1,684 in Al-Haouz, and another 980 in Taroudant".
fn pinned_to_another(index: &CorpusIndex, k: usize, pinned: &[Word]) -> bool {
    let c = &index.claims[k];
    let text = &index.corpus.documents[c.doc].text;
    let pinned_at = |j: usize| {
        let o = &index.claims[j];
        features::place_after(text, o.phrase.end.max(o.figure.end))
            .iter()
            .any(|w| pinned.contains(w))
    };
    if pinned_at(k) {
        return false;
    }
    // A sentence's claims are next to each other in the index.
    const NEAR: usize = 16;
    let near = k.saturating_sub(NEAR)..(k + NEAR).min(index.claims.len());
    near.filter(|&j| j != k)
        .filter(|&j| index.claims[j].doc == c.doc && index.claims[j].sentence == c.sentence)
        .any(pinned_at)
}

/// Two source claims agree when either reads the other as consistent ("more than 200" and
/// 251).
fn agree_both_ways(a: &Features, b: &Features) -> bool {
    a.agrees_with(b) || a.compatible_with(b)
}

fn unverifiable() -> Judgement {
    Judgement {
        verdict: Verdict::Unverifiable,
        message: "The sources say nothing about this figure.".to_string(),
        evidence: Vec::new(),
        related: Vec::new(),
        fix: None,
    }
}

/// The source figure that puts a flagged figure right: for a contradiction the best
/// disagreeing source, for an outdated figure the newest one.
fn fix(index: &CorpusIndex, verdict: Verdict, evidence: &[EvidenceItem]) -> Option<usize> {
    let disagreeing = evidence.iter().filter(|e| !e.agrees);
    match verdict {
        Verdict::Contradicted => evidence.first().map(|e| e.claim),
        Verdict::Outdated => disagreeing
            .max_by_key(|e| index.published(e.claim))
            .map(|e| e.claim),
        _ => None,
    }
}

/// The figure a corpus claim states, as written ("more than 600 Palestinian prisoners").
fn phrase(index: &CorpusIndex, k: usize) -> &str {
    let c = &index.claims[k];
    c.phrase.slice(&index.corpus.documents[c.doc].text)
}

fn source(index: &CorpusIndex, k: usize) -> String {
    let doc = &index.corpus.documents[index.claims[k].doc];
    format!("“{}”, {}", doc.title, doc.published)
}

/// One plain sentence an editor can read.
/// `predicate`: what is said of the draft's figure, as matching read it (a length is not
/// "released", the dead are "killed").
fn message(
    index: &CorpusIndex,
    figure: &str,
    predicate: Option<&str>,
    verdict: Verdict,
    evidence: &[EvidenceItem],
    fix: Option<usize>,
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
    // What is said of the figure, unless the source's phrase says it ("a 42-day extension").
    let pred = |k: usize| match predicate {
        Some(p)
            if !phrase(index, k).split_whitespace().any(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                crate::lexicon::predicate(&w) == Some(p)
            }) =>
        {
            format!(" {p}")
        }
        _ => String::new(),
    };
    match verdict {
        Verdict::Supported => {
            let k = first(true).expect("supported has agreeing evidence");
            format!(
                "The sources agree: {}{} ({}).",
                phrase(index, k),
                pred(k),
                source(index, k)
            )
        }
        Verdict::Contradicted => {
            let k = fix.expect("contradicted has disagreeing evidence");
            format!(
                "The sources say {}{}, not {figure} ({}).",
                phrase(index, k),
                pred(k),
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
            let new = fix.expect("outdated has newer evidence");
            match newest(true) {
                Some(old) => format!(
                    "This matches an older source ({}), but a newer one says {}{} ({}).",
                    source(index, old),
                    phrase(index, new),
                    pred(new),
                    source(index, new)
                ),
                // A count between the sources' older and newer figures.
                None => format!(
                    "This looks like an earlier count: the newest source says {}{} ({}).",
                    phrase(index, new),
                    pred(new),
                    source(index, new)
                ),
            }
        }
        Verdict::Unverifiable => "The sources say nothing about this figure.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_carry_an_icon_and_flags_are_the_worrying_verdicts() {
        assert_eq!(Verdict::Contradicted.label(), "⚠ Contradicted");
        let flagged: Vec<_> = Verdict::ALL
            .into_iter()
            .filter(|v| v.needs_attention())
            .collect();
        assert_eq!(
            flagged,
            [Verdict::Contradicted, Verdict::Disputed, Verdict::Outdated]
        );
        assert!(Verdict::ALL
            .iter()
            .all(|v| !v.label().starts_with(char::is_alphabetic)));
    }
}
