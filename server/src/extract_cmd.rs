//! `tally extract`: the claims of a text, as a readable listing or JSON lines.

use anyhow::{bail, Context};
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use tally::api::{extract_json, ClaimJson};
use tally::LineIndex;

/// Reads `file` (or standard input for `-` or none) and prints its claims.
pub fn run(file: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let (text, _) = read_text(file)?;
    let claims = extract_json(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let lines = LineIndex::new(&text);
    for c in &claims {
        if json {
            serde_json::to_writer(&mut out, c)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", describe(&lines, c))?;
        }
    }
    if !json {
        writeln!(out, "{} claims", claims.len())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a text file, or standard input for `-` or none; returns the text and a name for it.
pub fn read_text(file: Option<&Path>) -> anyhow::Result<(String, String)> {
    let (bytes, name) = match file {
        None => (read_stdin()?, "<stdin>".to_string()),
        Some(p) if p == Path::new("-") => (read_stdin()?, "<stdin>".to_string()),
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            (bytes, p.display().to_string())
        }
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, name)),
        Err(e) => bail!(
            "{name} is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    }
}

fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .context("cannot read standard input")?;
    Ok(buf)
}

/// One line per claim: where it is, what it is, and what was understood of it.
fn describe(lines: &LineIndex, c: &ClaimJson) -> String {
    let (line, range) = lines.line(c.figure.byte_start);
    let col = c.figure.byte_start - range.start + 1;
    let kind = serde_json::to_value(c.kind).ok();
    let kind = kind.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
    let mut s = format!("{line}:{col}\t{kind}\t{:?}", c.phrase_text);
    if c.checkable {
        s.push_str(&format!(
            " = {} [{}, {}]",
            c.value, c.interval.low, c.interval.high
        ));
    }
    if let Some(u) = &c.unit {
        s.push_str(&format!(" {}", u.name));
    }
    if let Some(subj) = &c.subject {
        s.push_str(&format!(" · counts: {}", subj.concept));
        if !subj.modifiers.is_empty() {
            s.push_str(&format!(" ({})", subj.modifiers.join(", ")));
        }
    }
    if let Some(p) = &c.predicate {
        let neg = if p.negated { "not " } else { "" };
        s.push_str(&format!(" · {neg}{} ({:?})", p.concept, p.text));
    }
    if let Some(a) = &c.attribution {
        s.push_str(&format!(" · per {:?}", a.text));
    }
    if let Some(t) = &c.temporal {
        s.push_str(&format!(
            " · {}",
            serde_json::to_string(t).unwrap_or_default()
        ));
    }
    s
}
