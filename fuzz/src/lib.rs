//! The bodies of the fuzz targets and the invariants they assert.
//!
//! Each target in `fuzz_targets/` is one call into this file, and the regression test
//! `tests/tests/fuzz_regressions.rs` includes the same file with `#[path]`, so a reproducer in
//! `testdata/fuzz/<target>/` replays through exactly the code the fuzzer ran. A broken
//! invariant panics; libFuzzer reports the panic as a crash.
//!
//! Only what `tally` documents is asserted: spans are ordered byte ranges on char boundaries
//! (`tally::Span`), intervals are finite and ordered (`tally::Interval`), percentages stay in
//! `[0, 100]` (`tally::hedge`), claims come in text order (`tally::extract`), UTF-16 offsets
//! match the text (`tally::Utf16Index`, `tally::api::Offsets`), evidence quotes real corpus
//! documents published by `as_of`, and each verdict carries the evidence its definition needs
//! (`tally::check`).

use std::collections::HashSet;
use std::sync::OnceLock;
use tally::api::{self, CheckResponse, EvidenceJson, Offsets, RequestError};
use tally::check::index::CorpusIndex;
use tally::check::Verdict;
use tally::corpus::{Corpus, Date};
use tally::{Claim, ClaimKind, Interval, Span, Utf16Index};

// ---------------------------------------------------------------------------------------------
// The targets.

/// `extract`: any bytes, read as UTF-8 (invalid sequences become U+FFFD, so valid UTF-8 is
/// extracted as it is).
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let reference = Reference::new(&text);
    reference.check_index(&Utf16Index::new(&text));
    check_claims(&text, &reference, &tally::extract(&text));
}

/// `check`: any text against the seed corpus, once without `as_of` and once with a date picked
/// by the text's length among the corpus's publication dates and one before them all.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let index = seed_index();
    check_response(index, &text, None);
    let mut dates: Vec<Date> = index.corpus.documents.iter().map(|d| d.published).collect();
    dates.push(Date {
        year: 2000,
        month: 1,
        day: 1,
    });
    check_response(index, &text, Some(dates[text.len() % dates.len()]));
}

/// `check_body`: a request as the server gets it (see [`BodyInput`]), through
/// `tally::api::parse_request`, `Date::parse` on `as_of` and `check_json`, as
/// `server/src/routes/check.rs` does.
pub fn check_body(data: &[u8]) {
    let input = BodyInput::from_bytes(data);
    let body = input.body.to_vec();
    let request = match api::parse_request(input.content_type, body) {
        Ok(request) => request,
        Err(RequestError::InvalidUtf8 { offset }) => {
            let valid = std::str::from_utf8(input.body).map_err(|e| e.valid_up_to());
            assert_eq!(valid, Err(offset), "InvalidUtf8 names the first bad byte");
            return;
        }
        Err(_) => return,
    };
    if input.mime() == "text/plain" {
        assert_eq!(
            request.text.as_bytes(),
            input.body,
            "text/plain is the draft"
        );
        assert_eq!(request.as_of, None);
    }
    let as_of = match request.as_of.as_deref() {
        None => None,
        Some(s) => match Date::parse(s) {
            Some(date) => {
                assert_eq!(date.to_string(), s, "a parsed date prints as written");
                Some(date)
            }
            // The server answers 400 invalid_as_of.
            None => return,
        },
    };
    check_response(seed_index(), &request.text, as_of);
}

