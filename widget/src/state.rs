//! The editor's state: a Yew [`Reducible`] driven by [`Action`]s, plain Rust so it is
//! unit-tested natively.
//!
//! Checks are numbered. [`Action::AutoCheck`] (the debounce timer) and [`Action::CheckNow`]
//! (the button, the date picker) put a new [`Request`] in the state; the editor component sends
//! it and answers with [`Action::Finished`] carrying the same sequence number. Only the answer
//! to the request still in flight is taken: any edit supersedes it, and a later request
//! replaces it, so an answer for older text is never shown over newer text. The marked view
//! shows [`EditorState::fresh`] only, the result whose text is the current draft.

use std::collections::BTreeSet;
use std::ops::Range;
use std::rc::Rc;

use tally::api::{CheckResponse, CheckedClaim, ConsistencyJson};
use tally::check::Verdict;
use yew::Reducible;

use crate::text::{segments, utf16_spans_to_bytes, Segment};

/// What the editor is doing, as shown by `#tally-status[data-state]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Nothing checked yet, or the draft changed and the debounce timer is running.
    Idle,
    /// A request is in flight.
    Checking,
    /// The current draft's results are shown.
    Results,
    /// The server could not be reached (network error); the detail is for the console.
    Unreachable(String),
    /// The server answered with an error; its message, verbatim.
    Error(String),
    /// The draft is empty (or only whitespace).
    Empty,
}

impl Status {
    /// The value of `data-state`.
    pub fn key(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Checking => "checking",
            Status::Results => "results",
            Status::Unreachable(_) => "unreachable",
            Status::Error(_) => "error",
            Status::Empty => "empty",
        }
    }
}

/// One check to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub seq: u64,
    pub text: Rc<str>,
    pub as_of: Option<String>,
}

/// How a request ended, as the API module reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Checked(CheckResponse),
    Unreachable(String),
    Error(String),
}

/// A checked draft ready to render: its claims in text order, the byte range of each figure,
/// the segments of the text and the counts by verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub text: Rc<str>,
    pub as_of: Option<String>,
    /// Claims whose figure could be placed in the text, ordered by position.
    pub claims: Vec<CheckedClaim>,
    /// `bytes[i]` is the byte range of `claims[i]`'s figure in `text`.
    pub bytes: Vec<Range<usize>>,
    pub segments: Vec<Segment>,
    /// The draft's figures that cannot all hold, with `claims` as indexes into
    /// [`Checked::claims`] (findings naming a figure that could not be placed are left out).
    pub consistency: Vec<ConsistencyJson>,
}

impl Checked {
    pub fn new(text: Rc<str>, as_of: Option<String>, response: CheckResponse) -> Self {
        let spans: Vec<(usize, usize)> = response
            .claims
            .iter()
            .map(|c| (c.claim.figure.start, c.claim.figure.end))
            .collect();
        let ranges = utf16_spans_to_bytes(&text, &spans);
        let mut placed: Vec<(Range<usize>, usize, CheckedClaim)> = response
            .claims
            .into_iter()
            .zip(ranges)
            .enumerate()
            .filter_map(|(k, (claim, range))| range.map(|r| (r, k, claim)))
            .collect();
        placed.sort_by_key(|(r, _, _)| (r.start, std::cmp::Reverse(r.end)));
        // Overlapping figures cannot both be marked; keep the first (the longest at one start).
        let mut end = 0;
        placed.retain(|(r, _, _)| {
            let keep = r.start >= end;
            if keep {
                end = r.end;
            }
            keep
        });
        // Where each of the response's claims is now.
        let mut at = vec![None; spans.len()];
        for (i, (_, k, _)) in placed.iter().enumerate() {
            at[*k] = Some(i);
        }
        let consistency = response
            .consistency
            .into_iter()
            .filter_map(|mut f| {
                f.claims = f
                    .claims
                    .iter()
                    .map(|&k| at.get(k).copied().flatten())
                    .collect::<Option<_>>()?;
                Some(f)
            })
            .collect();
        let (bytes, claims): (Vec<_>, Vec<_>) = placed.into_iter().map(|(r, _, c)| (r, c)).unzip();
        let marks: Vec<Option<Range<usize>>> = bytes.iter().cloned().map(Some).collect();
        let segments = segments(text.len(), &marks);
        Self {
            text,
            as_of,
            claims,
            bytes,
            segments,
            consistency,
        }
    }

