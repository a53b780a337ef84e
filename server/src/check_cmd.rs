//! `tally check`: a draft's figures judged against the corpus, printed like compiler
//! diagnostics, or as the JSON body of `POST /v1/check`.

use crate::extract_cmd::read_text;
use anyhow::bail;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tally::api::{check_json, CheckResponse, CheckedClaim, ConsistencyJson};
use tally::check::Verdict;
use tally::corpus::{Corpus, Date};
use tally::span::floor_char_boundary;
use tally::LineIndex;

/// A draft's line is shown up to this many bytes on each side of a figure; a longer line is
/// cut, with "…" where it was, so that a draft on one long line does not print it whole for
/// every figure.
const LINE_CONTEXT: usize = 80;

/// Checks the draft in `file` (standard input for `-` or none). Exit code 1 when a figure is
/// contradicted or outdated, 0 otherwise.
pub fn run(
    file: Option<&Path>,
    as_of: Option<&str>,
    json: bool,
    corpus: Corpus,
) -> anyhow::Result<ExitCode> {
    let as_of = match as_of {
        None => None,
        Some(s) => match Date::parse(s) {
            Some(d) => Some(d),
            None => bail!("--as-of {s:?} is not a date: use YYYY-MM-DD, e.g. 2025-03-01"),
        },
    };
    let (text, name) = read_text(file)?;
    let index = crate::corpus_source::index(corpus);
    let response = check_json(&index, &text, as_of);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer(&mut out, &response)?;
        writeln!(out)?;
    } else {
        let lines = LineIndex::new(&text);
        for c in &response.claims {
            writeln!(out, "{}", diagnostic(&text, &name, &lines, c))?;
        }
        for f in &response.consistency {
            writeln!(out, "{}", finding(&name, &lines, &response.claims, f))?;
        }
        writeln!(out, "{}", summary(&response))?;
    }
    out.flush()?;
    let flagged = !response.consistency.is_empty()
        || response
            .claims
            .iter()
            .any(|c| matches!(c.verdict, Verdict::Contradicted | Verdict::Outdated));
    Ok(if flagged {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One figure: where, the verdict and message, the draft's line with a caret under the figure,
/// and the sources.
fn diagnostic(text: &str, name: &str, lines: &LineIndex, c: &CheckedClaim) -> String {
    let (start, end) = (c.claim.figure.byte_start, c.claim.figure.byte_end);
    let (line_no, range) = lines.line(start);
    let col = lines.chars(start) - lines.chars(range.start);
    // The part of the line shown: all of it, or the figure's surroundings.
    let from = floor_char_boundary(text, start.saturating_sub(LINE_CONTEXT).max(range.start));
    let to = floor_char_boundary(text, (end + LINE_CONTEXT).min(range.end)).max(end);
    let (open, close) = (
        if from > range.start { "…" } else { "" },
        if to < range.end { "…" } else { "" },
    );
    let shown = text[from..to].trim_end_matches('\r');
    let caret_at = open.chars().count() + lines.chars(start) - lines.chars(from);
    let width = c.claim.text.chars().count().max(1);
    let gutter = " ".repeat(line_no.to_string().len());
    let mut s = format!(
        "{name}:{line_no}:{}: {}: {}\n{gutter} |\n{line_no} | {open}{shown}{close}\n{gutter} | {}{}",
        col + 1,
        c.verdict.as_str(),
        c.message,
        " ".repeat(caret_at),
        "^".repeat(width)
    );
    for e in c.evidence.iter().take(3) {
        let mark = if e.agrees { "agrees" } else { "differs" };
        s.push_str(&format!(
            "\n{gutter} = {mark}: “{}”, {}: {:?}",
            e.title, e.published, e.quote
        ));
    }
    if let Some(fix) = &c.suggestion {
        s.push_str(&format!("\n{gutter} = fix: {:?}", fix.text));
    }
    s.push('\n');
    s
}

/// A finding of figures that cannot all hold: where each figure is, and the message.
fn finding(name: &str, lines: &LineIndex, claims: &[CheckedClaim], f: &ConsistencyJson) -> String {
    let places: Vec<String> = f
        .claims
        .iter()
        .filter_map(|&k| claims.get(k))
        .map(|c| {
            let start = c.claim.figure.byte_start;
            let (line_no, range) = lines.line(start);
            let col = lines.chars(start) - lines.chars(range.start);
            format!("{line_no}:{} “{}”", col + 1, c.claim.text)
        })
        .collect();
    let first = places
        .first()
        .map_or("1:1", |p| p.split(' ').next().unwrap_or("1:1"));
    format!(
        "{name}:{first}: inconsistent ({}): {}\n  = figures: {}\n",
        f.kind,
        f.message,
        places.join(", ")
    )
}

fn summary(r: &CheckResponse) -> String {
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| (v, r.claims.iter().filter(|c| c.verdict == *v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {}", v.as_str()))
        .collect();
    let n = r.claims.len();
    let figures = if n == 1 { "figure" } else { "figures" };
    if counts.is_empty() {
        format!("{n} {figures} checked")
    } else {
        format!("{n} {figures} checked: {}", counts.join(", "))
    }
}
