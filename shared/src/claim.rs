//! The numeric claim: what extraction produces and checking consumes.

use crate::hedge::{Hedge, Interval};
use crate::span::Span;
use crate::temporal::Temporal;
use crate::unit::Unit;
use serde::{Deserialize, Serialize};

/// What sort of figure a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A number of things: "33 hostages", "dozens of hostages".
    Count,
    /// An amount in a physical unit: "about 100 meters", "a 42-day extension".
    Measure,
    /// A share: "90%", "more than 90 percent".
    Percent,
    /// An amount of money: "$5 million".
    Money,
    /// A fraction of something: "about half of the population".
    Fraction,
    /// A multiple: "twice as many prisoners", "doubling the number".
    Multiplier,
    /// A position in a sequence: "the first phase". Not checked.
    Ordinal,
    /// A date or time: "Oct. 7, 2023", "last month". Not checked; anchors other claims.
    Temporal,
}

impl ClaimKind {
    /// True for kinds that state a quantity a source can confirm or contradict.
    pub fn is_checkable(self) -> bool {
        !matches!(self, ClaimKind::Ordinal | ClaimKind::Temporal)
    }
}

/// The thing a figure counts or measures: "Palestinian prisoners", "extension".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Subject {
    /// The noun phrase as written (for an inferred subject, as written where it was found).
    pub text: String,
    /// The lemma of the head noun: "prisoner".
    pub head: String,
    /// The head through the synonym lexicon: "captive" and "hostage" are both "hostage".
    pub concept: String,
    /// Lemmas of the other words, canonical where the lexicon knows them: "palestinian",
    /// "alive", "dead", "security".
    pub modifiers: Vec<String>,
    /// The subject was not written next to the figure but taken from an earlier mention
    /// ("the bodies of eight *more*", "eight *of them*", "in return for *the 40*").
    pub inferred: bool,
}

/// What is said of the quantity: "released", "killed", "held".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Predicate {
    /// The word as written: "freed".
    pub text: String,
    pub span: Span,
    /// The canonical predicate: "freed", "handed over" and "returned" are all "released".
    pub concept: String,
    /// Negated in the text: "are *no longer* alive", "did *not* release".
    pub negated: bool,
    /// Proposed, sought or hoped for rather than done: "*seeking* a 42-day extension",
    /// "*willing to* release as many as 800".
    pub modal: bool,
    /// The counted things do the act rather than undergo it: "5,000 terrorists *killed*".
    pub agent: bool,
}

/// Who a sentence's figures are attributed to: "according to Palestinian health officials".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Attribution {
    pub text: String,
    pub span: Span,
}

/// One numeric expression in a text, understood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The figure as written, without hedge words: "600" in "more than 600", "42-day",
    /// "90%", "twenty-five", "700 to 800". Byte offsets into the text.
    pub figure: Span,
    /// The whole claim phrase: hedge, figure, unit and counted thing ("more than 600
    /// Palestinian prisoners").
    pub phrase: Span,
    /// The sentence the claim is in.
    pub sentence: Span,
    /// The value of the figure in its own unit (90 for "90%"; the lower end of a range or
    /// vague amount; for temporal claims the day or year written, or 0).
    pub value: f64,
    /// The values consistent with the claim, hedge and rounding included (see [`crate::hedge`]).
    pub interval: Interval,
    pub hedge: Hedge,
    /// Written in words ("thirty-three") rather than digits.
    pub spelled: bool,
    pub unit: Option<Unit>,
    pub subject: Option<Subject>,
    pub predicate: Option<Predicate>,
    pub attribution: Option<Attribution>,
    /// For [`ClaimKind::Temporal`]: what the date or time says.
    pub temporal: Option<Temporal>,
}

impl Claim {
    pub fn is_checkable(&self) -> bool {
        self.kind.is_checkable()
    }
}