/// `corpus_load`: a manifest and files (see [`CorpusInput`]). A corpus that loads is indexed,
/// its conflicts computed, and its first document checked against it.
pub fn corpus_load(input: &CorpusInput) {
    let read = |name: &str| {
        input
            .files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| "no such file".to_string())
    };
    let Ok(corpus) = Corpus::load(&input.manifest, read) else {
        return;
    };
    check_corpus(&corpus);
    let index = CorpusIndex::build(corpus);
    for conflict in api::conflicts(&index) {
        assert!(
            matches!(conflict.kind.as_str(), "disagreement" | "changed_over_time"),
            "conflict kind {:?}",
            conflict.kind
        );
        let docs: HashSet<&str> = conflict.claims.iter().map(|e| e.doc.as_str()).collect();
        assert!(docs.len() >= 2, "a conflict is between two sources");
        for e in &conflict.claims {
            assert!(!e.agrees, "conflicting claims do not agree");
            check_evidence(&index, e, None);
        }
    }
    let text = index.corpus.documents[0].text.clone();
    check_response(&index, &text, None);
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// The `check_body` input: the first line is the `Content-Type` header (an empty line, or no
/// line break at all, means no header), the rest is the body.
#[derive(Debug, Clone, Copy)]
pub struct BodyInput<'a> {
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

impl<'a> BodyInput<'a> {
    pub fn from_bytes(data: &'a [u8]) -> Self {
        let Some(nl) = data.iter().position(|&b| b == b'\n') else {
            return BodyInput {
                content_type: None,
                body: data,
            };
        };
        let header = &data[..nl];
        // As actix's `HeaderValue::to_str`: only visible ASCII is text, and the server passes
        // "(not text)" for anything else (server/src/body.rs).
        let visible = |b: &u8| *b == b'\t' || (0x20..0x7f).contains(b);
        let content_type = match header {
            [] => None,
            h if h.iter().all(visible) => std::str::from_utf8(h).ok(),
            _ => Some("(not text)"),
        };
        BodyInput {
            content_type,
            body: &data[nl + 1..],
        }
    }

    fn mime(&self) -> String {
        let ct = self.content_type.unwrap_or("application/json");
        ct.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }
}

/// The `corpus_load` input: NUL-separated text, the manifest first and then file name and file
/// contents in turn (a name without contents is an empty file).
///
/// Separators rather than `arbitrary`'s length-prefixed encoding, so that the seeds are the real
/// corpus and a reproducer can be read and edited as text; the target still takes the input
/// through `arbitrary` (see `fuzz_targets/corpus_load.rs`).
#[derive(Debug, Clone, Default)]
pub struct CorpusInput {
    pub manifest: String,
    pub files: Vec<(String, String)>,
}

impl CorpusInput {
    pub fn from_bytes(data: &[u8]) -> Self {
        let text = String::from_utf8_lossy(data);
        let mut parts = text.split('\0');
        let manifest = parts.next().unwrap_or("").to_string();
        let mut files = Vec::new();
        while let Some(name) = parts.next() {
            files.push((name.to_string(), parts.next().unwrap_or("").to_string()));
        }
        CorpusInput { manifest, files }
    }
}

// ---------------------------------------------------------------------------------------------
// The seed corpus.

/// The index of `corpus/`, built once per process.
pub fn seed_index() -> &'static CorpusIndex {
    static INDEX: OnceLock<CorpusIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        // Both crates that compile this file (fuzz/ and tests/) sit one level below the root.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
        let corpus = Corpus::load(&read("manifest.json").expect("corpus/manifest.json"), read)
            .expect("the seed corpus loads");
        CorpusIndex::build(corpus)
    })
}

// ---------------------------------------------------------------------------------------------
// Invariants.

/// The UTF-16 offset of every char boundary of a text, counted the slow, obvious way.
struct Reference<'t> {
    text: &'t str,
    /// `units[b]` for each byte offset `b`; `None` inside a character.
    units: Vec<Option<usize>>,
}

impl<'t> Reference<'t> {
    fn new(text: &'t str) -> Self {
        let mut units = vec![None; text.len() + 1];
        let mut n = 0;
        for (i, c) in text.char_indices() {
            units[i] = Some(n);
            n += c.len_utf16();
        }
        units[text.len()] = Some(n);
        Reference { text, units }
    }

