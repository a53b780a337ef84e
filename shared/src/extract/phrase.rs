//! Reading the words around a figure: the counted thing (a noun phrase), what is said of it
//! (a predicate), and who says so (an attribution).
//!
//! There is no parser here, only a few rules that fit how news states figures; each rule names
//! the pattern it reads.

use crate::claim::{Attribution, Claim, ClaimKind, Predicate, Subject};
use crate::lexicon::{self, concept, lemma};
use crate::number::words;
use crate::token::{TokenKind, Tokens};

/// Why a figure's counted thing must be found elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elided {
    /// "eight *of them*", "30 *more*", "*another* 253", "24 believed to be alive": the nearest
    /// earlier figure in the sentence.
    Anaphor,
    /// "in return for *the 40*": an earlier figure of the same value.
    SameValue,
}

/// What [`read`] found around one figure.
#[derive(Debug, Default)]
pub struct Found {
    pub subject: Option<Subject>,
    pub predicate: Option<Predicate>,
    pub attribution: Option<Attribution>,
    /// The last token of the noun phrase, when there is one.
    pub np_last: Option<usize>,
    pub elided: Option<Elided>,
    /// Written as "the bodies of four hostages": the counted things are dead.
    pub remains_of: bool,
}

/// Reads the phrase around a figure whose claim phrase runs `first..=last` (hedge to unit),
/// the number starting at `fig`, within the sentence `sent` (first and last token). The
/// attribution, the same for the whole sentence, is read by [`attribution`].
pub fn read(
    t: &Tokens,
    kind: ClaimKind,
    first: usize,
    fig: usize,
    last: usize,
    sent: (usize, usize),
) -> Found {
    let mut found = Found::default();
    let (s_first, s_last) = sent;
    let after = last + 1;
    let w_after = t.low_at(after as isize);

    // The counted or measured thing.
    let np = match kind {
        ClaimKind::Count | ClaimKind::Fraction | ClaimKind::Percent | ClaimKind::Money => {
            if w_after == "of" {
                of_phrase(t, after + 1, s_last, &mut found)
            } else if lexicon::is_anaphoric(w_after) {
                found.elided = Some(Elided::Anaphor);
                found.np_last = Some(after);
                None
            } else if kind == ClaimKind::Count && matches!(w_after, "remaining" | "surviving") {
                // "around 60 remaining hostages": the noun after, still held.
                noun_phrase(t, after + 1, s_last)
            } else if kind == ClaimKind::Count {
                noun_phrase(t, after, s_last)
            } else {
                None
            }
        }
        ClaimKind::Multiplier => {
            // "twice as many Palestinian prisoners", "doubling the original number".
            let mut j = after;
            if w_after == "as" && matches!(t.low_at(j as isize + 1), "many" | "much") {
                j += 2;
            }
            while matches!(t.low_at(j as isize), "the" | "its" | "their" | "a") {
                j += 1;
            }
            noun_phrase(t, j, s_last)
        }
        ClaimKind::Measure => {
            if w_after == "of" {
                noun_phrase(t, after + 1, s_last)
            } else if t.tokens.get(after).is_some_and(|_| t.is_word(after))
                && is_compound(t, fig, last)
            {
                noun_phrase(t, after, s_last)
            } else if let Some(k) = halted_for(t, first, s_first) {
                // "halting the offensive for six weeks": a six-week halt.
                found.subject = Some(Subject {
                    text: t.raw(k).to_string(),
                    head: "halt".to_string(),
                    concept: concept("halt").to_string(),
                    modifiers: Vec::new(),
                    inferred: false,
                });
                None
            } else {
                // An apposition: "The corridor, about 100 meters wide".
                preceding_noun(t, first, s_first)
            }
        }
        ClaimKind::Ordinal | ClaimKind::Temporal => None,
    };
    if let Some((a, b)) = np {
        found.np_last = Some(found.np_last.map_or(b, |e| e.max(b)));
        found.subject = Some(subject(t, a, b));
    }
    // "another 253": the counted thing is named before.
    let before = t.low_at(first as isize - 1);
    if found.subject.is_none() && found.elided.is_none() && kind == ClaimKind::Count {
        // "another 253", "800 prisoners, including 100 convicted of murder".
        if matches!(before, "another" | "including") {
            found.elided = Some(Elided::Anaphor);
        } else if before == "the" {
            found.elided = Some(Elided::SameValue);
        } else if lexicon::is_subject_link(w_after) {
            found.elided = Some(Elided::Anaphor);
        } else if before == "and" && matches!(lexicon::predicate(w_after), Some("dead" | "alive")) {
            // "24 of them alive and 35 dead": the same things, in another state.
            found.elided = Some(Elided::Anaphor);
        }
    }
    // "50 prisoners for each hostage", "three hostages would be returned each week": a rate,
    // not a total.
    if is_rate(t, found.np_last.unwrap_or(last) + 1, s_last) {
        if let Some(s) = found.subject.as_mut() {
            s.modifiers.push("per".to_string());
        }
    }
    // "the bodies of four hostages", "the remains of eight more".
    if before == "of" && first >= 2 {
        found.remains_of = concept(&lemma(t.low(first - 2))) == "body";
    }

    // An apposition's noun stands before the figure: the predicate is still read after it.
    let np_end = found.np_last.map_or(last, |e| e.max(last));
    // A measure's predicate stands right by it ("extended by 42 days", "100 meters wide");
    // a count's verb may stand further off ("released 25 hostages and the bodies of eight").
    // "prolong the first phase of the Gaza truce by six weeks": "by" ties it to the verb.
    let reach = if kind == ClaimKind::Measure && before != "by" {
        8
    } else {
        14
    };
    found.predicate = predicate(t, first, np_end, sent, reach);
    if found.predicate.is_none() {
        // The head may itself say what happened: "a 42-day extension", "1,200 deaths".
        if let Some((a, b)) = np {
            if let Some(c) = lexicon::predicate(t.low(b)) {
                let modal = modal_before(t, first, s_first);
                found.predicate = Some(make_predicate(t, b, c, false, modal, false));
                let _ = a;
            }
        }
    }
    // A part of a whole with its own figure: what is said after the whole's noun describes
    // the whole, not the part ("40 of the 130 hostages the group still holds", "130 of the 250
    // captives Hamas seized"), but for a state ("24 of the 59 hostages ... are alive").
    let whole_has_figure = w_after == "of"
        && (after + 1..=after + 3).any(|k| k <= s_last && t.kind(k) == Some(TokenKind::Number));
    let fig_end = t.tokens[fig].span.end;
    if whole_has_figure
        && found.predicate.as_ref().is_some_and(|p| {
            p.concept == "held"
                || (p.span.start > fig_end
                    && !matches!(p.concept.as_str(), "dead" | "alive" | "critical"))
        })
    {
        found.predicate = None;
    }
    // "seeking to add another 42 days to the first phase": a length added is an extension.
    if kind == ClaimKind::Measure && found.predicate.is_none() {
        let added = back(t, first, s_first, 3)
            .find(|&k| matches!(t.low(k), "add" | "adds" | "added" | "adding"));
        if let Some(k) = added {
            let modal = modal_before(t, k, s_first);
            found.predicate = Some(make_predicate(t, k, "extended", false, modal, false));
        }
    }
    // "the release of around 60 remaining hostages" counts those still held, whatever is said
    // of them next.
    if kind == ClaimKind::Count && w_after == "remaining" && found.subject.is_some() {
        found.predicate = Some(make_predicate(t, after, "held", false, false, false));
    }
    // What the people counted are is said right after them: "four Israelis held hostage" are
    // hostages ("held hostage" says who they are, not what happened to them), "700
    // terrorists held in its jails" and "90 Palestinians held in Israeli prisons" prisoners.
    if let (Some((_, b)), Some(s)) = (np, found.subject.as_mut()) {
        let at = |k: isize| t.low_at(b as isize + k);
        let held_hostage = at(1) == "held" && is_captive_word(at(2));
        let jailed = matches!(at(1), "held" | "detained" | "imprisoned")
            && at(2) == "in"
            && (3..=4)
                .any(|k| matches!(at(k), "jail" | "jails" | "prison" | "prisons" | "detention"));
        if held_hostage && s.concept == "person" {
            s.concept = "hostage".to_string();
            if found
                .predicate
                .as_ref()
                .is_some_and(|p| p.concept == "held")
            {
                found.predicate = None;
            }
        } else if jailed && matches!(s.concept.as_str(), "person" | "militant") {
            s.concept = "prisoner".to_string();
        }
    }
    // "1,195 people were killed and 251 taken hostage": those taken hostage are hostages.
    if let (Some(p), None) = (&found.predicate, &found.subject) {
        let k = t.tokens.partition_point(|tok| tok.span.start < p.span.end);
        if p.span.start > t.tokens[last].span.end && k <= s_last && is_captive_word(t.low(k)) {
            found.subject = Some(subject(t, k, k));
            if p.concept == "held" {
                found.predicate = None;
            }
        }
    }
    found
}

