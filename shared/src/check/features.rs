//! What matching compares: a claim normalised into the quantity it speaks of, and the words
//! around it.

use super::context::{self, Context, Day, Word};
use crate::claim::{Claim, ClaimKind};
use crate::corpus::Date;
use crate::hedge::{Hedge, Interval};
use crate::lexicon::{self, lemma};
use crate::sentence::sentences;
use crate::span::{floor_char_boundary, Span};
use crate::token::Tokens;
use crate::unit::{Dimension, Unit};
use crate::work::{Stopped, Work};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A shared string: counted things, predicates and qualifiers repeat across millions of
/// corpus claims, so an index keeps one copy of each (see [`Interner`]).
pub type Sym = Arc<str>;

/// One copy of each symbol, qualifier list and unit: what keeps a large corpus index small.
#[derive(Debug, Default)]
pub struct Interner {
    strs: HashSet<Sym>,
    lists: HashSet<Arc<[Sym]>>,
    units: HashMap<String, Arc<Unit>>,
}

impl Interner {
    pub fn sym(&mut self, s: &str) -> Sym {
        if let Some(x) = self.strs.get(s) {
            return x.clone();
        }
        let x: Sym = s.into();
        self.strs.insert(x.clone());
        x
    }

    pub fn list(&mut self, items: Vec<Sym>) -> Arc<[Sym]> {
        if let Some(x) = self.lists.get(items.as_slice()) {
            return x.clone();
        }
        let x: Arc<[Sym]> = items.into();
        self.lists.insert(x.clone());
        x
    }

    /// Units are shared by name: a canonical name stands for one unit.
    pub fn unit(&mut self, u: Unit) -> Arc<Unit> {
        self.units
            .entry(u.name.clone())
            .or_insert_with(|| Arc::new(u))
            .clone()
    }
}

/// The kind of quantity: only claims of the same class can be compared.
#[derive(Debug, Clone, PartialEq)]
pub enum Class {
    Count,
    /// Fractions and percentages, compared in percent.
    Share,
    Measure(Dimension),
    Money(Sym),
    Multiplier,
}

/// A claim as matching sees it.
#[derive(Debug, Clone)]
pub struct Features {
    pub class: Class,
    /// The counted thing's concept, normalised ("body" counts dead hostages).
    pub subject: Option<Sym>,
    /// Qualifiers, with states folded in ("eight of them dead" → "dead").
    pub modifiers: Arc<[Sym]>,
    /// The predicate's concept, without states ("dead", "alive").
    pub predicate: Option<Sym>,
    pub modal: bool,
    /// The figure's status is a term under negotiation: its predicate is modal ("would
    /// free"), or the words near it speak of a proposal, talks or negotiators
    /// (`lexicon::PROPOSAL_WORDS`, read by `is_proposed`). Matching tells statuses apart only
    /// when this and `modal` both differ.
    pub proposed: bool,
    /// Who makes a proposed figure's offer or demand: the name nearest before it in its clause
    /// ("*Israel* is asking for approximately 10 hostages", "if *Hamas* agrees to free 11").
    /// Two parties' terms are two quantities.
    pub proposer: Option<Word>,
    /// A term of a proposal only by its place, after a proposed figure in its clause ("a plan
    /// for the release of three to five hostages in exchange for 50 days of ceasefire"): a
    /// reported fact may support it, never flag it.
    pub term_of_proposal: bool,
    pub negated: bool,
    pub agent: bool,
    /// The values the claim allows, in the class's base unit (percent for shares).
    pub interval: Interval,
    pub hedge: Hedge,
    pub vague: bool,
    /// The sentence speaks of a running total ("so far", "since", "in all").
    pub cumulative: bool,
    /// Content words of the sentence (weight 1) and of the one before (weight 0.5), the days
    /// named there and the other figures of the sentence.
    pub context: Context,
    /// What only a draft claim carries (`None` for corpus claims, which are many: one pointer
    /// each).
    pub draft: Option<Arc<DraftFrame>>,
}

/// A draft claim's frame as matching explains it and a flag asks for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftFrame {
    /// The frame of the claim's clause, each word with its slot and its text as a reader
    /// writes it, for the reasons evidence gives.
    pub words: Arc<[FrameWord]>,
    /// What identifies the claim's quantity: the names and occasions of its clause's frame, of
    /// the clause before's and of the draft's setting, sorted (see [`Context::identifies`]).
    pub identity: Vec<Word>,
    /// The place written right after the figure ("764 in Taroudant"): the figure's own, which
    /// a source must state beside its figure, not only somewhere in its document.
    pub pinned: Vec<Word>,
}

impl Features {
    /// The draft's frame words (none for a corpus claim).
    pub fn frame_words(&self) -> &[FrameWord] {
        self.draft.as_deref().map_or(&[], |d| &d.words)
    }

    /// What identifies a draft claim's quantity (nothing for a corpus claim).
    pub fn identity(&self) -> &[Word] {
        self.draft.as_deref().map_or(&[], |d| &d.identity)
    }

    /// True when a claim is tied to a time of its own: a day of a month ("on October 7"), a
    /// month or a year ("in early 2024") its clause gives (for a corpus claim, a day its
    /// sentence names). Such a figure is not outdated by later counts: it says what held
    /// then. (A weekday mostly names the day of an event: "the quake that struck on Friday
    /// killed 900".) "Hamas seized 253 on Oct 7; 129 are still held" ties the 129 to no day.
    pub fn timed(&self) -> bool {
        if self.draft.is_none() {
            return self.context.anchored();
        }
        self.frame_words()
            .iter()
            .any(|w| w.slot == Slot::Time || w.dated)
    }

    /// True when the figure is the length so far of something that goes on ("after 467 days
    /// of war", "nearly six months of war"): it grows with the day it is said on, so a source
    /// of another day gives another length, never a contradiction.
    pub fn grows_with_time(&self) -> bool {
        matches!(self.class, Class::Measure(Dimension::Duration))
            && self.subject.as_deref().is_some_and(|s| {
                matches!(s, "war" | "captivity" | "siege" | "blockade" | "occupation")
            })
    }

    /// The place written right after a draft claim's figure (nothing for a corpus claim).
    pub fn pinned(&self) -> &[Word] {
        self.draft.as_deref().map_or(&[], |d| &d.pinned)
    }
}