    /// `Utf16Index` agrees with the reference both ways at every boundary, and refuses the
    /// unit between the halves of a surrogate pair and any unit past the end.
    fn check_index(&self, idx: &Utf16Index) {
        let mut last = 0;
        for (b, u) in self.units.iter().enumerate() {
            let Some(u) = *u else { continue };
            assert_eq!(idx.utf16(b), u, "utf16({b})");
            assert_eq!(idx.byte(u), Some(b), "byte({u})");
            if u > last + 1 {
                assert_eq!(
                    idx.byte(last + 1),
                    None,
                    "byte({}) is mid-character",
                    last + 1
                );
            }
            last = u;
        }
        assert_eq!(
            idx.byte(last + 1),
            None,
            "byte({}) is past the end",
            last + 1
        );
    }

    /// A byte span lies in the text, in order, on char boundaries.
    fn check_span(&self, what: &str, s: Span) {
        assert!(
            s.start <= s.end && s.end <= self.text.len(),
            "{what} {s:?} outside 0..{}",
            self.text.len()
        );
        assert!(
            self.units[s.start].is_some() && self.units[s.end].is_some(),
            "{what} {s:?} cuts a character"
        );
    }

    /// API offsets are a valid byte span with the matching UTF-16 offsets.
    fn check_offsets(&self, what: &str, o: &Offsets) {
        let span = Span {
            start: o.byte_start,
            end: o.byte_end,
        };
        self.check_span(what, span);
        assert_eq!(
            (Some(o.start), Some(o.end)),
            (self.units[o.byte_start], self.units[o.byte_end]),
            "{what}: UTF-16 offsets of {o:?}"
        );
    }
}

fn check_interval(what: &str, iv: &Interval) {
    assert!(
        iv.low.is_finite() && iv.high.is_finite() && iv.low <= iv.high,
        "{what}: interval {iv:?}"
    );
}

fn check_claims(text: &str, r: &Reference, claims: &[Claim]) {
    for c in claims {
        r.check_span("figure", c.figure);
        r.check_span("phrase", c.phrase);
        r.check_span("sentence", c.sentence);
        if let Some(p) = &c.predicate {
            r.check_span("predicate", p.span);
        }
        if let Some(a) = &c.attribution {
            r.check_span("attribution", a.span);
        }
        let f = c.figure.slice(text);
        assert!(c.phrase.contains(c.figure), "phrase holds figure {f:?}");
        assert!(c.sentence.contains(c.figure), "sentence holds figure {f:?}");
        assert!(c.value.is_finite(), "value of {f:?} is {}", c.value);
        check_interval(f, &c.interval);
        if c.kind == ClaimKind::Percent {
            assert!(
                c.interval.low >= 0.0 && c.interval.high <= 100.0,
                "percent {f:?} outside [0, 100]: {:?}",
                c.interval
            );
        }
    }
    assert!(
        claims
            .windows(2)
            .all(|w| (w[0].figure.start, w[0].figure.end) <= (w[1].figure.start, w[1].figure.end)),
        "claims are in text order"
    );
}

/// Runs `check_json` and asserts what the response promises.
fn check_response(index: &CorpusIndex, text: &str, as_of: Option<Date>) -> CheckResponse {
    let response = api::check_json(index, text, as_of);
    let r = Reference::new(text);
    assert_eq!(response.corpus.documents, index.corpus.documents.len());
    assert_eq!(response.corpus.version, index.corpus.version);
    for c in &response.claims {
        let j = &c.claim;
        r.check_offsets("figure", &j.figure);
        r.check_offsets("phrase", &j.phrase);
        r.check_offsets("sentence", &j.sentence);
        assert_eq!(j.text, &text[j.figure.byte_start..j.figure.byte_end]);
        assert_eq!(j.phrase_text, &text[j.phrase.byte_start..j.phrase.byte_end]);
        assert!(
            j.checkable && j.kind.is_checkable(),
            "{:?} is checked",
            j.kind
        );
        assert!(j.value.is_finite());
        check_interval(&j.text, &j.interval);
        for e in c.evidence.iter().chain(&c.related) {
            check_evidence(index, e, as_of);
        }
        check_verdict(c.verdict, &c.evidence, &j.text);
        // Related source figures are context for unverifiable figures only, never evidence.
        assert!(
            c.related.is_empty() || c.verdict == Verdict::Unverifiable && c.evidence.is_empty(),
            "{:?}: {:?} with related figures",
            j.text,
            c.verdict
        );
        assert!(c.related.len() <= tally::check::RELATED);
    }
    assert!(
        response
            .claims
            .windows(2)
            .all(|w| w[0].claim.figure.byte_start <= w[1].claim.figure.byte_start),
        "checked claims are in text order"
    );
    response
}