/// A rate within the clause after a figure: "for each hostage", "per day", "each week",
/// "a month", "weekly".
fn is_rate(t: &Tokens, from: usize, s_last: usize) -> bool {
    let time = |w: &str| matches!(w, "day" | "week" | "month" | "year" | "hour");
    for j in from..=(from + 8).min(s_last) {
        t.step(1);
        if !t.is_word(j) {
            return false;
        }
        let (w, next) = (t.low(j), t.low_at(j as isize + 1));
        let rate = match w {
            "for" => matches!(next, "each" | "every"),
            "per" => true,
            "each" | "every" | "a" => time(next),
            "daily" | "weekly" | "monthly" | "annually" => true,
            _ => false,
        };
        if rate {
            return true;
        }
    }
    false
}

/// True when the figure and its unit are joined by a hyphen into a modifier: "42-day".
fn is_compound(t: &Tokens, fig: usize, last: usize) -> bool {
    (fig..last).any(|i| t.is_tight_hyphen(i + 1) && t.kind(i + 1) == Some(TokenKind::Punct))
}

/// After "of": "of the hostages", "of Gaza’s population", "of them" (elided).
fn of_phrase(t: &Tokens, i: usize, s_last: usize, found: &mut Found) -> Option<(usize, usize)> {
    let w = t.low_at(i as isize);
    // "of those hostages" names them; "of those" alone points back.
    let next = t.low_at(i as isize + 1);
    let determiner = matches!(w, "those" | "these")
        && t.is_word(i + 1)
        && !lexicon::is_function_word(next)
        && lexicon::predicate(next).is_none();
    if lexicon::is_anaphoric(w) && !determiner {
        found.elided = Some(Elided::Anaphor);
        found.np_last = Some(i);
        return None;
    }
    let mut j = i;
    while matches!(
        t.low_at(j as isize),
        "the" | "its" | "their" | "his" | "her" | "these" | "those" | "all" | "remaining"
    ) {
        j += 1;
    }
    // "40 of the 130 hostages": the whole's own figure stands before what both count.
    if j > i && t.kind(j) == Some(TokenKind::Number) && t.is_word(j + 1) {
        j += 1;
    }
    noun_phrase(t, j, s_last)
}