    /// The key that names claim `i` across edits elsewhere in the draft: its sentence and its
    /// place in it.
    pub fn key(&self, i: usize) -> Option<IgnoreKey> {
        let claim = self.claims.get(i)?;
        let sentence = &claim.claim.sentence;
        let text = self.text.get(sentence.byte_start..sentence.byte_end)?;
        Some(IgnoreKey {
            sentence: text.to_owned(),
            offset: self.bytes[i].start.checked_sub(sentence.byte_start)?,
        })
    }

    /// The findings that name claim `i`.
    pub fn findings_of(&self, i: usize) -> impl Iterator<Item = &ConsistencyJson> {
        self.consistency
            .iter()
            .filter(move |f| f.claims.contains(&i))
    }

    /// The flags as plain text for a note in a content system: each flagged figure with its
    /// verdict, message and sources with their dates, then the figures that disagree inside
    /// the draft.
    pub fn report(&self, ignored: &BTreeSet<IgnoreKey>) -> String {
        let mut out = String::from("Tally: figures to look at\n");
        let mut n = 0;
        for (i, c) in self.claims.iter().enumerate() {
            let skip = self.key(i).is_some_and(|k| ignored.contains(&k));
            if !c.verdict.needs_attention() || skip {
                continue;
            }
            n += 1;
            out.push_str(&format!(
                "\n{n}. \"{}\" ({}): {}\n   {}\n",
                c.claim.phrase_text,
                c.verdict.as_str(),
                c.claim.text,
                c.message
            ));
            if let Some(s) = &c.suggestion {
                out.push_str(&format!("   Suggested: {}\n", s.text));
            }
            for e in &c.evidence {
                out.push_str(&format!(
                    "   - {} ({}): \"{}\"\n",
                    e.title, e.published, e.quote
                ));
            }
        }
        for f in &self.consistency {
            n += 1;
            out.push_str(&format!(
                "\n{n}. In the draft ({}): {}\n",
                f.kind, f.message
            ));
        }
        if n == 0 {
            out.push_str("\nNo figure is flagged.\n");
        }
        out
    }
}

/// A figure named by its sentence and its byte offset in it: an ignored flag stays ignored
/// while the rest of the draft changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IgnoreKey {
    pub sentence: String,
    pub offset: usize,
}

/// The last check's figures placed on the current draft: a figure whose text was edited since
/// is dropped, the others move with their text (the edit is the span between the two texts'
/// common start and common end).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub checked: Rc<Checked>,
    /// Per claim of `checked`, its byte range in the current text; `None` when edited away or
    /// ignored.
    pub ranges: Vec<Option<Range<usize>>>,
    /// The current text cut into plain runs and marks (a mark's index is its claim's).
    pub segments: Vec<Segment>,
    /// How many flags are ignored.
    pub ignored: usize,
    edit: Edit,
}

impl Placed {
    pub fn new(checked: Rc<Checked>, text: &str, ignored: &BTreeSet<IgnoreKey>) -> Self {
        let old: &str = &checked.text;
        let prefix = common_prefix(old, text);
        let suffix = common_suffix(&old[prefix..], &text[prefix..]);
        let edit = Edit {
            prefix,
            old_end: old.len() - suffix,
            new_end: text.len() - suffix,
        };
        let mut count = 0;
        let ranges: Vec<Option<Range<usize>>> = checked
            .bytes
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if checked.key(i).is_some_and(|k| ignored.contains(&k)) {
                    count += 1;
                    return None;
                }
                edit.map(r.clone())
            })
            .collect();
        let segments = segments(text.len(), &ranges);
        Self {
            checked,
            ranges,
            segments,
            ignored: count,
            edit,
        }
    }

    /// A byte range of the checked text where it is now in the current text; `None` when the
    /// edit since touched it.
    pub fn map(&self, r: Range<usize>) -> Option<Range<usize>> {
        self.edit.map(r)
    }
}

