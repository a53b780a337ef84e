//! Deciding whether a corpus claim speaks of the same quantity as a draft's claim, and how
//! well: hard rules first (kind, unit, qualifiers, predicate, modality), then a score from the
//! counted thing, the predicate, the words around both figures and the document's other
//! figures. Every point of the score comes with a reason the response can show.

use super::features::{Class, Features, FrameWord, Slot};
use crate::unit::Dimension;

/// How a corpus claim matched a draft claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub score: f64,
    /// Counted thing and predicate both agree (or the one given agrees and the other is
    /// unstated on both sides): a disagreement in value may be called a contradiction.
    pub strong: bool,
    /// Every name, occasion and time the draft's clause states is stated around the
    /// corpus figure or is its document's setting (see [`Score::framed`]).
    pub framed: bool,
    /// Why the claim was taken as evidence, in words.
    pub why: Vec<String>,
}

/// How well a corpus claim matched, without the reasons: what ranking needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub score: f64,
    /// See [`Match::strong`].
    pub strong: bool,
    /// The corpus figure's frame holds the draft's: every name, occasion and time the draft's
    /// clause states is stated around it or is its document's setting. A figure the source
    /// states without all of the draft's frame may support an equal figure (a sentence names
    /// more than its figure's identity: the mediators, the weekday it was said), never dispute
    /// or contradict one: "nine killed in a strike on Nuseirat" is no part of "48,000 killed
    /// in the war".
    pub framed: bool,
}

/// How a reason starts when it lists the draft's frame words the source does not state.
pub const UNNAMED: &str = "the source does not name";

/// Points a corpus figure loses for each word of the draft's frame it does not state: a
/// source that names the draft's occasion, place and time wins over one that does not.
pub const UNFRAMED_PENALTY: f64 = 1.0;

/// Compares draft features `d` with corpus features `c`; `None` when they cannot speak of the
/// same quantity.
pub fn compare(d: &Features, c: &Features, affinity: f64) -> Option<Match> {
    with_reasons(|why| compare_into(d, c, affinity, true, false, why))
}

/// A [`Score`] and the reasons written while computing it, as a [`Match`].
fn with_reasons(run: impl FnOnce(&mut Vec<String>) -> Option<Score>) -> Option<Match> {
    let mut why = Vec::new();
    let Score {
        score,
        strong,
        framed,
    } = run(&mut why)?;
    Some(Match {
        score,
        strong,
        framed,
        why,
    })
}

/// [`compare`] without writing the reasons: for ranking many candidates, of which few are
/// shown.
pub fn score(d: &Features, c: &Features, affinity: f64) -> Option<Score> {
    compare_into(d, c, affinity, true, false, &mut NoReasons)
}

/// [`score`] for ranking a corpus claim that `agrees` (or not) in value with the draft's: one
/// that neither agrees nor states the draft's frame can only be context (a newer rival of an
/// agreeing source, a related figure), so the words it shares with the draft are not counted,
/// which is most of the work on a large corpus.
pub fn rank(d: &Features, c: &Features, affinity: f64, agrees: bool) -> Option<Score> {
    compare_into(d, c, affinity, true, !agrees, &mut NoReasons)
}

/// How two corpus claims match, for telling a dispute between sources from two quantities.
/// The frame is not asked: a source's sentence carries names and times of its own telling
/// ("since Hamas's October 7 massacre") that another source need not repeat.
pub fn score_sources(a: &Features, b: &Features) -> Option<Score> {
    compare_into(a, b, 0.0, false, false, &mut NoReasons)
}

/// [`compare`] between two corpus claims, with the reasons.
pub fn compare_sources(a: &Features, b: &Features) -> Option<Match> {
    with_reasons(|why| compare_into(a, b, 0.0, false, false, why))
}

/// Where [`compare_into`] puts its reasons; the reason is only formatted when kept.
trait Reasons {
    fn add(&mut self, reason: impl FnOnce() -> String);
    /// False when reasons are not kept: what only builds them can be skipped.
    fn kept(&self) -> bool {
        true
    }
}

impl Reasons for Vec<String> {
    fn add(&mut self, reason: impl FnOnce() -> String) {
        self.push(reason());
    }
}

struct NoReasons;

impl Reasons for NoReasons {
    fn add(&mut self, _: impl FnOnce() -> String) {}
    fn kept(&self) -> bool {
        false
    }
}