/// A noun phrase starting at `i`: modifiers and a head noun, at most six words, stopping at
/// function words, verbs of the lexicon, numbers and punctuation. Coordinated nouns are kept:
/// "46 women and children".
pub fn noun_phrase(t: &Tokens, i: usize, s_last: usize) -> Option<(usize, usize)> {
    let mut j = i;
    let mut last = None;
    let mut words = 0;
    while j <= s_last && words < 6 {
        t.step(j - i + 1);
        if !t.is_word(j) {
            // "Hamas-controlled", "US-Israeli": words joined by a tight hyphen.
            if last.is_some() && t.is_tight_hyphen(j) && t.is_word(j + 1) && j < s_last {
                j += 1;
                continue;
            }
            break;
        }
        let w = t.low(j);
        // "251 taken hostage" is a verb and what it makes them, not a noun phrase.
        let as_hostage = is_captive_word(t.low_at(j as isize + 1));
        if last.is_none() && as_hostage && (is_take(w) || lexicon::predicate(w).is_some()) {
            break;
        }
        // "the five Hamas had agreed to": a name that is the subject of its own verb.
        if last.is_none()
            && t.is_capitalized(j)
            && lexicon::qualifier(&lemma(w)).is_none()
            && matches!(
                t.low_at(j as isize + 1),
                "had" | "has" | "have" | "would" | "will" | "said"
            )
        {
            break;
        }
        // "five provinces near the epicentre", "close to": a place beside the thing counted.
        if last.is_some() && (w == "near" || (w == "close" && t.low_at(j as isize + 1) == "to")) {
            break;
        }
        // A capital after lower-case words starts another phrase: "the number Hamas had".
        let lower_seen = (i..j).any(|k| t.is_word(k) && !t.is_capitalized(k));
        if lower_seen && t.is_capitalized(j) {
            break;
        }
        // After the first word, a participle is a verb: "5,000 gunmen crossed", "20 trucks
        // entered" (first, it is an adjective: "living hostages", "wounded soldiers").
        let participle = (w.ends_with("ed") || w.ends_with("ing")) && w.len() > 4;
        if !is_np_word(w, last.is_none()) || (last.is_some() && participle) {
            // "women and children": a coordinated noun that ends the phrase.
            if matches!(w, "and" | "or") && last.is_some() && t.is_word(j + 1) && j < s_last {
                let next = t.low(j + 1);
                let ends = !t.is_word(j + 2) || lexicon::is_function_word(t.low(j + 2));
                // Only plural nouns coordinate here: "women and children", not "people and took".
                let plural = (next.ends_with('s')
                    || matches!(next, "children" | "women" | "men" | "people"))
                    && lemma(next) != next;
                if is_np_word(next, false) && ends && plural && lexicon::predicate(next).is_none() {
                    last = Some(j + 1);
                }
            }
            break;
        }
        last = Some(j);
        words += 1;
        j += 1;
    }
    last.map(|l| (i, l))
}