/// The one edit between the checked text and the current one: bytes `prefix..old_end` of the
/// checked text became `prefix..new_end` of the current one.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Edit {
    prefix: usize,
    old_end: usize,
    new_end: usize,
}

impl Edit {
    fn map(&self, r: Range<usize>) -> Option<Range<usize>> {
        if r.end <= self.prefix {
            Some(r)
        } else if r.start >= self.old_end {
            Some(r.start - self.old_end + self.new_end..r.end - self.old_end + self.new_end)
        } else {
            None
        }
    }
}

/// The length in bytes of the longest common start of `a` and `b`, on a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The length in bytes of the longest common end of `a` and `b`, on a char boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) {
        n -= 1;
    }
    n
}

impl Checked {
    /// Counts by verdict, in [`Verdict::ALL`] order.
    pub fn counts(&self) -> [(Verdict, usize); 5] {
        Verdict::ALL.map(|v| (v, self.claims.iter().filter(|c| c.verdict == v).count()))
    }

    /// One line for the status element.
    pub fn summary_line(&self) -> String {
        let n = self.claims.len();
        if n == 0 {
            return "No checkable figures in this draft.".to_owned();
        }
        let parts: Vec<String> = self
            .counts()
            .iter()
            .filter(|(_, k)| *k > 0)
            .map(|(v, k)| format!("{k} {}", v.as_str()))
            .collect();
        let figures = if n == 1 { "figure" } else { "figures" };
        format!("{n} {figures} checked: {}.", parts.join(", "))
    }
}

/// Which card is open, and where its mark is on the page (document coordinates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpenCard {
    /// Index into [`Checked::claims`].
    pub index: usize,
    pub left: f64,
    pub top: f64,
}