fn compare_into(
    d: &Features,
    c: &Features,
    affinity: f64,
    frame: bool,
    lazy: bool,
    why: &mut impl Reasons,
) -> Option<Score> {
    // Status: a reported fact is not a term under negotiation. The verb's mood ("would free")
    // and the words around the figure ("talks on", "the proposal") are each read with errors,
    // so the two differ only when both readings do.
    let status_differs = d.modal != c.modal && d.proposed != c.proposed;
    // A term the draft gives as planned ("Hamas is to free 33 hostages in the first phase")
    // that a source reports as done may be supported by it, never contradicted: the plan may
    // have changed, and only from a source that states its whole identity (below). A plan is
    // never evidence that a thing was done.
    let came_true = status_differs && d.modal && d.proposed && !c.modal && !c.proposed;
    if d.class != c.class
        || (status_differs && !came_true)
        || d.negated != c.negated
        || d.agent != c.agent
    {
        return None;
    }
    if d.conflicting_qualifiers(c) {
        return None;
    }
    // Which occasion, where and when: every name, occasion and time the draft's clause
    // states is stated around the corpus figure or is its document's setting, or the figure
    // is not framed (see [`Score::framed`]).
    // A figure with its own place ("764 in Taroudant, 202 in Chichaoua") needs that place
    // beside the source's figure; the other places of its clause are its neighbours'.
    let unmatched = if !frame {
        0
    } else if d.pinned().is_empty() {
        d.context.unmatched_frame(&c.context).count()
    } else {
        let others = d
            .frame_words()
            .iter()
            .filter(|w| w.slot != Slot::Name && !c.context.states(w.word))
            .count();
        others
            + d.pinned()
                .iter()
                .filter(|w| !c.context.states_beside(**w))
                .count()
    };
    // "The 42-day phase" meets "took six weeks to finish": a source whose figure is the
    // occasion's length states that length.
    let own_length = matches!(c.class, Class::Measure(Dimension::Duration))
        && d.frame_words()
            .iter()
            .any(|w| is_length_of(w, c) && !c.context.states(w.word));
    // "The initial 42-day phase is due to expire on Saturday": the days beside a figure that
    // is its occasion's own length say when the occasion starts or ends, not which it is.
    let days_aside = if frame && d.frame_words().iter().any(|w| is_length_of(w, d)) {
        d.frame_words()
            .iter()
            .filter(|w| w.slot == Slot::Day && !c.context.states(w.word))
            .count()
    } else {
        0
    };
    let unmatched = unmatched.saturating_sub(usize::from(frame && own_length) + days_aside);
    let framed = unmatched == 0;
    // A plan met by the thing done needs the source to state the plan's frame and be
    // identified as speaking of it.
    if came_true && frame && !(framed && d.context.identifies(&c.context, d.identity())) {
        return None;
    }
    // A year the draft gives that the source does not state is another year: a source always
    // has its own (its publication's). "About 1,400 killed in the 2008 war" is no figure of a
    // 2025 report, not even a support.
    // (A year that starts the figure's period, "held since the Oct. 7, 2023 attack", is no
    // event of the figure's: it leaves the source unframed, but may be a support's.)
    let other_year = frame
        && d.frame_words().iter().any(|w| {
            w.slot == Slot::Time
                && w.text.len() == 4
                && w.text.parse::<u16>().is_ok()
                && !c.context.states(w.word)
                && d.context.names_occasion(w.word)
        });
    // A figure of a particular event ("killed 25 in that single strike") supports no figure
    // the draft ties to a day the source does not state: "25 killed across Gaza on Tuesday".
    let other_day = frame
        && !framed
        && d.frame_words()
            .iter()
            .any(|w| w.slot == Slot::Day && !c.context.states(w.word) && c.context.particular());
    if other_year || other_day {
        return None;
    }
    if frame && why.kept() && !d.frame_words().is_empty() {
        // "same occasion: first, phase; same names: Gaza", then what the source leaves out.
        let words = |keep: &dyn Fn(&FrameWord) -> bool| {
            d.frame_words()
                .iter()
                .filter(|w| keep(w))
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        for slot in [Slot::Occasion, Slot::Name, Slot::Time] {
            let same = words(&|w| w.slot.label() == slot.label() && c.context.states(w.word));
            if !same.is_empty() {
                why.add(|| format!("same {}: {same}", slot.label()));
            }
        }
        let other = words(&|w| !c.context.states(w.word));
        if !other.is_empty() {
            why.add(|| format!("{UNNAMED} {other}"));
        }
    }
    let mut score = -UNFRAMED_PENALTY * unmatched as f64;

    let subject = match (&d.subject, &c.subject) {
        (Some(a), Some(b)) if a == b => {
            score += 3.0;
            why.add(|| format!("both count {a}"));
            Same::Yes
        }
        // People of no stated kind may be hostages, prisoners or soldiers: "Hamas is to free
        // 33 Israelis in the first phase" is "33 hostages released", as support only (the
        // match is not strong) and only where the source states the draft's whole frame.
        (Some(a), Some(b)) if (is_person_kind(a, b) || is_person_kind(b, a)) && framed => {
            score += 1.0;
            why.add(|| format!("{b} are {a}"));
            Same::Weak
        }
        // Two different kinds of people or things the lexicon knows never meet.
        (Some(a), Some(b)) if is_core(a) && is_core(b) => return None,
        // Named differently, but the draft's counted thing is named beside the corpus figure
        // ("46 women and children" ~ "46 prisoners, all women and children").
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
    // truce's first stage"; its place and time may be the source's setting); such a match
    // may support, never contradict (it is not strong). So is one whose two sides name its
    // occasion differently ("the six-week ceasefire proposal", "a 6-week truce deal", "the
    // six-week first phase").
    let unnamed_measure = matches!(d.class, Class::Measure(_))
        && subject != Same::Yes
        && predicate == Same::Unstated
        && frame
        && framed
        && occasion_stated_beside(d, c);
    // A dimension that is itself the quantity: an earthquake's magnitude. Agencies give
    // different magnitudes for one quake, so such a match is never strong: it may support or,
    // between sources, dispute.
    let named_by_dimension = matches!(d.class, Class::Measure(Dimension::Magnitude));
    if named_by_dimension {
        score += 3.0;
    }
    if subject != Same::Yes && predicate != Same::Yes && !unnamed_measure && !named_by_dimension {
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

    // (See [`rank`].)
    let overlap = if lazy && !framed {
        0.0
    } else {
        d.context.overlap(&c.context)
    };
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
    // Two parties' terms are two quantities: "Israel is asking for 10 hostages" and "if Hamas
    // agrees to free 11". Terms whose party is not read ("its first stage would bring the
    // release of 35") are not known to be another party's: they may be supported, not flagged.
    let other_party = d.proposed && c.proposed && d.proposer != c.proposer;
    let planned = d.term_of_proposal && !c.modal && !c.proposed;
    let strong = !came_true
        && !other_party
        && !planned
        && match (subject, predicate) {
            (Same::Yes, Same::Yes | Same::Unstated) => true,
            // Measures are named by what is said of them: "500 meters wide", "a 30-day extension".
            (Same::OneSided | Same::Unstated, Same::Yes) => !matches!(d.class, Class::Count),
            _ => false,
        }
        && framed
        && (!frame
            || d.context.matches_frame_before(&c.context)
                && d.context.identifies(&c.context, d.identity()));
    Some(Score {
        score,
        strong,
        framed,
    })
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

/// True when the draft's clause names an occasion and every occasion word of it (with its
/// ordinal: "first", "phase") is stated beside the source's figure.
fn occasion_stated_beside(d: &Features, c: &Features) -> bool {
    let mut occasions = d
        .frame_words()
        .iter()
        .filter(|w| w.slot == Slot::Occasion)
        .peekable();
    occasions.peek().is_some()
        && occasions.all(|w| c.context.states_beside(w.word) || is_length_of(w, c))
}

/// True when frame word `w` is an occasion's length ("42-day") that corpus figure `c` gives.
fn is_length_of(w: &FrameWord, c: &Features) -> bool {
    matches!(c.class, Class::Measure(Dimension::Duration))
        && w.length
            .is_some_and(|d| c.interval.low <= f64::from(d) && f64::from(d) <= c.interval.high)
}

/// True when `general` counts people of no stated kind and `kind` a kind of people.
fn is_person_kind(general: &str, kind: &str) -> bool {
    general == "person" && matches!(kind, "hostage" | "prisoner" | "militant" | "soldier")
}