fn is_np_word(w: &str, first: bool) -> bool {
    if lexicon::is_function_word(w) || lexicon::is_say_verb(w) || lexicon::is_modal(w) {
        return false;
    }
    // A number word starts another figure: "three hostages *two* …" (and, in a list of
    // spelled numbers, each would otherwise read the next six as its counted thing).
    if words::small(w).is_some() || words::tens(w).is_some() {
        return false;
    }
    if w.ends_with("ly") && w != "elderly" {
        return false;
    }
    if !first && lexicon::is_finite_verb(w) {
        return false;
    }
    if lexicon::predicate(w).is_some() {
        // Nouns that are also predicates may head a phrase: "1,200 deaths", "42-day extension".
        let nounish = w.ends_with("ion")
            || w.ends_with("ions")
            || matches!(
                w,
                "deaths" | "toll" | "injuries" | "fatalities" | "casualties"
            );
        return nounish || (first && w == "captive");
    }
    true
}

/// The nearest noun before a measure in apposition: "The corridor, about 100 meters wide".
/// The verb of halting whose length a measure after "for" gives, up to six words back in its
/// clause: "*halting* Israel's offensive for six weeks", "fighting *paused* for a week".
fn halted_for(t: &Tokens, first: usize, s_first: usize) -> Option<usize> {
    if first < 2 || t.low(first - 1) != "for" {
        return None;
    }
    back(t, first - 1, s_first, 6)
        .take_while(|&k| t.is_word(k))
        .find(|&k| lexicon::is_halt_verb(t.low(k)))
}

fn preceding_noun(t: &Tokens, first: usize, s_first: usize) -> Option<(usize, usize)> {
    let mut j = first.checked_sub(1)?;
    if t.is_punct(j, ',') || t.is_punct(j, '(') {
        j = j.checked_sub(1)?;
    } else {
        return None;
    }
    if j < s_first || !t.is_word(j) || !is_np_word(t.low(j), false) {
        return None;
    }
    Some((j, j))
}