/// Qualifier pairs that make two claims speak of different quantities.
const CONFLICTS: &[(&str, &str)] = &[("alive", "dead"), ("palestinian", "israeli")];

/// Qualifiers that split a quantity into parts: a claim about the living or the dead does not
/// speak of the whole.
/// ("per": a rate, "50 for each hostage", is not a total.)
/// ("change": "the toll rose by 100" counts a difference, not the toll.)
const PARTS: &[&str] = &["alive", "dead", "critical", "per", "change"];

/// How many claims on each side of a claim its context takes figures and days from: more
/// than any sentence of prose holds, and a bound on the work per claim in a list of numbers.
const CONTEXT_CLAIMS: usize = 24;

impl Features {
    /// The features of each claim of `text` (same order as `claims`, which are in text
    /// order as [`crate::extract`] gives them).
    pub fn of_text(text: &str, claims: &[Claim]) -> Vec<Features> {
        Self::of_text_with(text, claims, None, &mut Interner::default(), &Work::new())
            .unwrap_or_default()
    }

    /// [`Features::of_text`] for a text published on `published` (a corpus document: its
    /// year is part of its setting), with the symbols taken from `interner`, counting the work
    /// on `work` and stopping when it says so.
    pub fn of_text_with(
        text: &str,
        claims: &[Claim],
        published: Option<Date>,
        interner: &mut Interner,
        work: &Work,
    ) -> Result<Vec<Features>, Stopped> {
        let sents = sentences(text, work);
        work.check()?;
        // A sentence's attribution names whose figure it is, not which quantity.
        let mut attribution: Vec<Option<Span>> = vec![None; sents.len()];
        for c in claims {
            let i = sents.partition_point(|s| s.end <= c.figure.start);
            if let (Some(slot), Some(a)) = (attribution.get_mut(i), &c.attribution) {
                slot.get_or_insert(a.span);
            }
        }
        // Each clause of a sentence ("...; 129 of those hostages are still held") has its own
        // frame: the occasion, place and time of one clause are not another's. The words of
        // all of a sentence's clauses are its context.
        let mut clauses: Vec<(usize, Span)> = Vec::new();
        for (k, s) in sents.iter().enumerate() {
            clauses.extend(clauses_of(text, *s).map(|c| (k, c)));
        }
        let read: Vec<Sentence> = clauses
            .iter()
            .map(|(k, c)| {
                let opens = c.start == sents[*k].start;
                read_sentence(text, *c, attribution[*k], published.is_none(), opens, work)
            })
            .collect();
        let mut words: Vec<Arc<[Word]>> = vec![Arc::from([]); sents.len()];
        for ((k, _), r) in clauses.iter().zip(&read) {
            words[*k] = if words[*k].is_empty() {
                r.words.clone()
            } else {
                let mut all: Vec<Word> = words[*k].iter().chain(r.words.iter()).copied().collect();
                all.sort_unstable();
                all.dedup();
                all.into()
            };
        }
        // A corpus document's setting holds its dates too; a draft's is its names and
        // occasions, which a flag asks for (see `matching`).
        let first_sentence = clauses.iter().take_while(|(k, _)| *k == 0).count();
        let setting = setting(&read, first_sentence, published);
        let no_words: Arc<[Word]> = Arc::new([]);
        let mut proposal_clause = None;
        claims
            .iter()
            .enumerate()
            .map(|(at, c)| {
                if at % 256 == 0 {
                    work.check()?;
                }
                let i = sents
                    .partition_point(|s| s.end <= c.figure.start)
                    .min(sents.len().saturating_sub(1));
                let sentence = words.get(i).cloned().unwrap_or_else(|| no_words.clone());
                let previous = (i > 0).then(|| sents[i - 1]);
                let previous_words = match previous {
                    Some(_) => words[i - 1].clone(),
                    None => no_words.clone(),
                };
                // The other claims of this sentence and the one before: a window of the
                // claims, which are in text order, of at most `CONTEXT_CLAIMS` each side.
                let from = previous.map_or(c.sentence.start, |p| p.start.min(c.sentence.start));
                let first = claims[..at]
                    .partition_point(|o| o.figure.start < from)
                    .max(at.saturating_sub(CONTEXT_CLAIMS));
                let last = (at + claims[at..].partition_point(|o| o.figure.start < c.sentence.end))
                    .min(at + 1 + CONTEXT_CLAIMS);
                work.add((last.max(first) - first) as u64 + 1);
                let mut days = Vec::new();
                let mut figures = Vec::new();
                for other in claims[first..last.max(first)]
                    .iter()
                    .filter(|o| o.figure != c.figure)
                {
                    let weight = if o_in(other, c.sentence) {
                        1.0
                    } else if previous.is_some_and(|p| o_in(other, p)) {
                        0.5
                    } else {
                        continue;
                    };
                    if let Some(t) = &other.temporal {
                        // "130 hostages remain in Gaza since Hamas’s October 7 massacre, which saw
                        // terrorists kill some 1,200": the date starts a period for the figures
                        // before it and dates the event of the figures after it.
                        let starts_period =
                            words_before(text, other.figure.start, 24).take(3).any(|w| {
                                matches!(
                                    w.to_ascii_lowercase().as_str(),
                                    "since" | "from" | "until"
                                )
                            });
                        if starts_period && c.figure.start < other.figure.start {
                            continue;
                        }

                        if let (Some(month), Some(day)) = (t.month, t.day) {
                            days.push((Day { month, day }, weight));
                        }
                    } else if other.is_checkable() && weight == 1.0 {
                        figures.push(other.value);
                    }
                }
                // The figure's clause, and the clause before it (whose occasion, place and time
                // a flag asks the source for too).
                let u = clauses
                    .partition_point(|(_, s)| s.end <= c.figure.start)
                    .min(clauses.len().saturating_sub(1));
                let prior = u.checked_sub(1);
                let frame = read
                    .get(u)
                    .map_or_else(|| no_words.clone(), |r| r.frame.clone());
                let before = match prior.and_then(|p| read.get(p)) {
                    Some(r) => r.frame.clone(),
                    None => no_words.clone(),
                };
                let occasions = read
                    .get(u)
                    .map_or_else(|| no_words.clone(), |r| r.occasions.clone());
                let context = Context::new(sentence, previous_words, days, figures)
                    .with_frame(frame, before, setting.clone())
                    .with_occasions(occasions);
                let change = is_change(text, c.figure.start);
                // "The proposal includes the release of eight hostages in return for a
                // ceasefire of 40 to 70 days": a figure after a proposed one in its clause is
                // part of the same proposal.
                let own = is_proposed(text, c.sentence, c.figure);
                let mut f = Features::new(
                    c,
                    context,
                    change,
                    own || proposal_clause == Some(u),
                    interner,
                );
                f.term_of_proposal = !own && !f.modal && f.proposed;
                if f.proposed {
                    proposal_clause = Some(u);
                    let clause = clauses.get(u).map_or(c.sentence, |(_, s)| *s);
                    f.proposer = proposer(text, clause, c.figure.start);
                }
                if let Some(r) = read.get(u).filter(|_| published.is_none()) {
                    let before = prior.and_then(|p| read.get(p));
                    let mut identity: Vec<Word> = r
                        .names
                        .iter()
                        .chain(before.map_or(&[][..], |b| &b.names[..]))
                        .chain(setting.iter())
                        .copied()
                        .collect();
                    identity.sort_unstable();
                    identity.dedup();
                    f.draft = Some(Arc::new(DraftFrame {
                        words: r.frame_text.clone(),
                        identity,
                        pinned: place_after(text, c.phrase.end.max(c.figure.end)),
                    }));
                }
                Ok(f)
            })
            .collect()
    }

