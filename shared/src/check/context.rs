//! The words around a claim, in the compact form matching compares.
//!
//! A claim's context is the content words of its sentence (weight 1) and of the sentence
//! before (weight 0.5), the days its sentence names (`@10-7`, weight 1 in its own sentence,
//! 0.5 in the one before) and the other figures of its sentence (weight 1).
//!
//! Words are kept as 64-bit hashes in sorted arrays, and the arrays of a sentence are shared
//! (`Arc`) by every claim in it and in the sentence after: a corpus of 100,000 articles has
//! millions of claims, and a map of strings per claim would not fit in memory.

use crate::corpus::Fnv;
use std::sync::Arc;

/// A word as matching compares it: a 64-bit FNV-1a hash of its lemma ([`crate::corpus::Fnv`]). Two different words
/// of a corpus sharing a hash is a chance of about one in 10^9 for a corpus of a million
/// distinct words; it would only add one point of context in common.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Word(u64);

impl Word {
    pub fn of(lemma: &str) -> Word {
        let mut h = Fnv::new();
        h.write(lemma.as_bytes());
        Word(h.finish())
    }
}

/// Among a sentence's occasions: the sentence points at a particular event ("in that single
/// strike"), so none of its occasions is its document's background.
pub const PARTICULAR: &str = "#particular";

/// A day of the year a sentence names ("October 7"): month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub month: u8,
    pub day: u8,
}

/// The context of one claim.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Words of the claim's sentence, sorted and unique.
    sentence: Arc<[Word]>,
    /// Words of the sentence before, sorted and unique (may repeat words of `sentence`).
    previous: Arc<[Word]>,
    /// Days named, sorted and unique, with their weight.
    days: Box<[(Day, f32)]>,
    /// The other figures of the sentence (`f64::to_bits` of their values), sorted and unique.
    figures: Box<[u64]>,
    /// What the claim's sentence says of the quantity's identity besides what it counts: the
    /// names, occasions, times and ordinals it states (`features::frame_words`), sorted.
    frame: Arc<[Word]>,
    /// The frame of the sentence before.
    frame_before: Arc<[Word]>,
    /// Its document's setting: the names and occasions the document keeps coming back to, and
    /// for a corpus document its year, which its claims state without naming them.
    setting: Arc<[Word]>,
    /// The occasions the claim's sentence names ("strike", "exchange", "war") and the years of
    /// its events ("since 2004, when another tremor killed over 600").
    occasions: Arc<[Word]>,
}

/// The words of a sentence in the form [`Context`] shares.
pub fn words(lemmas: impl IntoIterator<Item = String>) -> Arc<[Word]> {
    let mut w: Vec<Word> = lemmas.into_iter().map(|l| Word::of(&l)).collect();
    w.sort_unstable();
    w.dedup();
    w.into()
}

impl Context {
    /// A context from its parts; `days` and `figures` in any order, with repeats (a day named
    /// twice keeps its larger weight).
    pub fn new(
        sentence: Arc<[Word]>,
        previous: Arc<[Word]>,
        mut days: Vec<(Day, f32)>,
        mut figures: Vec<f64>,
    ) -> Context {
        days.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        days.dedup_by_key(|d| d.0);
        figures.sort_by(f64::total_cmp);
        let mut figures: Vec<u64> = figures.into_iter().map(f64::to_bits).collect();
        figures.dedup();
        Context {
            sentence,
            previous,
            days: days.into(),
            figures: figures.into(),
            frame: Arc::new([]),
            frame_before: Arc::new([]),
            setting: Arc::new([]),
            occasions: Arc::new([]),
        }
    }

    /// The weight of a word: 1 in the claim's sentence, 0.5 in the one before.
    fn word_weight(&self, w: Word) -> Option<f32> {
        if self.sentence.binary_search(&w).is_ok() {
            Some(1.0)
        } else if self.previous.binary_search(&w).is_ok() {
            Some(0.5)
        } else {
            None
        }
    }