/// Builds the subject of the noun phrase `a..=b`; the head is the last word before any
/// coordination.
pub fn subject(t: &Tokens, a: usize, b: usize) -> Subject {
    let mut head_at = b;
    if let Some(k) = (a..=b).find(|&k| matches!(t.low(k), "and" | "or")) {
        head_at = k - 1;
    }
    // "251 people hostage": the last noun is the thing counted.
    let head = lemma(t.low(head_at));
    let mut modifiers = Vec::new();
    for k in a..=b {
        if k == head_at || !t.is_word(k) || matches!(t.low(k), "and" | "or") {
            continue;
        }
        let l = lemma(t.low(k));
        let m = lexicon::qualifier(&l).map_or(l, str::to_string);
        if !modifiers.contains(&m) {
            modifiers.push(m);
        }
    }
    // A demonym as head counts people of that nation: "48,000 Palestinians".
    if let Some(q) = lexicon::qualifier(&head) {
        if !modifiers.iter().any(|m| m == q) {
            modifiers.push(q.to_string());
        }
    }
    Subject {
        text: t.span(a, b).slice(t.text).to_string(),
        concept: concept(&head).to_string(),
        head,
        modifiers,
        inferred: false,
    }
}

/// Words that may stand between a subject and its verb: "48,000 people *have been* killed",
/// "34 of the hostages *are no longer* alive", "130 hostages *are believed to* remain".
fn is_link(w: &str) -> bool {
    lexicon::is_subject_link(w)
        || lexicon::is_negation(w)
        || matches!(
            w,
            "to" | "longer" | "so" | "far" | "being" | "then" | "later" | "already"
            // "800 prisoners could go free", "were set free".
                | "go" | "goes" | "went" | "gone" | "set"
        )
}

/// "hostage", "captive": what people "taken" or "held" are made.
fn is_captive_word(w: &str) -> bool {
    matches!(w, "hostage" | "hostages" | "captive")
}

fn is_take(w: &str) -> bool {
    matches!(w, "took" | "take" | "taken" | "taking" | "takes")
}

/// The predicate concept of token `j`, including "took ... hostage".
fn predicate_at(t: &Tokens, j: usize, s_last: usize) -> Option<&'static str> {
    let w = t.low(j);
    // "59 hostages still in Gaza": held.
    if w == "still" && matches!(t.low_at(j as isize + 1), "in" | "inside") {
        return Some("held");
    }
    // "the six-week phase runs out this weekend": it ends, it is not a length.
    if matches!(w, "runs" | "run" | "ran") && t.low_at(j as isize + 1) == "out" {
        return None;
    }
    // "1,220 were in critical condition", "in serious condition".
    if w == "in"
        && matches!(t.low_at(j as isize + 1), "critical" | "serious" | "grave")
        && t.low_at(j as isize + 2) == "condition"
    {
        return Some("critical");
    }
    // "Israel got back 33 hostages", "brought back the bodies of four".
    if matches!(
        w,
        "got" | "get" | "gets" | "getting" | "brought" | "bring" | "brings"
    ) && t.low_at(j as isize + 1) == "back"
    {
        return Some("released");
    }
    if is_take(w) {
        let end = (j + 8).min(s_last);
        t.step(8);
        let hostage = (j + 1..=end)
            .any(|k| is_captive_word(t.low(k)) || matches!(t.low(k), "captives" | "prisoner"));
        return hostage.then_some("taken");
    }
    lexicon::predicate(w)
}