    fn new(
        c: &Claim,
        context: Context,
        change: bool,
        proposed: bool,
        interner: &mut Interner,
    ) -> Features {
        // A counted thing that names an occasion is compared by the occasion's one name: "15
        // months of fighting" and "15 months of war".
        let mut subject = c.subject.as_ref().map(|s| {
            lexicon::occasion(&s.concept).map_or_else(|| s.concept.clone(), str::to_string)
        });
        let mut modifiers: Vec<String> = c
            .subject
            .as_ref()
            .map(|s| s.modifiers.clone())
            .unwrap_or_default();
        let mut predicate = c.predicate.as_ref().map(|p| p.concept.clone());
        let negated = c.predicate.as_ref().is_some_and(|p| p.negated);
        if subject.as_deref() == Some("body") {
            subject = Some("hostage".into());
            modifiers.push("dead".into());
        }
        // Deaths are people killed: "1,684 of the deaths", "another 980 in Taroudant".
        if subject.as_deref() == Some("death") && predicate.as_deref().is_none_or(|p| p == "killed")
        {
            subject = Some("person".into());
            predicate = Some("killed".into());
        }
        // States are qualifiers: "eight of them dead", "24 believed to be still alive",
        // "34 of the hostages are no longer alive".
        let mut state_negated = false;
        match predicate.as_deref() {
            Some("dead") => {
                modifiers.push("dead".into());
                predicate = None;
            }
            Some("alive") => {
                modifiers.push(if negated { "dead" } else { "alive" }.into());
                predicate = None;
                state_negated = negated;
            }
            // "1,220 in critical condition", "1,404 of them critically": the gravely wounded.
            Some("critical") => {
                modifiers.push("critical".into());
                predicate = Some("wounded".into());
            }
            _ => {}
        }
        // "over 48,000 dead", "2,100 people confirmed dead": the dead of no other kind are
        // people killed (dead hostages stay hostages, qualified as dead).
        let people = subject.as_deref().is_none_or(|s| s == "person");
        if people && predicate.is_none() && modifiers.iter().any(|m| m == "dead") {
            modifiers.retain(|m| m != "dead");
            subject = Some("person".into());
            predicate = Some("killed".into());
        }
        // A length is not released, killed or taken: "halting the offensive for six weeks in
        // exchange for freeing 40" says nothing of the six weeks but how long. ("held for 16
        // months" is how long a captivity lasted.)
        let length = c
            .unit
            .as_ref()
            .is_some_and(|u| u.dimension == Dimension::Duration);
        if length
            && matches!(
                predicate.as_deref(),
                Some("released" | "killed" | "taken" | "wounded" | "displaced")
            )
        {
            predicate = None;
        }
        // What is killed, wounded or displaced without a name is people: "the number of
        // injured 2,421", "the quake killed 1,452 in Al Haouz".
        if subject.is_none()
            && matches!(
                predicate.as_deref(),
                Some("killed" | "wounded" | "displaced")
            )
        {
            subject = Some("person".into());
        }
        // People taken are hostages: "abduct another 253" counts what "took 251 people
        // hostage" counts.
        if predicate.as_deref() == Some("taken") && subject.as_deref() == Some("person") {
            subject = Some("hostage".into());
        }
        // A death toll counts people killed.
        let toll = c.predicate.as_ref().is_some_and(|p| {
            matches!(
                p.text.to_ascii_lowercase().as_str(),
                "toll" | "death" | "deaths"
            )
        });
        if subject.is_none() && toll {
            subject = Some("person".into());
        }
        if change {
            modifiers.push("change".into());
        }
        // An earthquake has one magnitude: the dimension names the quantity, and the words
        // around it ("the 6.8-magnitude quake struck late") are no counted thing.
        if c.unit
            .as_ref()
            .is_some_and(|u| u.dimension == Dimension::Magnitude)
        {
            subject = None;
            predicate = None;
            modifiers.clear();
        }
        modifiers.sort();
        modifiers.dedup();
        let modifiers: Vec<Sym> = modifiers.iter().map(|m| interner.sym(m)).collect();
        let modifiers = interner.list(modifiers);
        let subject = subject.map(|s| interner.sym(&s));
        let predicate = predicate.map(|p| interner.sym(&p));

        let (class, interval) = match (c.kind, &c.unit) {
            (ClaimKind::Fraction, _) => (Class::Share, c.interval.scale(100.0)),
            (ClaimKind::Percent, _) => (Class::Share, c.interval),
            (ClaimKind::Money, Some(u)) => (
                Class::Money(interner.sym(&u.name)),
                c.interval.scale(u.to_base),
            ),
            (ClaimKind::Measure, Some(u)) => (
                Class::Measure(u.dimension),
                Interval {
                    low: u.to_base(c.interval.low),
                    high: u.to_base(c.interval.high),
                },
            ),
            (ClaimKind::Multiplier, _) => (Class::Multiplier, c.interval),
            _ => (Class::Count, c.interval),
        };
        let modal = c.predicate.as_ref().is_some_and(|p| p.modal);
        Features {
            class,
            subject,
            modifiers,
            predicate,
            modal,
            proposed: modal || proposed,
            proposer: None,
            term_of_proposal: false,
            negated: negated && !state_negated,
            agent: c.predicate.as_ref().is_some_and(|p| p.agent),
            interval,
            hedge: c.hedge,
            vague: c.hedge == Hedge::Vague,
            // ("since" is a function word, never among the context's words.)
            cumulative: ["far", "total", "overall", "altogether"]
                .iter()
                .any(|w| context.in_sentence(w)),
            context,
            draft: None,
        }
    }

