//! Splitting text into words, numbers and punctuation, with byte spans.
//!
//! The tokenizer is a single pass over the bytes with no regular expressions: it is the
//! hot loop of extraction. Words keep internal apostrophes ("don’t", "Israel’s") and dotted
//! initialisms ("U.S.", "a.m."); hyphens and dashes are tokens of their own, and each token
//! records whether whitespace came before it, so that "42-day" and "42 - day" can be told
//! apart where that matters.

use crate::span::Span;
use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, with internal apostrophes and dotted initialisms.
    Word,
    /// Digits, possibly with thousands separators and a decimal part: "1,200", "48 000", "4.5".
    Number,
    /// Any other single character that is not whitespace.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// Whitespace (of any kind) separates this token from the previous one.
    pub space_before: bool,
    /// A line break separates this token from the previous one.
    pub line_before: bool,
}

/// A tokenized text, with an ASCII-lowercased copy for case-insensitive lexicon lookups.
///
/// `lower` has exactly the byte layout of `text` (only ASCII letters change), so a token's
/// span slices both.
///
/// It also counts the work done on it: the tokenizer's and that of every reader that walks
/// the tokens (numbers, dates, phrases), through [`Tokens::step`]; see [`crate::work`].
#[derive(Debug)]
pub struct Tokens<'t> {
    pub text: &'t str,
    pub lower: String,
    pub tokens: Vec<Token>,
    steps: Cell<u64>,
}

impl<'t> Tokens<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut steps = 0;
        let tokens = tokenize_counted(text, &mut steps);
        Tokens {
            text,
            lower: text.to_ascii_lowercase(),
            tokens,
            steps: Cell::new(steps + text.len() as u64),
        }
    }

    /// Counts `n` steps of work done reading the tokens.
    #[inline]
    pub fn step(&self, n: usize) {
        self.steps.set(self.steps.get().saturating_add(n as u64));
    }

    /// The steps counted so far, the tokenizer's included.
    pub fn steps(&self) -> u64 {
        self.steps.get()
    }

    /// The token's text as written.
    pub fn raw(&self, i: usize) -> &'t str {
        self.tokens[i].span.slice(self.text)
    }

    /// The token's text, ASCII-lowercased.
    pub fn low(&self, i: usize) -> &str {
        self.tokens[i].span.slice(&self.lower)
    }

    /// The lowercased text of token `i`, or "" past either end.
    pub fn low_at(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.tokens.len() {
            ""
        } else {
            self.low(i as usize)
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
    }

    /// True when token `i` is the punctuation character `c`.
    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Punct
                && if c.is_ascii() {
                    // One byte: no need to slice the text on char boundaries.
                    self.text.as_bytes().get(t.span.start) == Some(&(c as u8))
                } else {
                    self.raw(i).starts_with(c)
                }
        })
    }

    /// True when token `i` is a hyphen or dash joined to its neighbours without spaces.
    pub fn is_tight_hyphen(&self, i: usize) -> bool {
        i + 1 < self.len()
            && is_hyphen(self.raw(i))
            && !self.tokens[i].space_before
            && !self.tokens[i + 1].space_before
    }

    /// True when the word at `i` starts with an uppercase letter.
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The span from the start of token `a` to the end of token `b` (inclusive).
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.tokens[a].span.start, self.tokens[b].span.end)
    }
}

/// Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
pub fn is_hyphen(s: &str) -> bool {
    matches!(
        s,
        "-" | "\u{2010}" | "\u{2011}" | "\u{2012}" | "\u{2013}" | "\u{2014}" | "\u{2212}"
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Spaces that may separate digit groups: "48 000", "40\u{202f}000".
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_counted(text, &mut 0)
}

/// [`tokenize`], adding to `steps` the bytes it reads (some twice: a look-ahead that fails).
fn tokenize_counted(text: &str, steps: &mut u64) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut space_before = false;
    let mut line_before = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            space_before = true;
            line_before |= b == b'\n' || b == b'\r';
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            b as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        if c.is_whitespace() {
            space_before = true;
            line_before |= matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}');
            i += c.len_utf8();
            continue;
        }
        let (kind, end) = if b.is_ascii_digit()
            || (b == b'.' && next_is_digit(bytes, i + 1) && !prev_is_alnum(bytes, i))
        {
            (TokenKind::Number, scan_number(text, i, steps))
        } else if c.is_alphabetic() {
            (TokenKind::Word, scan_word(text, i, steps))
        } else {
            (TokenKind::Punct, i + c.len_utf8())
        };
        // A number scan can stop where it began (".5" in the chain "1..5"): take that one
        // character as punctuation so the scan always advances.
        let (kind, end) = if end > i {
            (kind, end)
        } else {
            (TokenKind::Punct, i + c.len_utf8())
        };
        tokens.push(Token {
            kind,
            span: Span::new(i, end),
            space_before,
            line_before,
        });
        space_before = false;
        line_before = false;
        i = end;
    }
    tokens
}