/// Finds the predicate of a figure whose phrase runs `first..=np_end`.
fn predicate(
    t: &Tokens,
    first: usize,
    np_end: usize,
    sent: (usize, usize),
    reach: usize,
) -> Option<Predicate> {
    let (s_first, s_last) = sent;
    // The whole of a part ("35 of the remaining 59 hostages are dead"): a state after it is
    // the part's; "remaining" before it says the whole is still held.
    let whole = is_partitive_whole(t, first, s_first);
    if whole {
        let before =
            (first.saturating_sub(2).max(s_first)..first).find(|&k| t.low(k) == "remaining");
        if let Some(k) = before {
            return Some(make_predicate(t, k, "held", false, false, false));
        }
    }
    // 1. The figure as subject: "59 captives remain", "48,000 people have been killed".
    let after = np_end + 1;
    let mut j = after;
    let mut negated = false;
    let mut modal = false;
    // Whether a verb of the figure's own has been read ("are", "have been", "remain"), not
    // only adverbs ("still").
    let mut finite = false;
    let mut direct = None;
    while j <= s_last && j < after + 7 && t.is_word(j) {
        t.step(1);
        let w = t.low(j);
        if let Some(c) = predicate_at(t, j, s_last) {
            // Active voice with an object after it: "5,000 terrorists killed 1,200 Israelis"
            // (not "251 taken hostage").
            let object = t.kind(j + 1) == Some(TokenKind::Number)
                || (t.is_word(j + 1)
                    && !lexicon::is_function_word(t.low(j + 1))
                    && !is_captive_word(t.low(j + 1)));
            // A state or extent right after the noun is what is said of it: "eight of them
            // dead", "100 meters wide".
            if matches!(c, "dead" | "alive") && whole {
                break;
            }
            if (j == after || !finite)
                && matches!(c, "dead" | "alive" | "critical" | "wide" | "long")
            {
                return Some(make_predicate(t, j, c, negated, modal, false));
            }
            // "Israel wanted around 10 hostages freed": the wish is said before the figure.
            let wished = modal || modal_before(t, first, s_first);
            if j == after || !finite {
                // A verb right after the noun, or after adverbs only, may be a reduced
                // relative ("600 detainees held by Israel", "freeing 10 of the hostages still
                // held"); a predicate before the figure then takes precedence.
                direct = Some(make_predicate(
                    t,
                    j,
                    c,
                    false,
                    wished,
                    object && c != "held",
                ));
                break;
            }
            return Some(make_predicate(t, j, c, negated, wished, false));
        }
        if !is_link(w) {
            // "nearly 100 of them would be deported": a verb of its own, which the lexicon does
            // not know; no verb of another clause is the figure's.
            if j > after && (w.ends_with("ed") || w.ends_with("en")) && w.len() > 4 {
                return None;
            }
            break;
        }
        negated |= lexicon::is_negation(w);
        modal |= lexicon::is_modal(w);
        finite |= !matches!(
            w,
            "still" | "now" | "reportedly" | "already" | "later" | "then" | "so" | "far"
        );
        j += 1;
    }
    // 2. The figure as object: "Hamas *freed* 33 hostages", "*in exchange for* 2,000".
    // Not the whole of a part: in "freeing 40 of the 130 hostages the group holds" the verb
    // before is the 40's; nor after "with" when a verb follows the noun: "the toll reached
    // 2,862, with 2,562 people injured".
    if direct.is_some() && first > s_first && t.low(first - 1) == "with" {
        return direct;
    }
    // Nor after "and" that joins it to another figure's state or verb: "2,497 dead and 2,476
    // injured".
    if direct.is_some()
        && first > s_first + 1
        && t.low(first - 1) == "and"
        && t.is_word(first - 2)
        && predicate_at(t, first - 2, s_last).is_some()
    {
        return direct;
    }
    let floor = if is_partitive_whole(t, first, s_first) {
        first
    } else {
        first.saturating_sub(reach).max(s_first)
    };
    for j in (floor..first).rev() {
        t.step(1);
        if t.is_punct(j, ';') {
            break;
        }
        if !t.is_word(j) {
            continue;
        }
        // "including 100 convicted of murder, for 40 hostages", "swaps 33 Israeli hostages
        // held in Gaza for 2,000 prisoners": a verb right after another number and its noun
        // is that number's.
        if follows_a_figure(t, j, s_first) {
            continue;
        }
        if let Some(c) = predicate_at(t, j, s_last) {
            // A state before the figure is another's: "33 hostages, eight of them dead, for
            // 2,000 prisoners".
            if matches!(c, "dead" | "alive") {
                continue;
            }
            // A verb that ends the clause before is that clause's, when the figure has one of
            // its own: "1,200 were killed and some 240 others abducted".
            if direct.is_some() && t.low_at(j as isize + 1) == "and" {
                return direct;
            }
            let negated =
                (j.saturating_sub(3).max(s_first)..j).any(|k| lexicon::is_negation(t.low(k)));
            let modal = modal_before(t, j, s_first);
            return Some(make_predicate(t, j, c, negated, modal, false));
        }
    }
    if direct.is_some() {
        return direct;
    }
    // 3. A predicate shortly after: "hundreds of thousands displaced"; not past another
    // figure, whose it is ("33 hostages, 18 of them still alive"), nor into the next clause
    // ("for 350 prisoners, and Hamas would also free five").
    let end = (after + reach.min(6)).min(s_last + 1);
    (after..end)
        .take_while(|&k| {
            t.kind(k) != Some(TokenKind::Number)
                && !crate::number::words::is_number_word(t.low(k))
                && !t.is_punct(k, ',')
                && !t.is_punct(k, ';')
        })
        .find(|&k| t.is_word(k) && predicate_at(t, k, s_last).is_some())
        .and_then(|k| {
            let c = predicate_at(t, k, s_last)?;
            Some(make_predicate(t, k, c, false, false, false))
        })
}