    /// True when a corpus claim's values are consistent with this draft claim. A draft's
    /// "more than" is read as the bound it states: "more than 40,000" is consistent with
    /// 48,000.
    ///
    /// Only "more than" is read so: "as many as 900" and "up to 900" state a figure, not a
    /// bound, and do not agree with "as many as 800".
    pub fn agrees_with(&self, c: &Features) -> bool {
        self.interval.overlaps(&c.interval)
    }

    /// True when the two figures give the same value, give or take 2% ("almost 2,000" and
    /// "nearly 2,000", "some 130" and 129), not merely values that can both hold: 1,644 is
    /// within "more than 1,500" without being that figure. A source that does not state the
    /// draft's whole frame supports only such a figure.
    ///
    /// A range names each of its values ("700 to 800"), and a draft's lower bound names a
    /// value just past it ("more than 240" of 251, within 10%), a source's bound never names a
    /// value of the draft's past it: the source does not say 1,644.
    pub fn names_value_of(&self, c: &Features) -> bool {
        if self.hedge == Hedge::Range || c.hedge == Hedge::Range {
            return self.agrees_with(c);
        }
        let (a, b) = (self.nominal(), c.nominal());
        if self.hedge == Hedge::MoreThan && c.hedge != Hedge::MoreThan {
            return b >= a && b <= 1.1 * a;
        }
        (a - b).abs() <= 0.02 * a.abs().max(b.abs())
    }

    /// The value a figure names: the bound of "more than 600" or "nearly 2,000", the middle of
    /// "about 59".
    fn nominal(&self) -> f64 {
        match self.hedge {
            Hedge::MoreThan => self.interval.low,
            Hedge::FewerThan | Hedge::Nearly => self.interval.high,
            _ => (self.interval.low + self.interval.high) / 2.0,
        }
    }

    /// True when the two figures disagree in value but both can hold: one is a lower bound
    /// ("more than 1,500", "at least 25") that the other's larger value meets, within twice the
    /// bound. "More than 32,000 killed" is true of 48,000 without being that figure, and 1,864
    /// killed does not contradict "more than 1,500": such a pair neither supports nor
    /// contradicts. Past twice the bound a writer would have given a higher one: "more than
    /// 600" is no way of saying 3,000.
    pub fn compatible_with(&self, c: &Features) -> bool {
        let meets = |bound: &Features, other: &Features| {
            bound.hedge == Hedge::MoreThan
                && other.interval.low >= bound.interval.low
                && other.interval.low <= 2.0 * bound.interval.low
        };
        !self.agrees_with(c) && (meets(self, c) || meets(c, self))
    }

    /// True when qualifiers show the two claims count different things.
    pub fn conflicting_qualifiers(&self, other: &Features) -> bool {
        let has = |f: &Features, m: &str| f.modifiers.iter().any(|x| &**x == m);
        CONFLICTS
            .iter()
            .any(|(a, b)| has(self, a) && has(other, b) || has(self, b) && has(other, a))
            || PARTS.iter().any(|p| has(self, p) != has(other, p))
    }
}

/// True when the figure at byte `at` is the size of a change: "rose by 100", "fell by a
/// third", "increased by 5%".
fn is_change(text: &str, at: usize) -> bool {
    let mut words = words_before(text, at, 40).map(str::to_ascii_lowercase);
    let by = words.next().is_some_and(|w| w == "by");
    by && words.next().is_some_and(|w| lexicon::is_level_change(&w))
}

/// The words of the `bytes` bytes of `text` before byte `at`, nearest first.
fn words_before(text: &str, at: usize, bytes: usize) -> impl Iterator<Item = &str> {
    text[floor_char_boundary(text, at.saturating_sub(bytes))..at]
        .split_whitespace()
        .rev()
}

/// The place written right after a figure's phrase: "764 in Taroudant", "1,452 in Al Haouz
/// province", "killed 22 in Gaza City" — the capitalized words after "in", "at" or "near"
/// (and "the"), as frame words.
pub(crate) fn place_after(text: &str, at: usize) -> Vec<Word> {
    let mut words = text[at..].split_whitespace();
    if !matches!(words.next(), Some("in" | "at" | "near")) {
        return Vec::new();
    }
    // As a sentence's words are read: "Al-Haouz" is "Al" and "Haouz", and words of fewer
    // than three letters are no words of it.
    words
        .skip_while(|w| *w == "the")
        .take(3)
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .flat_map(|w| w.split('-'))
        .filter(|w| w.chars().count() >= 3)
        .map(|w| Word::of(&lemma(&w.to_lowercase())))
        .collect()
}

/// How many words before and after a figure [`is_proposed`] reads.
const PROPOSAL_REACH: (usize, usize) = (12, 4);

/// True when the words near the figure at `figure` (within its sentence and clause) make it a
/// term under negotiation (`lexicon::PROPOSAL_WORDS`): "talks on halting the offensive for six
/// weeks", "the six-week proposal".
fn is_proposed(text: &str, sentence: Span, figure: Span) -> bool {
    let (start, end) = (
        sentence.start.min(figure.start),
        sentence.end.max(figure.end),
    );
    let before = text[start..figure.start].rsplit(';').next().unwrap_or("");
    let after = text[figure.end..end].split(';').next().unwrap_or("");
    let near = before
        .split_whitespace()
        .rev()
        .take(PROPOSAL_REACH.0)
        .chain(after.split_whitespace().take(PROPOSAL_REACH.1));
    near.map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .any(|w| {
            lexicon::PROPOSAL_WORDS
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
        })
}