/// Everything the editor reduces.
#[derive(Debug, Clone)]
pub enum Action {
    /// The draft changed.
    Edit(String),
    /// The "as of" date changed (`None`: no date); re-checks at once.
    SetAsOf(Option<String>),
    /// The debounce timer ran out: check unless the current text is already checked or being
    /// checked.
    AutoCheck,
    /// The button: check the current text now.
    CheckNow,
    /// A request ended.
    Finished { seq: u64, outcome: Outcome },
    /// Open a card (or close it with `None`).
    Open(Option<OpenCard>),
    /// Drop the flag of a claim of the last check (an index into [`Checked::claims`]) for
    /// this draft.
    Ignore(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EditorState {
    pub text: Rc<str>,
    pub as_of: Option<String>,
    pub status: Status,
    /// The latest request made; the component sends each new one once.
    pub request: Option<Rc<Request>>,
    /// The sequence number whose answer is awaited, if any.
    pub in_flight: Option<u64>,
    /// The last successful check (possibly of an older text: see [`EditorState::fresh`]).
    pub checked: Option<Rc<Checked>>,
    pub open: Option<OpenCard>,
    /// Flags the editor chose to ignore in this draft.
    pub ignored: BTreeSet<IgnoreKey>,
    last_seq: u64,
}

impl Default for EditorState {
    fn default() -> Self {
        Self {
            text: Rc::from(""),
            as_of: None,
            status: Status::Idle,
            request: None,
            in_flight: None,
            checked: None,
            open: None,
            ignored: BTreeSet::new(),
            last_seq: 0,
        }
    }
}

impl EditorState {
    /// The check of exactly the current text and date, if there is one.
    pub fn fresh(&self) -> Option<&Rc<Checked>> {
        self.checked
            .as_ref()
            .filter(|c| *c.text == *self.text && c.as_of == self.as_of)
    }

    /// The last check's figures on the current draft, moved with the edits since (none
    /// when the date changed: they answer another question).
    pub fn placed(&self) -> Option<Placed> {
        let checked = self.checked.as_ref().filter(|c| c.as_of == self.as_of)?;
        Some(Placed::new(checked.clone(), &self.text, &self.ignored))
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The human-readable text of the status element.
    pub fn status_text(&self) -> String {
        match &self.status {
            Status::Idle if self.checked.is_some() => {
                "Draft changed; checking when you stop typing…".to_owned()
            }
            Status::Idle => {
                "Paste or type a draft; Tally checks its figures when you stop typing.".to_owned()
            }
            Status::Checking => "Checking the figures…".to_owned(),
            Status::Results => match self.fresh() {
                Some(c) => c.summary_line(),
                None => "Results are out of date.".to_owned(),
            },
            Status::Unreachable(_) => {
                "Tally's server is unreachable. Check the connection and press Check to try again."
                    .to_owned()
            }
            Status::Error(message) => format!("The server answered with an error: {message}"),
            Status::Empty => "The draft is empty: nothing to check.".to_owned(),
        }
    }

    fn start(mut self) -> Self {
        self.last_seq += 1;
        self.request = Some(Rc::new(Request {
            seq: self.last_seq,
            text: self.text.clone(),
            as_of: self.as_of.clone(),
        }));
        self.in_flight = Some(self.last_seq);
        self.status = Status::Checking;
        self.open = None;
        self
    }

    fn empty(mut self) -> Self {
        self.status = Status::Empty;
        self.in_flight = None;
        self.open = None;
        self
    }

    /// The pure transition function (what [`Reducible::reduce`] applies).
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if *self.text == *text {
                    return self;
                }
                let mut next = (*self).clone();
                next.text = Rc::from(text);
                next.in_flight = None; // superseded
                next.open = None;
                next.status = if next.is_blank() {
                    Status::Empty
                } else if next.fresh().is_some() {
                    Status::Results // edited back to the checked text
                } else {
                    Status::Idle
                };
                Rc::new(next)
            }
            Action::SetAsOf(as_of) => {
                let as_of = as_of.filter(|d| !d.is_empty());
                if self.as_of == as_of {
                    return self;
                }
                let mut next = (*self).clone();
                next.as_of = as_of;
                Rc::new(if next.is_blank() {
                    next.empty()
                } else {
                    next.start()
                })
            }
            Action::AutoCheck => {
                if self.is_blank() {
                    return if self.status == Status::Empty {
                        self
                    } else {
                        Rc::new((*self).clone().empty())
                    };
                }
                let same_request = self
                    .request
                    .as_ref()
                    .is_some_and(|r| *r.text == *self.text && r.as_of == self.as_of);
                let pending = same_request && self.in_flight.is_some();
                let shown = self.fresh().is_some() && self.status == Status::Results;
                if pending || shown {
                    return self;
                }
                Rc::new((*self).clone().start())
            }
            Action::CheckNow => {
                let next = (*self).clone();
                Rc::new(if next.is_blank() {
                    next.empty()
                } else {
                    next.start()
                })
            }
            Action::Finished { seq, outcome } => {
                if self.in_flight != Some(seq) {
                    return self; // superseded: an edit or a newer request came after it
                }
                let Some(request) = self.request.clone().filter(|r| r.seq == seq) else {
                    return self;
                };
                let mut next = (*self).clone();
                next.in_flight = None;
                match outcome {
                    Outcome::Checked(response) => {
                        next.checked = Some(Rc::new(Checked::new(
                            request.text.clone(),
                            request.as_of.clone(),
                            response,
                        )));
                        next.status = Status::Results;
                    }
                    Outcome::Unreachable(detail) => next.status = Status::Unreachable(detail),
                    Outcome::Error(message) => next.status = Status::Error(message),
                }
                Rc::new(next)
            }
            Action::Open(open) => {
                let valid = open.is_none_or(|o| {
                    self.placed()
                        .is_some_and(|p| p.ranges.get(o.index).is_some_and(Option::is_some))
                });
                if self.open == open || !valid {
                    return self;
                }
                let mut next = (*self).clone();
                next.open = open;
                Rc::new(next)
            }
            Action::Ignore(index) => {
                let Some(key) = self.checked.as_ref().and_then(|c| c.key(index)) else {
                    return self;
                };
                let mut next = (*self).clone();
                next.ignored.insert(key);
                next.open = None;
                Rc::new(next)
            }
        }
    }
}

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally::api::CorpusInfo;

    /// A response with one claim for `figure` found at UTF-16 offset `start` of the text.
    fn response(claims: &[(&str, usize, Verdict)]) -> CheckResponse {
        let items: Vec<serde_json::Value> = claims
            .iter()
            .map(|(figure, start, verdict)| {
                let end = start + crate::text::utf16_len(figure);
                serde_json::json!({
                    "start": start, "end": end, "byte_start": 0, "byte_end": 0,
                    "text": figure, "kind": "count", "value": 35.0,
                    "interval": {"low": 35.0, "high": 35.0}, "hedge": "exact", "spelled": false,
                    "unit": null, "subject": null, "predicate": null, "attribution": null,
                    "temporal": null,
                    "phrase": {"start": start, "end": end, "byte_start": 0, "byte_end": 0},
                    "phrase_text": figure,
                    "sentence": {"start": 0, "end": end, "byte_start": 0, "byte_end": 0},
                    "checkable": true, "verdict": verdict.as_str(),
                    "message": "The sources say 33.", "evidence": []
                })
            })
            .collect();
        let claims = items
            .into_iter()
            .map(|v| serde_json::from_value(v).expect("a CheckedClaim"))
            .collect();
        CheckResponse {
            claims,
            consistency: Vec::new(),
            corpus: CorpusInfo {
                documents: 1,
                version: "test".into(),
            },
        }
    }

    fn reduce(state: Rc<EditorState>, actions: Vec<Action>) -> Rc<EditorState> {
        actions.into_iter().fold(state, |s, a| s.apply(a))
    }

    /// The state after `draft` was typed, checked, and answered with `claims`.
    fn checked_draft(draft: &str, claims: &[(&str, usize, Verdict)]) -> Rc<EditorState> {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(draft.into()), Action::CheckNow],
        );
        let n = seq(&s);
        s.apply(Action::Finished {
            seq: n,
            outcome: Outcome::Checked(response(claims)),
        })
    }

    fn seq(state: &EditorState) -> u64 {
        state.request.as_ref().unwrap().seq
    }

    const DRAFT: &str = "Hamas has freed 35 hostages.";

    #[test]
    fn starts_idle_with_nothing_to_send() {
        let s = EditorState::default();
        assert_eq!(s.status, Status::Idle);
        assert_eq!(s.status.key(), "idle");
        assert!(s.request.is_none());
    }

    #[test]
    fn edit_then_debounce_sends_one_request_and_shows_its_answer() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::AutoCheck],
        );
        assert_eq!(s.status, Status::Checking);
        let req = s.request.clone().unwrap();
        assert_eq!(&*req.text, DRAFT);
        // A second timer for the same text does not send it again.
        let again = s.clone().apply(Action::AutoCheck);
        assert!(Rc::ptr_eq(&s, &again));

        let s = s.apply(Action::Finished {
            seq: req.seq,
            outcome: Outcome::Checked(response(&[("35", 16, Verdict::Contradicted)])),
        });
        assert_eq!(s.status, Status::Results);
        let checked = s.fresh().expect("fresh results");
        assert_eq!(&checked.text[checked.bytes[0].clone()], "35");
        assert_eq!(s.status_text(), "1 figure checked: 1 contradicted.");
        // Results already shown: the timer does nothing.
        assert!(Rc::ptr_eq(&s, &s.clone().apply(Action::AutoCheck)));
    }

    #[test]
    fn an_answer_for_older_text_is_never_shown() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::AutoCheck],
        );
        let old = seq(&s);
        let s = s.apply(Action::Edit("Hamas has freed 33 hostages.".into()));
        assert_eq!(s.status, Status::Idle);
        let s = s.apply(Action::Finished {
            seq: old,
            outcome: Outcome::Checked(response(&[("35", 16, Verdict::Contradicted)])),
        });
        assert_eq!(s.status, Status::Idle);
        assert!(s.checked.is_none());
        assert!(s.fresh().is_none());
    }

    #[test]
    fn a_newer_request_supersedes_an_older_one_whatever_the_arrival_order() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::CheckNow],
        );
        let first = seq(&s);
        let s = s.apply(Action::CheckNow);
        let second = seq(&s);
        assert!(second > first);
        let s = s.apply(Action::Finished {
            seq: second,
            outcome: Outcome::Checked(response(&[("35", 16, Verdict::Supported)])),
        });
        let s = s.apply(Action::Finished {
            seq: first,
            outcome: Outcome::Error("late".into()),
        });
        assert_eq!(s.status, Status::Results);
        assert_eq!(s.fresh().unwrap().claims[0].verdict, Verdict::Supported);
    }

    #[test]
    fn editing_back_to_the_checked_text_shows_its_results_again() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::AutoCheck],
        );
        let n = seq(&s);
        let s = reduce(
            s,
            vec![
                Action::Finished {
                    seq: n,
                    outcome: Outcome::Checked(response(&[])),
                },
                Action::Edit(format!("{DRAFT} More")),
            ],
        );
        assert_eq!(s.status, Status::Idle);
        assert!(s.fresh().is_none());
        let s = s.apply(Action::Edit(DRAFT.into()));
        assert_eq!(s.status, Status::Results);
        assert_eq!(s.status_text(), "No checkable figures in this draft.");
    }

    #[test]
    fn empty_drafts_are_not_sent() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit("  \n ".into()), Action::AutoCheck],
        );
        assert_eq!(s.status, Status::Empty);
        assert!(s.request.is_none());
        let s = s.apply(Action::CheckNow);
        assert_eq!(s.status.key(), "empty");
        assert!(s.request.is_none());
    }

    #[test]
    fn errors_and_unreachable_server_are_states() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::CheckNow],
        );
        let n = seq(&s);
        let err = s.clone().apply(Action::Finished {
            seq: n,
            outcome: Outcome::Error("as_of must be a YYYY-MM-DD date".into()),
        });
        assert_eq!(err.status.key(), "error");
        assert!(err
            .status_text()
            .contains("as_of must be a YYYY-MM-DD date"));
        let down = s.apply(Action::Finished {
            seq: n,
            outcome: Outcome::Unreachable("TypeError: Failed to fetch".into()),
        });
        assert_eq!(down.status.key(), "unreachable");
        assert!(down.status_text().contains("unreachable"));
        // The button tries again.
        let retry = down.apply(Action::CheckNow);
        assert_eq!(retry.status, Status::Checking);
        assert!(seq(&retry) > n);
    }

    #[test]
    fn as_of_rechecks_and_results_depend_on_it() {
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::CheckNow],
        );
        let n = seq(&s);
        let s = s.apply(Action::Finished {
            seq: n,
            outcome: Outcome::Checked(response(&[("35", 16, Verdict::Contradicted)])),
        });
        let s = s.apply(Action::SetAsOf(Some("2024-04-01".into())));
        assert_eq!(s.status, Status::Checking);
        let req = s.request.clone().unwrap();
        assert_eq!(req.as_of.as_deref(), Some("2024-04-01"));
        assert!(s.fresh().is_none(), "results were for no date");
        // Clearing the picker sends `None`, and an empty string means no date.
        let s = s.apply(Action::SetAsOf(Some(String::new())));
        assert_eq!(s.as_of, None);
    }

    #[test]
    fn marks_follow_edits_and_an_edited_figure_loses_its_mark() {
        let draft = "Hamas freed 35 hostages. Israel freed 600 prisoners.";
        let s = checked_draft(
            draft,
            &[
                ("35", 12, Verdict::Contradicted),
                ("600", 38, Verdict::Supported),
            ],
        );
        let marked = |s: &EditorState| -> Vec<Option<String>> {
            let p = s.placed().expect("placed");
            p.ranges
                .iter()
                .map(|r| r.clone().map(|r| s.text[r].to_owned()))
                .collect()
        };
        assert_eq!(marked(&s), [Some("35".into()), Some("600".into())]);
        // Text typed before both figures moves both.
        let s = s.apply(Action::Edit(format!("Today {draft}")));
        assert_eq!(marked(&s), [Some("35".into()), Some("600".into())]);
        // The first figure edited: its mark goes, the other stays.
        let s = s.apply(Action::Edit(
            "Today Hamas freed 33 hostages. Israel freed 600 prisoners.".into(),
        ));
        assert_eq!(marked(&s), [None, Some("600".into())]);
        // Multi-byte text before a figure keeps offsets on char boundaries.
        let s = s.apply(Action::Edit(
            "Today — Hamas freed 33 hostages. Israel freed 600 prisoners.".into(),
        ));
        assert_eq!(marked(&s)[1].as_deref(), Some("600"));
    }

    #[test]
    fn a_range_touched_by_the_edit_has_no_place_in_the_current_text() {
        let draft = "About 65 hostages remain.";
        let s = checked_draft(draft, &[("65", 6, Verdict::Contradicted)]);
        // The hedge and figure, "About 65", moved by text typed before them.
        let s = s.apply(Action::Edit(format!("Now: {draft}")));
        let p = s.placed().unwrap();
        assert_eq!(p.map(0..8).map(|r| &s.text[r]), Some("About 65"));
        // The hedge edited: the range is gone, though the figure itself is untouched.
        let s = s.apply(Action::Edit("Now: Around 65 hostages remain.".into()));
        let p = s.placed().unwrap();
        assert_eq!(p.map(0..8), None);
        assert!(p.ranges[0].is_some());
    }

    #[test]
    fn an_ignored_flag_is_dropped_counted_and_left_out_of_the_report() {
        let s = checked_draft(DRAFT, &[("35", 16, Verdict::Contradicted)]);
        let checked = s.checked.clone().unwrap();
        assert!(checked.report(&s.ignored).contains("The sources say 33."));
        let s = s.apply(Action::Ignore(0));
        let p = s.placed().unwrap();
        assert_eq!((p.ranges[0].clone(), p.ignored), (None, 1));
        assert!(checked.report(&s.ignored).contains("No figure is flagged."));
        // Still ignored after an edit elsewhere in the draft.
        let s = s.apply(Action::Edit(format!("{DRAFT} More text.")));
        assert_eq!(s.placed().unwrap().ignored, 1);
    }

    #[test]
    fn cards_open_only_on_shown_marks() {
        let open = OpenCard {
            index: 0,
            left: 1.0,
            top: 2.0,
        };
        let s = Rc::new(EditorState::default()).apply(Action::Open(Some(open)));
        assert_eq!(s.open, None, "nothing is shown");
        let s = reduce(
            Rc::default(),
            vec![Action::Edit(DRAFT.into()), Action::CheckNow],
        );
        let n = seq(&s);
        let s = reduce(
            s,
            vec![
                Action::Finished {
                    seq: n,
                    outcome: Outcome::Checked(response(&[("35", 16, Verdict::Contradicted)])),
                },
                Action::Open(Some(open)),
            ],
        );
        assert_eq!(s.open, Some(open));
        let s = s.apply(Action::Edit("x".into()));
        assert_eq!(s.open, None, "editing closes the card");
    }

    #[test]
    fn checked_orders_claims_counts_verdicts_and_maps_utf16_after_emoji() {
        let text = "🎉 59 held, 35 freed";
        // UTF-16: 🎉 is 2 units, so "59" starts at 3 and "35" at 12.
        let c = Checked::new(
            Rc::from(text),
            None,
            response(&[
                ("35", 12, Verdict::Contradicted),
                ("59", 3, Verdict::Supported),
                ("5", 3, Verdict::Supported),  // overlaps "59": dropped
                ("7", 40, Verdict::Supported), // past the end: dropped
            ]),
        );
        assert_eq!(c.claims.len(), 2);
        assert_eq!(&text[c.bytes[0].clone()], "59");
        assert_eq!(&text[c.bytes[1].clone()], "35");
        assert_eq!(c.counts()[0], (Verdict::Supported, 1));
        assert_eq!(c.counts()[1], (Verdict::Contradicted, 1));
        assert_eq!(
            c.summary_line(),
            "2 figures checked: 1 supported, 1 contradicted."
        );
        let marked: Vec<&str> = c
            .segments
            .iter()
            .filter(|s| s.mark.is_some())
            .map(|s| &text[s.bytes.clone()])
            .collect();
        assert_eq!(marked, vec!["59", "35"]);
    }
}