/// The tokens before `j`, nearest first: at most `n`, none before the sentence's first
/// (`s_first`). Each step is counted on the tokens' work meter.
fn back<'a>(
    t: &'a Tokens<'_>,
    j: usize,
    s_first: usize,
    n: usize,
) -> impl Iterator<Item = usize> + 'a {
    (j.saturating_sub(n).max(s_first)..j)
        .rev()
        .inspect(move |_| t.step(1))
}

/// True when the verb at `j` directly follows another figure or its noun phrase and does not
/// take an object ("33 Israeli hostages *held* in Gaza", "100 *convicted* of murder"), up to
/// three words back. An active verb before its object is the object's: "5,000 gunmen *killed*
/// 1,200 Israelis".
fn follows_a_figure(t: &Tokens, j: usize, s_first: usize) -> bool {
    let next = t.low_at(j as isize + 1);
    if !(lexicon::is_function_word(next) || next == "back" || next == "out") {
        return false;
    }
    for k in back(t, j, s_first, 4) {
        if t.kind(k) == Some(TokenKind::Number) {
            return true;
        }
        if !t.is_word(k) || lexicon::is_function_word(t.low(k)) || predicate_at(t, k, k).is_some() {
            return false;
        }
    }
    false
}

/// True when the figure starting at `first` is the whole of a part: "40 of the 130", "50 of
/// the roughly 240".
fn is_partitive_whole(t: &Tokens, first: usize, s_first: usize) -> bool {
    for k in back(t, first, s_first, 4) {
        match t.low(k) {
            "of" => {
                return k > s_first && t.kind(k - 1) == Some(TokenKind::Number);
            }
            "the" | "some" | "about" | "around" | "roughly" | "nearly" | "almost" | "remaining" => {
            }
            _ => return false,
        }
    }
    false
}

/// A word of proposal or intent in the clause before token `j`, up to eight tokens back:
/// "Israel was *prepared* to release 700 security prisoners in return for the 40".
fn modal_before(t: &Tokens, j: usize, s_first: usize) -> bool {
    for k in back(t, j, s_first, 8) {
        if t.is_punct(k, ',') || t.is_punct(k, ';') {
            return false;
        }
        if t.is_word(k) && lexicon::is_modal(t.low(k)) {
            return true;
        }
        // A condition is not a thing done: "if Hamas agrees to free 11".
        if matches!(t.low(k), "if" | "unless") {
            return true;
        }
    }
    false
}