/// The name nearest before byte `at` in `clause`, up to twelve words back: a capitalized word
/// that is no function word, month or weekday ("If Hamas agrees": "Hamas").
fn proposer(text: &str, clause: Span, at: usize) -> Option<Word> {
    let before: Vec<&str> = text[clause.start.min(at)..at].split_whitespace().collect();
    let from = before.len().saturating_sub(12);
    before[from..].iter().rev().find_map(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let low = w.to_lowercase();
        let name = w.chars().next().is_some_and(char::is_uppercase)
            && w.len() > 1
            && !lexicon::is_function_word(&low)
            && lexicon::month(&low).is_none()
            && lexicon::weekday(&low).is_none()
            && !matches!(low.as_str(), "if" | "unless");
        name.then(|| Word::of(&lemma(&low)))
    })
}

fn o_in(claim: &Claim, sentence: crate::span::Span) -> bool {
    sentence.contains(claim.figure)
}

/// A sentence as matching reads it: its content words, and its frame.
struct Sentence {
    /// Content words, lemmatised, occasions by their one name ("swap" → "exchange"), and
    /// years as `#y2014`.
    words: Arc<[Word]>,
    /// The words that state which quantity a figure of this sentence is, besides what it
    /// counts: names (capitalized words past the first, outside the attribution but for a
    /// source's possessive place: "Lebanon's health minister said"), occasions
    /// (`lexicon::occasion`) and the ordinal before one ("the *sixth* exchange"), weekdays,
    /// months and years of time ("in 2014", "the 2014 war").
    frame: Arc<[Word]>,
    /// The frame's words as text, and the name that opens the sentence (which the frame
    /// leaves out, not telling it from any capitalized first word): the document's setting is
    /// made of both.
    frame_lemmas: Vec<String>,
    /// The occasions the sentence names (`lexicon::occasion`) and the years of its events,
    /// outside its attribution: what tells one event from another.
    occasions: Arc<[Word]>,
    /// The frame's names and occasions, without its times.
    names: Vec<Word>,
    /// The frame's words with their text as a reader knows it ("Saturday", "October 7",
    /// "2008"), for drafts only.
    frame_text: Arc<[FrameWord]>,
}

/// Which part of a quantity's identity a frame word states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The event, deal, stage or war ("exchange", "first", "4-day").
    Occasion,
    /// A place, party or other name ("Gaza", "Hamas").
    Name,
    /// A month or year.
    Time,
    /// A weekday or a day of a month.
    Day,
}

impl Slot {
    fn of(w: &str) -> Slot {
        let occasion = is_occasion_word(w)
            || crate::number::words::ordinal(w).is_some()
            || w.starts_with("#len");
        if occasion {
            Slot::Occasion
        } else if w.starts_with("#w") || w.starts_with("#d") {
            Slot::Day
        } else if w.starts_with('#') {
            Slot::Time
        } else {
            Slot::Name
        }
    }

    /// The slot in words, for the reasons evidence gives.
    pub fn label(self) -> &'static str {
        match self {
            Slot::Occasion => "occasion",
            Slot::Name => "names",
            Slot::Time | Slot::Day => "time",
        }
    }
}

/// One word of a draft claim's frame, for the reasons evidence gives.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameWord {
    pub word: Word,
    pub slot: Slot,
    /// As a reader writes it: "Saturday", "October 7", "2008".
    pub text: String,
    /// The length, in days, of an occasion ("the 42-day phase").
    pub length: Option<u32>,
    /// A day of a month ("October 7"), not a weekday.
    pub dated: bool,
}

/// A frame word as a reader writes it: `#y2008` → "2008", `#m10` → "October", `#w6` →
/// "Saturday", `#d10-7` → "October 7"; other words as they are.
fn readable(w: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
    };
    if let Some(y) = w.strip_prefix("#y") {
        return y.to_string();
    }
    if w == THEN {
        return "that time".to_string();
    }
    if let Some(d) = w.strip_prefix("#len") {
        return format!("{d}-day");
    }
    if let Some(m) = w.strip_prefix("#m").and_then(month) {
        return m.to_string();
    }
    if let Some(d) = w.strip_prefix("#w").and_then(|d| d.parse::<usize>().ok()) {
        return DAYS
            .get(d.wrapping_sub(1))
            .map_or_else(|| w.to_string(), |d| d.to_string());
    }
    if let Some((m, d)) = w.strip_prefix("#d").and_then(|md| md.split_once('-')) {
        return month(m).map_or_else(|| w.to_string(), |m| format!("{m} {d}"));
    }
    // Names were capitalized where they were read.
    let known = is_occasion_word(w) || crate::number::words::ordinal(w).is_some();
    let mut chars = w.chars();
    match chars.next() {
        Some(first) if !known => first.to_uppercase().chain(chars).collect(),
        _ => w.to_string(),
    }
}

