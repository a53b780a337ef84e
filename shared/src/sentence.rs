//! Sentence segmentation for news text.
//!
//! A sentence ends at a line break (headlines, captions and bylines stand on lines of their
//! own) or at `.`, `!`, `?` or `…` followed by closing quotes or brackets, whitespace, and
//! something that can start a sentence (a capital, a digit, an opening quote). A period after
//! an abbreviation ("Feb.", "U.S.", "Gen.", "No.") or an initial ("Dan M. Berger") does not
//! end one, nor does a decimal point, which is never followed by whitespace.

use crate::lexicon::is_abbreviation;
use crate::span::Span;

/// The sentences of `text`, in order, trimmed of surrounding whitespace; never empty spans.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some((i, i + c.len_utf8())),
            '.' | '!' | '?' | '…' => {
                let mut j = i + c.len_utf8();
                // Closing quotes and brackets belong to the sentence they close.
                while let Some(n) = text[j..].chars().next() {
                    if matches!(n, '"' | '”' | '’' | '\'' | ')' | ']' | '»') {
                        j += n.len_utf8();
                    } else {
                        break;
                    }
                }
                if ends_here(text, i, c, j) {
                    Some((j, j))
                } else {
                    None
                }
            }
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
    out
}

fn ends_here(text: &str, dot: usize, c: char, after: usize) -> bool {
    let rest = &text[after..];
    let Some(ws) = rest.chars().next() else {
        return true;
    };
    if !ws.is_whitespace() {
        return false;
    }
    let next = rest.trim_start().chars().next();
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
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '.'))
        .map_or(0, |(k, ch)| k + ch.len_utf8());
    let word = &before[word_start..];
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
        sentences(text).into_iter().map(|s| s.slice(text)).collect()
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