fn make_predicate(
    t: &Tokens,
    j: usize,
    concept: &str,
    negated: bool,
    modal: bool,
    agent: bool,
) -> Predicate {
    let mut span = t.tokens[j].span;
    // "handed over": keep the particle.
    if matches!(t.low(j), "handed" | "hand" | "hands" | "handing")
        && t.low_at(j as isize + 1) == "over"
    {
        span = t.span(j, j + 1);
    }
    Predicate {
        text: span.slice(t.text).to_string(),
        span,
        concept: concept.to_string(),
        negated,
        modal,
        agent,
    }
}

/// The attribution of a sentence: "according to X", or "X says/said/reports" with X a short
/// phrase at the start of its clause ("Israel says", "Palestinian health officials say",
/// "…, local authorities report").
pub fn attribution(t: &Tokens, s_first: usize, s_last: usize) -> Option<Attribution> {
    t.step(2 * (s_last + 1 - s_first));
    for j in s_first..s_last {
        if t.low(j) == "according" && t.low_at(j as isize + 1) == "to" {
            let mut e = j + 1;
            while e < s_last && !t.is_punct(e + 1, ',') && !t.is_punct(e + 1, '.') && e < j + 12 {
                e += 1;
            }
            return Some(make_attribution(t, j, e));
        }
    }
    for v in s_first..=s_last {
        let w = t.low(v);
        if !lexicon::is_say_verb(w) || !t.is_word(v) {
            continue;
        }
        // "an estimated 25" is a hedge; "put" needs a toll after it.
        let next_is_number = t.kind(v + 1) == Some(TokenKind::Number);
        if (w == "estimated" && (next_is_number || t.low_at(v as isize - 1) == "an"))
            || (matches!(w, "put" | "puts")
                && !matches!(t.low_at(v as isize + 2), "death" | "toll"))
        {
            continue;
        }
        // The speaker is at most nine words: read back no further.
        let mut c = v;
        while c > s_first
            && v - c <= 9
            && !t.is_punct(c - 1, ',')
            && !t.is_punct(c - 1, '"')
            && !t.is_punct(c - 1, '“')
            && !t.is_punct(c - 1, '”')
        {
            c -= 1;
        }
        let len = v - c;
        t.step(len);
        if (1..=9).contains(&len) && t.is_word(c) {
            return Some(make_attribution(t, c, v));
        }
    }
    None
}

fn make_attribution(t: &Tokens, a: usize, b: usize) -> Attribution {
    let span = t.span(a, b);
    Attribution {
        text: span.slice(t.text).to_string(),
        span,
    }
}

/// True when a claim's counted thing may be taken by a later figure that elides its own.
pub fn is_source(c: &Claim) -> bool {
    c.kind == ClaimKind::Count && c.subject.is_some()
}

/// Gives a figure whose counted thing is elided the subject of `source`, the earlier figure it
/// refers to (the caller finds it: the nearest earlier count in the same sentence, or for
/// "the 40" an earlier count of the same value).
///
/// "25 hostages and the bodies of eight more": when the elided figure counts remains, the
/// earlier one, unqualified, counts the living.
pub fn resolve(claim: &mut Claim, source: Option<&mut Claim>, remains_of: bool) {
    if let Some(src) = source {
        let mut s = src.subject.clone().expect("filtered on subject");
        s.inferred = true;
        if remains_of {
            if let Some(src_subject) = src.subject.as_mut() {
                let m = &mut src_subject.modifiers;
                if !m.iter().any(|x| x == "dead" || x == "alive") {
                    m.push("alive".to_string());
                }
            }
        }
        claim.subject = Some(s);
    }
    if remains_of {
        mark_dead(claim);
    }
}

/// Adds the "dead" qualifier to a claim's subject ("the bodies of four hostages").
pub fn mark_dead(claim: &mut Claim) {
    if let Some(s) = claim.subject.as_mut() {
        s.modifiers.retain(|m| m != "alive");
        if !s.modifiers.iter().any(|m| m == "dead") {
            s.modifiers.push("dead".to_string());
        }
    }
}