/// Reads the sentence `span` of `text`; `attribution` (a span of `text`) is left out of the
/// frame. `draft`: the frame is also written out for the reasons evidence gives (a corpus
/// sentence's never is, and a large corpus has millions).
fn read_sentence(
    text: &str,
    span: Span,
    attribution: Option<Span>,
    draft: bool,
    opens_sentence: bool,
    work: &Work,
) -> Sentence {
    let sentence = span.slice(text);
    let t = Tokens::new(sentence);
    work.add(t.steps());
    let mut words = Vec::new();
    let mut frame = Vec::new();
    let mut occasions = Vec::new();
    let mut opening = None;
    // Names of several words ("Arnold White", "Gaza Strip") are also kept whole: what
    // identifies a quantity is the name, not a word of it ("White" of "the White House").
    let mut runs: Vec<(Vec<String>, String)> = Vec::new();
    let name_at = |k: usize| {
        t.is_word(k) && t.is_capitalized(k) && time_word(&t, k).is_none() && {
            let l = lemma(t.low(k));
            lexicon::occasion(&l).is_none() && is_name_word(&t, k, &l)
        }
    };
    let mut k = 0;
    while k < t.len() {
        if name_at(k) {
            let a = k;
            while k + 1 < t.len() && !possessive(t.raw(k)) && name_at(k + 1) {
                k += 1;
            }
            if k > a {
                let members: Vec<String> = (a..=k).map(|m| lemma(t.low(m))).collect();
                let phrase = members.join(" ");
                words.push(phrase.clone());
                runs.push((members, phrase));
            }
        }
        k += 1;
    }
    for i in 0..t.len() {
        let at = Span::new(
            span.start + t.tokens[i].span.start,
            span.start + t.tokens[i].span.end,
        );
        let in_attribution = attribution.is_some_and(|a| a.contains(at));
        if let Some(y) = year(&t, i) {
            words.push(format!("#y{y}"));
            if !in_attribution && year_of_time(&t, i) {
                frame.push(format!("#y{y}"));
                // The year of an event ("in 2014", "the 2014 war", "since 2004, when another
                // tremor killed 600") tells it from others; one that starts a period ("has
                // controlled Gaza since 2006") does not.
                // (Back over the rest of a date: "from the Oct. 7, 2023 attacks".)
                let date_part = |k: isize| {
                    let at = k.max(0) as usize;
                    t.is_punct(at, ',')
                        || t.is_punct(at, '.')
                        || t.kind(at) == Some(crate::token::TokenKind::Number)
                        || lexicon::month(t.low_at(k)).is_some()
                        || t.low_at(k) == "the"
                };
                let mut k = i as isize - 1;
                while k > i as isize - 6 && date_part(k) {
                    k -= 1;
                }
                let period = matches!(t.low_at(k), "since" | "from" | "until");
                let when = t.low_at(i as isize + 1) == "when"
                    || (t.is_punct(i + 1, ',') && t.low_at(i as isize + 2) == "when");
                if !period || when {
                    occasions.push(format!("#y{y}"));
                }
            }
            continue;
        }
        if !t.is_word(i) {
            continue;
        }
        let w = t.low(i);
        // "At that time Israel said 50 hostages were held": a past time the text pointed at
        // before, which no source states (the figure is neither outdated nor contradicted
        // by another time's count).
        if then_at(&t, i) {
            words.push(THEN.to_string());
            frame.push(THEN.to_string());
            continue;
        }
        if w.len() < 3 || lexicon::is_function_word(w) {
            continue;
        }
        let l = lemma(w);
        // "in exchange for 40 hostages" names no swap, and "67 attacks on hospitals" counts
        // attacks: neither is the occasion of the sentence's figures. "The magnitude 6.8
        // quake" is one.
        let idiom = l == "exchange"
            && t.low_at(i as isize - 1) == "in"
            && t.low_at(i as isize + 1) == "for";
        let counted = i > 0 && t.kind(i - 1) == Some(crate::token::TokenKind::Number) && l != w;
        let occasion = lexicon::occasion(&l).filter(|_| !idiom && !counted);
        let time = time_word(&t, i);
        let word = match (occasion, &time) {
            // "Israeli attacks", "strikes across Gaza": a series, not the one attack a source
            // names ("Hamas's October 7 attack").
            (Some(o), _) if l != w && w.ends_with('s') && !possessive(w) && o != "war" => {
                format!("{o}s")
            }
            (Some(o), _) => o.to_string(),
            (None, Some(time)) => time.clone(),
            (None, None) => l.clone(),
        };
        words.push(word.clone());
        // A day of a month: "October 7", "Oct. 7", "7 October".
        let day = time
            .as_deref()
            .and_then(|m| m.strip_prefix("#m"))
            .and_then(|m| Some((m, day_beside(&t, i)?)))
            .map(|(m, d)| format!("#d{m}-{d}"));
        if let Some(d) = &day {
            words.push(d.clone());
        }
        // Whose figure is no part of which quantity, but a source's place is: "Lebanon's
        // health minister said", "health officials in Gaza", "the Harris County sheriff".
        if in_attribution && !(is_name_word(&t, i, &l) && names_a_place(&t, i)) {
            continue;
        }
        frame.extend(day);
        if occasion.is_some() {
            // "the four-day ceasefire", "a 6-week truce": its length tells the occasion from
            // others of its kind.
            if let Some(days) = length_before(&t, i) {
                let len = format!("#len{days}");
                words.push(len.clone());
                frame.push(len);
            }
            // "since Hamas's October 7 massacre": an occasion that starts or ends the figure's
            // period is its time, not its occasion.
            let back = |k: isize| t.low_at(i as isize - k);
            let period = (1..=4).any(|k| matches!(back(k), "since" | "after" | "before" | "until"));
            if !period {
                occasions.push(word.clone());
                // "in that single strike": a particular event the text pointed at before,
                // never its document's background (see `Context::identifies`).
                let pointed = (1..=2).any(|k| {
                    matches!(
                        t.low_at(i as isize - k),
                        "that" | "this" | "single" | "same"
                    )
                });
                if pointed {
                    occasions.push(context::PARTICULAR.to_string());
                }
            }
            frame.push(word);
            // "the sixth exchange", "the first phase", "the initial stage".
            let prev = match t.low_at(i as isize - 1) {
                "initial" | "opening" => "first",
                w => w,
            };
            if crate::number::words::ordinal(prev).is_some() && prev.len() >= 3 {
                words.push(prev.to_string());
                frame.push(prev.to_string());
            }
        } else if time.is_some() || is_name(&t, i, &l, opens_sentence) {
            frame.push(word);
        } else if i == 0 && opens_sentence && is_name_word(&t, i, &l) {
            opening = Some(word);
        }
    }
    frame.sort();
    frame.dedup();
    let frame_words = context::words(frame.iter().cloned());
    // A month said with its day is said once ("October 7", not also "October").
    let dated_month = |w: &str| {
        w.strip_prefix("#m").is_some_and(|m| {
            frame.iter().any(|d| {
                d.strip_prefix("#d")
                    .is_some_and(|d| d.split('-').next() == Some(m))
            })
        })
    };
    let frame_text: Arc<[FrameWord]> = if draft {
        frame
            .iter()
            .filter(|w| !dated_month(w))
            .map(|w| FrameWord {
                word: Word::of(w),
                slot: Slot::of(w),
                text: readable(w),
                length: w.strip_prefix("#len").and_then(|d| d.parse().ok()),
                dated: w.starts_with("#d"),
            })
            .collect()
    } else {
        Arc::from([])
    };
    frame.extend(opening);
    let in_run = |w: &str| {
        runs.iter()
            .any(|(members, _)| members.iter().any(|m| m == w))
    };
    let names = frame
        .iter()
        .filter(|w| !w.starts_with('#') && !in_run(w))
        .map(|w| Word::of(w))
        .chain(
            runs.iter()
                .filter(|(members, _)| members.iter().any(|m| frame.contains(m)))
                .map(|(_, phrase)| Word::of(phrase)),
        )
        .collect();
    // A draft's setting is made of whole names (its identity must not be "White" of "Arnold
    // White"); a corpus document's keeps their words too, for drafts that write them alone
    // ("Gaza" of "the Gaza Strip").
    let whole: Vec<String> = runs
        .iter()
        .filter(|(members, _)| members.iter().any(|m| frame.contains(m)))
        .map(|(_, phrase)| phrase.clone())
        .collect();
    if draft {
        frame.retain(|w| !in_run(w));
    }
    frame.extend(whole);
    Sentence {
        words: context::words(words),
        names,
        frame: frame_words,
        occasions: context::words(occasions),
        frame_text,
        frame_lemmas: frame,
    }
}