/// Evidence names a corpus document and quotes it faithfully.
fn check_evidence(index: &CorpusIndex, e: &EvidenceJson, as_of: Option<Date>) {
    let doc = index
        .corpus
        .get(&e.doc)
        .unwrap_or_else(|| panic!("evidence cites {:?}, not in the corpus", e.doc));
    assert_eq!(e.title, doc.title);
    assert_eq!(e.published, doc.published.to_string());
    if let Some(d) = as_of {
        assert!(
            doc.published <= d,
            "evidence from {} after as_of {d}",
            e.published
        );
    }
    assert!(doc.text.contains(&e.quote), "the quote is in {}", e.doc);
    let q = Utf16Index::new(&e.quote);
    let (start, end) = (q.byte(e.quote_start), q.byte(e.quote_end));
    match (start, end) {
        (Some(s), Some(t)) if s <= t => assert_eq!(&e.quote[s..t], e.text, "figure in quote"),
        _ => panic!(
            "quote offsets {}..{} do not fit {:?}",
            e.quote_start, e.quote_end, e.quote
        ),
    }
    assert!(e.value.is_finite() && e.score.is_finite());
    check_interval(&e.text, &e.interval);
}

/// Each verdict carries the evidence that its definition in `tally::check` needs.
fn check_verdict(verdict: Verdict, evidence: &[EvidenceJson], figure: &str) {
    let (agreeing, disagreeing): (Vec<&EvidenceJson>, Vec<&EvidenceJson>) =
        evidence.iter().partition(|e| e.agrees);
    let newest = |es: &[&EvidenceJson]| es.iter().map(|e| e.published.clone()).max();
    let ok = match verdict {
        Verdict::Supported => !agreeing.is_empty(),
        Verdict::Disputed => !agreeing.is_empty() && !disagreeing.is_empty(),
        // Dates print as YYYY-MM-DD, so they compare as strings. With no agreeing source, the
        // figure is an earlier count of one the newest source states.
        Verdict::Outdated => match (newest(&agreeing), newest(&disagreeing)) {
            (Some(a), Some(d)) => d > a,
            (None, Some(_)) => true,
            _ => false,
        },
        Verdict::Contradicted => agreeing.is_empty() && !disagreeing.is_empty(),
        Verdict::Unverifiable => true,
    };
    assert!(ok, "{figure:?}: {verdict:?} with evidence {evidence:#?}");
}

/// What `tally::corpus` promises of a loaded corpus: unique ids of letters, digits, '_', '-'
/// and '.', and a 16-hex-digit version.
fn check_corpus(corpus: &Corpus) {
    let mut ids = HashSet::new();
    for d in &corpus.documents {
        assert!(
            !d.id.is_empty()
                && d.id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
            "document id {:?}",
            d.id
        );
        assert!(ids.insert(d.id.as_str()), "duplicate id {:?}", d.id);
    }
    assert!(!corpus.documents.is_empty());
    assert!(
        corpus.version.len() == 16 && corpus.version.chars().all(|c| c.is_ascii_hexdigit()),
        "version {:?}",
        corpus.version
    );
}
