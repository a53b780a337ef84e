//! Deciding whether a corpus claim speaks of the same quantity as a draft's claim, and how
//! well: hard rules first (kind, unit, qualifiers, predicate, modality), then a score from the
//! counted thing, the predicate, the words around both figures and the document's other
//! figures. Every point of the score comes with a reason the response can show.

use super::features::{Class, Features};

/// How a corpus claim matched a draft claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub score: f64,
    /// Counted thing and predicate both agree (or the one given agrees and the other is
    /// unstated on both sides): a disagreement in value may be called a contradiction.
    pub strong: bool,
    /// Why the claim was taken as evidence, in words.
    pub why: Vec<String>,
}

/// How well a corpus claim matched, without the reasons: what ranking needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub score: f64,
    /// See [`Match::strong`].
    pub strong: bool,
}

/// Compares draft features `d` with corpus features `c`; `None` when they cannot speak of the
/// same quantity.
pub fn compare(d: &Features, c: &Features, affinity: f64) -> Option<Match> {
    let mut why = Vec::new();
    let Score { score, strong } = compare_into(d, c, affinity, true, &mut why)?;
    Some(Match { score, strong, why })
}

/// [`compare`] without writing the reasons: for ranking many candidates, of which few are
/// shown.
pub fn score(d: &Features, c: &Features, affinity: f64) -> Option<Score> {
    compare_into(d, c, affinity, true, &mut NoReasons)
}

/// How two corpus claims match, for telling a dispute between sources from two quantities.
/// The frame is not asked: a source's sentence carries names and times of its own telling
/// ("since Hamas's October 7 massacre") that another source need not repeat.
pub fn score_sources(a: &Features, b: &Features) -> Option<Score> {
    compare_into(a, b, 0.0, false, &mut NoReasons)
}

/// [`compare`] between two corpus claims, with the reasons.
pub fn compare_sources(a: &Features, b: &Features) -> Option<Match> {
    let mut why = Vec::new();
    let Score { score, strong } = compare_into(a, b, 0.0, false, &mut why)?;
    Some(Match { score, strong, why })
}

/// Where [`compare_into`] puts its reasons; the reason is only formatted when kept.
trait Reasons {
    fn add(&mut self, reason: impl FnOnce() -> String);
}

impl Reasons for Vec<String> {
    fn add(&mut self, reason: impl FnOnce() -> String) {
        self.push(reason());
    }
}

struct NoReasons;

impl Reasons for NoReasons {
    fn add(&mut self, _: impl FnOnce() -> String) {}
}

fn compare_into(
    d: &Features,
    c: &Features,
    affinity: f64,
    frame: bool,
    why: &mut impl Reasons,
) -> Option<Score> {
    if d.class != c.class || d.modal != c.modal || d.negated != c.negated || d.agent != c.agent {
        return None;
    }
    if d.conflicting_qualifiers(c) {
        return None;
    }
    // Which occasion, where and when: every name, occasion and time the draft's sentence
    // states must be stated around the corpus figure or be its document's setting. "Nine
    // killed in a strike on Nuseirat" is no part of "48,000 killed in the war".
    if frame && d.context.unmatched_frame(&c.context).next().is_some() {
        return None;
    }
    if frame && !d.frame_text.is_empty() {
        why.add(|| format!("same occasion, place and time: {}", d.frame_text.join(", ")));
    }
    let mut score = 0.0;

    let subject = match (&d.subject, &c.subject) {
        (Some(a), Some(b)) if a == b => {
            score += 3.0;
            why.add(|| format!("both count {a}"));
            Same::Yes
        }
        // Named differently, but the draft's counted thing is named beside the corpus figure
        // ("46 women and children" ~ "46 prisoners, all women and children").
        // Two different kinds of people or things the lexicon knows never meet.
        (Some(a), Some(b)) if is_core(a) && is_core(b) => return None,
        (Some(a), Some(b)) => {
            if c.context.has_word(a) || d.context.has_word(b) {
                score += 1.0;
                why.add(|| format!("{a} and {b} are named together"));
                Same::Weak
            } else {
                return None;
            }
        }
        (None, None) => Same::Unstated,
        _ => Same::OneSided,
    };
    let predicate = match (&d.predicate, &c.predicate) {
        (Some(a), Some(b)) if a == b => {
            score += 3.0;
            why.add(|| format!("both say {a}"));
            Same::Yes
        }
        (Some(_), Some(_)) => return None,
        (None, None) => Same::Unstated,
        _ => Same::OneSided,
    };
    // A measure named by neither side ("lasted six weeks", "took six weeks to finish") is the
    // same one when the occasion the draft names is named beside the source's figure ("the
    // truce's first stage"); such a match may support, never contradict (it is not strong).
    let unnamed_measure = matches!(d.class, Class::Measure(_))
        && subject == Same::Unstated
        && predicate == Same::Unstated
        && frame
        && d.context.frame_stated_beside(&c.context);
    if subject != Same::Yes && predicate != Same::Yes && !unnamed_measure {
        return None;
    }
    if let Class::Measure(dim) = &d.class {
        why.add(|| format!("both measure {}", format!("{dim:?}").to_lowercase()));
    }
    for m in d.modifiers.iter().filter(|m| c.modifiers.contains(m)) {
        score += 0.5;
        why.add(|| format!("both {m}"));
    }
    score -= 0.5
        * c.modifiers
            .iter()
            .filter(|m| !d.modifiers.contains(m))
            .count() as f64;

    let overlap = d.context.overlap(&c.context);
    if overlap > 0.0 {
        score += overlap.min(6.0);
        why.add(|| format!("context words in common ({overlap:.1})"));
    }
    // A figure tied to a day meets figures tied to the same day, not running totals.
    let shares_day = d.context.shares_day(&c.context);
    if d.context.anchored() && shares_day {
        score += 1.0;
        why.add(|| "both tied to the same day".to_string());
    }
    if affinity > 0.0 {
        score += 3.0 * affinity;
        why.add(|| {
            format!(
                "the article states {:.0}% of the draft's figures",
                affinity * 100.0
            )
        });
    }
    // A running total meets running totals: "freed 2,000 since January" is not one swap.
    if d.cumulative {
        if c.cumulative {
            score += 1.5;
            why.add(|| "both running totals".to_string());
        } else {
            score -= 1.5;
        }
    }
    if subject == Same::Unstated || predicate == Same::Unstated {
        score += 0.5;
    }
    let strong = match (subject, predicate) {
        (Same::Yes, Same::Yes | Same::Unstated) => true,
        // Measures are named by what is said of them: "500 meters wide", "a 30-day extension".
        (Same::OneSided | Same::Unstated, Same::Yes) => !matches!(d.class, Class::Count),
        _ => false,
    } && (!frame || d.context.matches_frame_before(&c.context));
    Some(Score { score, strong })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Same {
    Yes,
    Weak,
    OneSided,
    Unstated,
}

/// Concepts that name a distinct group: a hostage is never a prisoner, a militant never a
/// soldier. Other nouns ("women", "children", "families") may describe any of them.
fn is_core(concept: &str) -> bool {
    matches!(
        concept,
        "hostage" | "prisoner" | "militant" | "person" | "soldier" | "truck" | "death" | "casualty"
    )
}