fn next_is_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(u8::is_ascii_digit)
}

fn prev_is_alnum(bytes: &[u8], i: usize) -> bool {
    i > 0 && bytes[i - 1].is_ascii_alphanumeric()
}

fn digits_from(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Scans "1,234,567.89", "48 000", ".25", "4.800" from `start`; returns the end offset.
///
/// A comma or space continues the number only before a group of exactly three digits, and a
/// space only when every group so far has been a thousands group, so "1, 234" and "in 2023 100"
/// stay separate numbers.
fn scan_number(text: &str, start: usize, steps: &mut u64) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + digits_from(bytes, start);
    let first_group = i - start;
    let mut grouped_by: Option<char> = None;
    if first_group > 0 && first_group <= 3 {
        while let Some(c) = text[i..].chars().next() {
            let sep_ok = match grouped_by {
                None => c == ',' || is_group_space(c),
                Some(g) => c == g || (is_group_space(g) && is_group_space(c)),
            };
            if !sep_ok {
                break;
            }
            let j = i + c.len_utf8();
            let n = if j < bytes.len() {
                digits_from(bytes, j)
            } else {
                0
            };
            *steps += n as u64 + 1;
            // The group must be exactly three digits.
            if n != 3 {
                break;
            }
            grouped_by.get_or_insert(c);
            i = j + 3;
        }
    }
    // Decimal part: a point followed by digits, but not an IP-like "192.168.1.2" chain.
    if bytes.get(i) == Some(&b'.') && next_is_digit(bytes, i + 1) {
        let n = digits_from(bytes, i + 1);
        *steps += n as u64;
        let after = i + 1 + n;
        let chained = (bytes.get(after) == Some(&b'.') && next_is_digit(bytes, after + 1))
            || (start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_digit());
        if !chained {
            i = after;
        }
    }
    i
}

/// Scans a word: letters and combining marks, internal apostrophes ("don’t"), and dotted
/// initialisms ("U.S.", "a.m.").
fn scan_word(text: &str, start: usize, steps: &mut u64) -> usize {
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        *steps += 1;
        let here = start + off;
        if c.is_alphabetic() || is_combining(c) {
            end = here + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
            end = here + c.len_utf8();
            continue;
        }
        // "U.S." / "a.m.": a single letter, a dot, another single letter and a dot.
        if c == '.' && next.is_some_and(|n| n.is_ascii_alphabetic()) {
            let rest = &text[here + 1..];
            let mut it = rest.chars();
            let (l, d) = (it.next(), it.next());
            // The segment since the last dot: one letter in an initialism. A long word is read
            // back once, at its first dot.
            let segment = text[start..here].rsplit('.').next().unwrap_or("");
            *steps += segment.len() as u64;
            let run_is_single = segment.chars().count() == 1;
            if run_is_single && l.is_some_and(|l| l.is_ascii_alphabetic()) && d == Some('.') {
                // Take the dot and the next letter; the loop then meets the closing dot.
                chars.next();
                end = here + 2;
                continue;
            }
        }
        if c == '.' && end > start {
            // The final dot of an initialism: "U.S." keeps it.
            *steps += (end - start) as u64;
            if text[start..end].contains('.') {
                end = here + 1;
            }
        }
        break;
    }
    end
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.span.slice(s)).collect()
    }

    #[test]
    fn numbers_keep_thousands_groups_and_decimals() {
        assert_eq!(
            texts("1,200 and 48 000 or 4.5%"),
            ["1,200", "and", "48 000", "or", "4.5", "%"]
        );
        assert_eq!(texts("40\u{202f}000"), ["40\u{202f}000"]);
        assert_eq!(texts("1, 234"), ["1", ",", "234"]);
        assert_eq!(texts("in 2023 100"), ["in", "2023", "100"]);
        assert_eq!(
            texts("192.168.1.2"),
            ["192", ".", "168", ".", "1", ".", "2"]
        );
        assert_eq!(texts(".25"), [".25"]);
        // A regression found by the property tests: this once looped forever.
        assert_eq!(texts("1..5"), ["1", ".", ".", "5"]);
    }

    #[test]
    fn words_keep_apostrophes_and_initialisms() {
        assert_eq!(
            texts("don’t U.S. a.m. Hamas’ Israel's"),
            ["don’t", "U.S.", "a.m.", "Hamas", "’", "Israel's"]
        );
        assert_eq!(texts("end. Next"), ["end", ".", "Next"]);
    }

    #[test]
    fn hyphens_are_tokens_with_spacing_recorded() {
        let s = "42-day";
        let t = tokenize(s);
        assert_eq!(texts(s), ["42", "-", "day"]);
        assert!(!t[1].space_before && !t[2].space_before);
        assert!(tokenize("a\nb")[1].line_before);
    }

    #[test]
    fn digits_glued_to_letters_split() {
        assert_eq!(texts("3bn 10k 1st"), ["3", "bn", "10", "k", "1", "st"]);
    }
}