/// The frame word of a time pointed at ("at that time", "by then").
const THEN: &str = "#then";

/// True when the word at `i` ends a phrase pointing at a past time: "at that time", "at the
/// time" (not "at the time of writing"), "at that point", "that morning", "that day", "by
/// then", "back then".
fn then_at(t: &Tokens, i: usize) -> bool {
    let back = |k: isize| t.low_at(i as isize - k);
    match t.low(i) {
        "time" | "point" => {
            back(2) == "at" && matches!(back(1), "that" | "the") && t.low_at(i as isize + 1) != "of"
        }
        // "handed seven captives over that morning", "freed on that day".
        "morning" | "afternoon" | "evening" | "night" | "day" | "week" | "weekend" => {
            back(1) == "that"
        }
        "then" => matches!(back(1), "by" | "back"),
        _ => false,
    }
}

/// The clauses of the sentence `s`: its parts between semicolons and colons that end a word
/// (not "10:30").
fn clauses_of(text: &str, s: Span) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = s.start;
    let mut at = s.start;
    std::iter::from_fn(move || {
        while at < s.end {
            let b = bytes[at];
            at += 1;
            let ends =
                (b == b';' || b == b':') && bytes.get(at).is_none_or(|n| n.is_ascii_whitespace());
            if ends && at - 1 > start {
                let clause = Span::new(start, at - 1);
                start = at;
                return Some(clause);
            }
        }
        (start < s.end).then(|| {
            let clause = Span::new(start, s.end);
            start = s.end;
            clause
        })
    })
}

/// The length in days written as a compound before the occasion at `i`: "four-day
/// ceasefire", "6-week truce", "six week pause".
fn length_before(t: &Tokens, i: usize) -> Option<u32> {
    let unit = t.low_at(i as isize - 1);
    let per = match unit {
        "day" | "days" => 1,
        "week" | "weeks" => 7,
        "month" | "months" => 30,
        "year" | "years" => 365,
        _ => return None,
    };
    let mut k = i as isize - 2;
    if t.low_at(k) == "-" {
        k -= 1;
    }
    let n = t.low_at(k);
    let value = n
        .parse::<u32>()
        .ok()
        .or_else(|| crate::number::words::small(n))?;
    Some(value.checked_mul(per)?).filter(|d| *d > 0)
}

/// A weekday or a month as one name whatever its spelling: `#w6` for "Saturday", `#m10` for
/// "October" and "Oct.". A month must be capitalized and stand by a day, a year or a time
/// preposition ("may" and "march" are words too).
fn time_word(t: &Tokens, i: usize) -> Option<String> {
    if !t.is_capitalized(i) {
        return None;
    }
    let w = t.low(i);
    if let Some(d) = lexicon::weekday(w) {
        return Some(format!("#w{d}"));
    }
    let m = lexicon::month(w)?;
    let number = |j: usize| t.kind(j) == Some(crate::token::TokenKind::Number);
    let dated = number(i + 1) || (t.is_punct(i + 1, '.') && number(i + 2));
    let full = w.len() > 3 && !matches!(w, "march" | "june" | "july");
    let prev = t.low_at(i as isize - 1);
    let after_time_word = time_preposition(prev)
        || matches!(prev, "early" | "late" | "mid" | "last" | "next" | "this");
    (dated || full || after_time_word).then(|| format!("#m{m}"))
}

/// The day of the month written beside the month name at `i`: "October 7", "Oct. 7",
/// "7 October".
fn day_beside(t: &Tokens, i: usize) -> Option<u32> {
    let day = |j: usize| {
        (t.kind(j) == Some(crate::token::TokenKind::Number))
            .then(|| t.raw(j).parse::<u32>().ok())
            .flatten()
            .filter(|d| (1..=31).contains(d))
    };
    let after = if t.is_punct(i + 1, '.') { i + 2 } else { i + 1 };
    day(after).or_else(|| i.checked_sub(1).and_then(day))
}

/// A capitalized word that is not the sentence's first, a demonym (what is counted, not where)
/// or a say-verb: a place, an event or an organisation named. The first word of a clause that
/// does not open its sentence ("...; Hamas freed") may be a name.
fn is_name(t: &Tokens, i: usize, lemma: &str, opens_sentence: bool) -> bool {
    let first = if i == 0 {
        opens_sentence
    } else {
        t.tokens[i].line_before
            || matches!(
                t.raw(i - 1),
                "." | "!" | "?" | ":" | "\"" | "“" | "(" | "—" | "•" | "'" | "‘"
            )
    };
    !first && is_name_word(t, i, lemma)
}

