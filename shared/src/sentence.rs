//! Sentence segmentation for news text.
//!
//! A sentence ends at a line break (headlines, captions and bylines stand on lines of their
//! own) or at `.`, `!`, `?` or `…` followed by closing quotes or brackets, whitespace, and
//! something that can start a sentence (a capital, a digit, an opening quote). A period after
//! an abbreviation ("Feb.", "U.S.", "Gen.", "No.") or an initial ("Dan M. Berger") does not
//! end one, nor does a decimal point, which is never followed by whitespace.
//!
//! A run of text with no sentence end is cut into pieces of bounded length (see
//! [`SOFT_LIMIT`]): everything that reads a claim's sentence then does a bounded amount of work
//! per claim, whatever the text.

use crate::lexicon::is_abbreviation;
use crate::span::Span;
use crate::work::Work;

/// A sentence that reaches this many bytes ends at the next whitespace. The longest sentence
/// of the seed corpus has 353 bytes; news rarely passes 600.
pub const SOFT_LIMIT: usize = 1_000;
/// A sentence that reaches this many bytes without whitespace ends at the next character
/// boundary, even inside a word: such a run is not prose.
pub const HARD_LIMIT: usize = 2 * SOFT_LIMIT;

/// The sentences of `text`, in order, trimmed of surrounding whitespace; never empty spans,
/// none longer than [`HARD_LIMIT`] bytes plus one character.
pub fn sentences(text: &str, work: &Work) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut steps = 0u64;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        steps += 1;
        let end = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some((i, i + c.len_utf8())),
            '.' | '!' | '?' | '…' => {
                let mut j = i + c.len_utf8();
                // Closing quotes and brackets belong to the sentence they close.
                while let Some(n) = text[j..].chars().next() {
                    steps += 1;
                    if matches!(n, '"' | '”' | '’' | '\'' | ')' | ']' | '»') {
                        j += n.len_utf8();
                    } else {
                        break;
                    }
                }
                if ends_here(text, i, c, j, &mut steps) {
                    Some((j, j))
                } else {
                    None
                }
            }
            c if i - start >= SOFT_LIMIT && c.is_whitespace() && !in_number(text, i, c) => {
                Some((i, i + c.len_utf8()))
            }
            _ if i - start >= HARD_LIMIT => Some((i, i)),
            _ => None,
        };
        if let Some((stop, resume)) = end {
            push_trimmed(text, start, stop, &mut out);
            start = resume;
            while iter.peek().is_some_and(|&(k, _)| k < resume) {
                iter.next();
            }
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    work.add(steps + out.len() as u64);
    out
}

/// True when the space at `i` stands between digits, where it may group them ("48 000").
fn in_number(text: &str, i: usize, c: char) -> bool {
    let b = text.as_bytes();
    i > 0 && b[i - 1].is_ascii_digit() && b.get(i + c.len_utf8()).is_some_and(u8::is_ascii_digit)
}

fn ends_here(text: &str, dot: usize, c: char, after: usize, steps: &mut u64) -> bool {
    let rest = &text[after..];
    let Some(ws) = rest.chars().next() else {
        return true;
    };
    if !ws.is_whitespace() {
        return false;
    }
    // The whitespace after one sentence end is read here and again by the main loop, never
    // more: it stops at the next non-space.
    let after_space = rest.trim_start();
    *steps += (rest.len() - after_space.len()) as u64;
    let next = after_space.chars().next();
    let starts_sentence = match next {
        None => true,
        Some(n) => {
            n.is_uppercase()
                || n.is_ascii_digit()
                || matches!(
                    n,
                    '"' | '“' | '‘' | '\'' | '(' | '[' | '•' | '—' | '–' | '-'
                )
        }
    };
    if !starts_sentence {
        return false;
    }
    if c != '.' || after != dot + 1 {
        return true;
    }
    // The word before the period: an abbreviation or a single initial does not end a sentence.
    let before = &text[..dot];
    // The word is read back to the whitespace before it, which the previous sentence end
    // cannot pass: each byte is read back at most once.
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '.'))
        .map_or(0, |(k, ch)| k + ch.len_utf8());
    let word = &before[word_start..];
    *steps += word.len() as u64;
    if word.is_empty() {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !(is_abbreviation(&lower) || single_initial)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &Work::new())
            .into_iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn a_run_without_a_sentence_end_is_cut_into_bounded_pieces() {
        // Issue 9: one sentence of a megabyte made every claim in it read the whole of it.
        let words = "one two three ".repeat(1_000);
        let glued = "1,2,3,4,5,".repeat(1_000);
        for text in [words.as_str(), glued.as_str()] {
            let parts = sentences(text, &Work::new());
            assert!(parts.len() > 1, "{}", &text[..20]);
            for s in &parts {
                assert!(s.len() <= HARD_LIMIT + 4, "{} bytes", s.len());
            }
            // Nothing is lost between pieces but whitespace.
            let joined: String = parts.iter().map(|s| s.slice(text)).collect();
            let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined.replace(' ', ""), squeezed);
        }
        // Words are cut at whitespace once past the soft limit.
        for s in sentences(&words, &Work::new()) {
            assert!(
                s.slice(&words).ends_with("one")
                    || s.slice(&words).ends_with("two")
                    || s.slice(&words).ends_with("three")
            );
        }
    }

    #[test]
    fn abbreviations_and_decimals_do_not_end_sentences() {
        assert_eq!(
            split("On Feb. 27, 2025, the U.S. envoy said 4.5 percent. Gen. Smith agreed."),
            [
                "On Feb. 27, 2025, the U.S. envoy said 4.5 percent.",
                "Gen. Smith agreed."
            ]
        );
    }

    #[test]
    fn quotes_lines_and_initials() {
        assert_eq!(
            split("He said \"we agree.\" Then he left.\nDan M. Berger\nUpdated:"),
            [
                "He said \"we agree.\"",
                "Then he left.",
                "Dan M. Berger",
                "Updated:"
            ]
        );
    }

    #[test]
    fn lowercase_after_period_continues() {
        assert_eq!(
            split("about 9 mi. from the border"),
            ["about 9 mi. from the border"]
        );
    }
}