    /// Gives the claim its frame (the identity words of its sentence), the frame of the
    /// sentence before, and its document's setting, all sorted and unique.
    pub fn with_frame(
        mut self,
        frame: Arc<[Word]>,
        before: Arc<[Word]>,
        setting: Arc<[Word]>,
    ) -> Context {
        self.frame = frame;
        self.frame_before = before;
        self.setting = setting;
        self
    }

    /// Gives the claim the occasions its sentence names, sorted and unique.
    pub fn with_occasions(mut self, occasions: Arc<[Word]>) -> Context {
        self.occasions = occasions;
        self
    }

    /// True when `other` is identified as speaking of this claim's quantity, beyond not
    /// naming anything else: some word of `identity` (the names and occasions of this claim's
    /// sentence, the one before and its document's setting; no times, which any document's
    /// date would meet) is stated by `other`, and when `other`'s sentence names occasions or
    /// years besides its document's setting, this claim states one of them. "At least 25 killed in
    /// that single strike" says nothing of "three more weather deaths", which names nothing.
    pub fn identifies(&self, other: &Context, identity: &[Word]) -> bool {
        let named = identity.iter().any(|w| other.states(*w));
        // The occasion its document keeps coming back to is the default a draft on the same
        // story leaves unsaid ("the death toll" of a war); one it names in passing is not.
        let particular = Word::of(PARTICULAR);
        let pointed = other.particular();
        let mut specific = other
            .occasions
            .iter()
            .filter(|w| **w != particular)
            .filter(|w| pointed || other.setting.binary_search(w).is_err())
            .peekable();
        let occasion = specific.peek().is_none() || specific.any(|w| self.states(*w));
        named && occasion
    }

    /// True when `w` is among the occasions or event years the claim's sentence names (not
    /// one that starts its period: "since 2006").
    pub fn names_occasion(&self, w: Word) -> bool {
        self.occasions.contains(&w)
    }

    /// True when the claim's sentence points at a particular event ("in that single
    /// strike"; see [`PARTICULAR`]).
    pub fn particular(&self) -> bool {
        self.occasions.binary_search(&Word::of(PARTICULAR)).is_ok()
    }

    /// True when the claim states `w`: in its sentence, the one before, or its document's
    /// setting.
    pub fn states(&self, w: Word) -> bool {
        self.word_weight(w).is_some() || self.setting.binary_search(&w).is_ok()
    }

    /// The identity words of this claim's sentence that `other` does not state: empty when
    /// `other` may speak of the same occasion, place and time.
    pub fn unmatched_frame<'a>(&'a self, other: &'a Context) -> impl Iterator<Item = Word> + 'a {
        self.frame.iter().copied().filter(|w| !other.states(*w))
    }

    /// True when `other` also states the identity words of the sentence before this claim's:
    /// the occasion a paragraph opens with ("the sixth swap, on Saturday") holds for the
    /// figures after it. A flag needs this much; support needs only the claim's own sentence.
    pub fn matches_frame_before(&self, other: &Context) -> bool {
        self.frame_before.iter().all(|w| other.states(*w))
    }

    /// True when the claim's sentence or the one before states `w` (its document's setting
    /// aside).
    pub fn states_beside(&self, w: Word) -> bool {
        self.word_weight(w).is_some()
    }

    /// True when the word (a lemma) is in the claim's sentence or the one before.
    pub fn has_word(&self, lemma: &str) -> bool {
        self.word_weight(Word::of(lemma)).is_some()
    }

    /// True when the word (a lemma) is in the claim's own sentence.
    pub fn in_sentence(&self, lemma: &str) -> bool {
        self.sentence.binary_search(&Word::of(lemma)).is_ok()
    }

    fn day_weight(&self, d: Day) -> Option<f32> {
        self.days
            .binary_search_by(|x| x.0.cmp(&d))
            .ok()
            .map(|i| self.days[i].1)
    }