/// True when the name at `i`, inside an attribution, is where the source is, not who: a
/// possessive ("Lebanon's health minister"), after "in", "of" or "from" ("officials in
/// Gaza"), or before a common noun ("the Gaza health ministry", "the Harris County sheriff").
/// A name before a say-verb or at the end is the speaker ("Abiad counted", "said Ravid").
fn names_a_place(t: &Tokens, i: usize) -> bool {
    let possessive = t.raw(i).ends_with("’s") || t.raw(i).ends_with("'s");
    let mut next = i + 1;
    while next < t.len() && t.is_word(next) && t.is_capitalized(next) {
        next += 1;
    }
    let before_noun = next < t.len()
        && t.is_word(next)
        && !t.is_capitalized(next)
        && !lexicon::is_say_verb(t.low(next))
        && !lexicon::is_function_word(t.low(next));
    possessive || matches!(t.low_at(i as isize - 1), "in" | "of" | "from") || before_noun
}

/// True when a token is written as a possessive ("Israel's", "Hamas’s").
fn possessive(raw: &str) -> bool {
    raw.ends_with("'s") || raw.ends_with("’s")
}

/// A capitalized word that may be a name wherever it stands.
fn is_name_word(t: &Tokens, i: usize, lemma: &str) -> bool {
    t.is_capitalized(i)
        && lexicon::qualifier(lemma).is_none()
        && !lexicon::is_say_verb(t.low(i))
        && !lexicon::is_modal(t.low(i))
}

/// A four-digit number from 1900 to 2100 standing alone: a year, or a count that looks like
/// one ("2000 prisoners"), which [`year_of_time`] tells apart.
fn year(t: &Tokens, i: usize) -> Option<u32> {
    let raw = t.raw(i);
    if t.kind(i) != Some(crate::token::TokenKind::Number) || raw.len() != 4 {
        return None;
    }
    raw.parse().ok().filter(|y| (1900..=2100).contains(y))
}

/// Words before a date or a year that make it the figure's time: "in 2014", "since January".
fn time_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "since" | "during" | "of" | "by" | "until" | "before" | "after" | "from" | "through"
    )
}

/// True when `w` is an occasion's name (`lexicon::occasion`), or a series of them ("strikes").
fn is_occasion_word(w: &str) -> bool {
    lexicon::occasion(w).is_some()
        || w.strip_suffix('s')
            .is_some_and(|o| lexicon::occasion(o).is_some())
}

/// True when the year at `i` says when: "in 2014", "since 2007", "the 2014 war", "the 2008
/// Gaza war".
fn year_of_time(t: &Tokens, i: usize) -> bool {
    let time_word = |k: isize| time_preposition(t.low_at(k));
    let prev = i as isize - 1;
    let occasion_follows =
        (1..=3).any(|k| lexicon::occasion(&lemma(t.low_at(i as isize + k))).is_some());
    // "27 December 2008", "October 7, 2023": the year of a date.
    let month = |k: isize| lexicon::month(t.low_at(k)).is_some();
    let of_date = month(prev)
        || (t.kind((prev) as usize) == Some(crate::token::TokenKind::Number) && month(prev - 1))
        || (t.is_punct(prev as usize, ',')
            && t.kind((prev - 1) as usize) == Some(crate::token::TokenKind::Number)
            && month(prev - 2));
    // "in early 2024", "by late 2023".
    let part = matches!(t.low_at(prev), "early" | "late" | "mid") && time_word(prev - 1);
    time_word(prev)
        || (t.low_at(prev) == "the" && time_word(prev - 1))
        || part
        || occasion_follows
        || of_date
}

/// A document's setting: the names it mentions anywhere (a place named once sets the scene
/// of what the document says of it: "the corridor" several paragraphs later), the occasions
/// and ordinals it states at least twice or in its first line (the title), and the year and
/// month it was published. Its claims speak of that place, occasion, year and month unless
/// they name others. Days and weekdays are no setting: a figure's day is its own. A draft (no
/// `published`) has names and occasions only.
fn setting(read: &[Sentence], first_line: usize, published: Option<Date>) -> Arc<[Word]> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (k, r) in read.iter().enumerate() {
        for w in &r.frame_lemmas {
            *counts.entry(w.as_str()).or_insert(0) += if k < first_line { 2 } else { 1 };
        }
    }
    let mut words: Vec<String> = counts
        .into_iter()
        .filter(|&(w, n)| {
            let time = w.starts_with('#');
            let occasion = is_occasion_word(w) || crate::number::words::ordinal(w).is_some();
            !time && (n >= 2 || !occasion)
        })
        .map(|(w, _)| w.to_string())
        .collect();
    // Its figures hold in the year and month it was published. Not on its day or the day
    // before, nor their weekdays: a figure "on Sunday" is an event's, and a document's
    // figures of other days ("Hamas released 33 hostages" in the phase that ended weeks
    // before) would meet it.
    let Some(d) = published else {
        return context::words(words);
    };
    words.push(format!("#y{}", d.year));
    words.push(format!("#m{}", d.month));
    context::words(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_length_is_not_what_is_released() {
        let text =
            "Talks on halting the offensive for six weeks in exchange for freeing 40 hostages.";
        let claims = crate::extract(text);
        let six = claims
            .iter()
            .position(|c| c.figure.slice(text) == "six")
            .expect("six");
        assert_eq!(
            claims[six].predicate.as_ref().map(|p| p.concept.as_str()),
            Some("released"),
            "the extraction reads the verb after"
        );
        assert_eq!(Features::of_text(text, &claims)[six].predicate, None);
    }

    #[test]
    fn clauses_end_at_semicolons_and_colons_that_end_a_word() {
        let text = "Talks resume at 10:30; Hamas holds 59: 24 alive";
        let parts: Vec<&str> = clauses_of(text, Span::new(0, text.len()))
            .map(|c| c.slice(text))
            .collect();
        assert_eq!(
            parts,
            ["Talks resume at 10:30", " Hamas holds 59", " 24 alive"]
        );
    }

    #[test]
    fn a_date_after_multibyte_text_reads_its_context_on_char_boundaries() {
        // Found by the `check` fuzz target: the 24 bytes before "1960" started inside a "€".
        let text = "€€€€€€€€€ 33 hostages 1960";
        let claims = crate::extract(text);
        assert!(claims
            .iter()
            .any(|c| c.temporal.is_some() && c.figure.slice(text) == "1960"));
        assert_eq!(Features::of_text(text, &claims).len(), claims.len());
        assert_eq!(floor_char_boundary(text, 1), 0);
    }
}