    /// The claim's own sentence names a day ("the October 7 attack"): its figure belongs to
    /// an event, not to a running total.
    pub fn anchored(&self) -> bool {
        self.days.iter().any(|(_, w)| *w >= 1.0)
    }

    /// Some day is named around both claims.
    pub fn shares_day(&self, other: &Context) -> bool {
        self.days
            .iter()
            .any(|(d, _)| other.day_weight(*d).is_some())
    }

    /// The weighted count of what two contexts share: each word, day and figure of `self`
    /// found in `other` counts the smaller of its two weights.
    pub fn overlap(&self, other: &Context) -> f64 {
        let mut sum = 0.0;
        for &w in self.sentence.iter() {
            if let Some(b) = other.word_weight(w) {
                sum += f64::from(b);
            }
        }
        for &w in self.previous.iter() {
            if self.sentence.binary_search(&w).is_ok() {
                continue;
            }
            if let Some(b) = other.word_weight(w) {
                sum += f64::from(b.min(0.5));
            }
        }
        for &(d, a) in self.days.iter() {
            if let Some(b) = other.day_weight(d) {
                sum += f64::from(a.min(b));
            }
        }
        for f in self.figures.iter() {
            if other.figures.binary_search(f).is_ok() {
                sum += 1.0;
            }
        }
        sum
    }

    /// The shared word arrays, each as (address, length), so that a caller can count each
    /// array once.
    pub fn shared_words(&self) -> [(usize, usize); 2] {
        [
            (self.sentence.as_ptr() as usize, self.sentence.len()),
            (self.previous.as_ptr() as usize, self.previous.len()),
        ]
    }

    /// Bytes held by this context alone (the shared word arrays not counted).
    pub fn own_bytes(&self) -> usize {
        self.days.len() * std::mem::size_of::<(Day, f32)>() + self.figures.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(sentence: &[&str], previous: &[&str], days: &[(u8, u8, f32)], figs: &[f64]) -> Context {
        let w = |ws: &[&str]| words(ws.iter().map(|s| s.to_string()));
        Context::new(
            w(sentence),
            w(previous),
            days.iter()
                .map(|&(month, day, weight)| (Day { month, day }, weight))
                .collect(),
            figs.to_vec(),
        )
    }

    #[test]
    fn overlap_counts_each_shared_item_at_the_smaller_weight() {
        let a = ctx(
            &["hostage", "release"],
            &["cairo", "hostage"],
            &[(10, 7, 1.0)],
            &[33.0],
        );
        let b = ctx(
            &["cairo"],
            &["release", "gaza"],
            &[(10, 7, 0.5)],
            &[33.0, 5.0],
        );
        // release: 1 vs 0.5 → 0.5; cairo: 0.5 vs 1 → 0.5; hostage is in a's sentence and not
        // in b; the day: 0.5; the figure 33: 1.
        assert_eq!(a.overlap(&b), 2.5);
        assert_eq!(b.overlap(&a), 2.5);
    }

    #[test]
    fn days_keep_their_largest_weight_and_anchor_only_in_the_sentence() {
        let a = ctx(&[], &[], &[(10, 7, 0.5), (10, 7, 1.0)], &[]);
        assert!(a.anchored());
        let b = ctx(&[], &[], &[(10, 7, 0.5)], &[]);
        assert!(!b.anchored());
        assert!(a.shares_day(&b) && b.shares_day(&a));
        assert!(!a.shares_day(&ctx(&[], &[], &[(1, 19, 1.0)], &[])));
    }

    #[test]
    fn words_are_found_in_the_sentence_or_the_one_before() {
        let a = ctx(&["far"], &["hostage"], &[], &[]);
        assert!(a.in_sentence("far") && !a.in_sentence("hostage"));
        assert!(a.has_word("hostage") && !a.has_word("prisoner"));
        assert_ne!(Word::of("hostage"), Word::of("hostages"));
    }
}
