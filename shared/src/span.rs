//! Byte spans into the input text, and their conversion to UTF-16 offsets.
//!
//! Everything inside `tally` works on byte offsets, which slice a `&str` directly.
//! JavaScript indexes strings in UTF-16 code units, so the HTTP API converts once, at the
//! boundary, with [`Utf16Index`].

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `start..end` into a text; both ends lie on char boundaries.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers.
    pub fn slice(self, text: &str) -> &str {
        &text[self.range()]
    }
}

/// The largest char boundary of `text` at or before byte `i` (`str::floor_char_boundary` is
/// newer than the crate's minimum Rust).
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Converts between byte offsets and UTF-16 code-unit offsets (JavaScript string indexes) of
/// one text, both ways.
///
/// Built once per text in O(n); each lookup is a binary search over the non-ASCII characters,
/// so texts that are mostly ASCII cost almost nothing.
#[derive(Debug, Clone)]
pub struct Utf16Index {
    /// For each non-ASCII char: where it starts in UTF-16 units, and where it ends in bytes
    /// and in UTF-16 units.
    marks: Vec<Mark>,
    len: usize,
    len_utf16: usize,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    utf16_start: usize,
    byte_end: usize,
    utf16_end: usize,
}

impl Utf16Index {
    pub fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        let mut extra: usize = 0; // bytes minus UTF-16 units so far
        for (i, c) in text.char_indices() {
            if !c.is_ascii() {
                let start = i - extra;
                extra += c.len_utf8() - c.len_utf16();
                let end = i + c.len_utf8();
                marks.push(Mark {
                    utf16_start: start,
                    byte_end: end,
                    utf16_end: end - extra,
                });
            }
        }
        Utf16Index {
            marks,
            len: text.len(),
            len_utf16: text.len() - extra,
        }
    }

    /// The UTF-16 offset of byte offset `byte`, which must lie on a char boundary.
    pub fn utf16(&self, byte: usize) -> usize {
        debug_assert!(byte <= self.len);
        // The last non-ASCII char ending at or before `byte` fixes the difference.
        match self.marks.partition_point(|m| m.byte_end <= byte) {
            0 => byte,
            n => {
                let m = self.marks[n - 1];
                m.utf16_end + (byte - m.byte_end)
            }
        }
    }

    /// The byte offset of UTF-16 offset `unit`, or `None` when it is past the end or falls
    /// inside a character (between the two halves of a surrogate pair).
    pub fn byte(&self, unit: usize) -> Option<usize> {
        if unit > self.len_utf16 {
            return None;
        }
        let n = self.marks.partition_point(|m| m.utf16_end <= unit);
        if self.marks.get(n).is_some_and(|m| unit > m.utf16_start) {
            return None;
        }
        Some(match n {
            0 => unit,
            n => {
                let m = self.marks[n - 1];
                m.byte_end + (unit - m.utf16_end)
            }
        })
    }

    /// The UTF-16 range of a byte span.
    pub fn span(&self, span: Span) -> Range<usize> {
        self.utf16(span.start)..self.utf16(span.end)
    }

    /// The byte range of the UTF-16 span `start..end`, or `None` when the span is empty,
    /// reversed, past the end, or cuts a character: such a span does not describe this text.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let (a, b) = (self.byte(start)?, self.byte(end)?);
        (a < b).then_some(a..b)
    }
}

/// Lines and character columns of one text, for diagnostics that say where a figure is.
///
/// Built once in O(n); each lookup is a binary search, so placing every figure of a long text
/// costs O(n log n), not a scan from the start for each.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The byte offset where each line starts (after a `\n`), the first line's 0 included.
    starts: Vec<usize>,
    /// For each non-ASCII char: where it ends in bytes, and how many bytes more than chars
    /// the text has up to there.
    marks: Vec<(usize, usize)>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut marks = Vec::new();
        let mut extra = 0;
        for (i, c) in text.char_indices() {
            if c == '\n' {
                starts.push(i + 1);
            } else if !c.is_ascii() {
                extra += c.len_utf8() - 1;
                marks.push((i + c.len_utf8(), extra));
            }
        }
        LineIndex {
            starts,
            marks,
            len: text.len(),
        }
    }

    /// The line of byte offset `byte` (1-based) and the byte range of that line, without its
    /// `\n`.
    pub fn line(&self, byte: usize) -> (usize, Range<usize>) {
        let n = self.starts.partition_point(|&s| s <= byte).max(1);
        let end = self.starts.get(n).map_or(self.len, |&next| next - 1);
        (n, self.starts[n - 1]..end)
    }

    /// How many characters come before byte offset `byte` (a char boundary).
    pub fn chars(&self, byte: usize) -> usize {
        match self.marks.partition_point(|m| m.0 <= byte) {
            0 => byte,
            n => byte - self.marks[n - 1].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns_match_a_scan() {
        let text = "é 33\n\n🎉 x 48,000\nlast 9";
        let idx = LineIndex::new(text);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line = text[..i].matches('\n').count() + 1;
            let start = text[..i].rfind('\n').map_or(0, |k| k + 1);
            let end = text[i..].find('\n').map_or(text.len(), |k| i + k);
            assert_eq!(idx.line(i), (line, start..end), "at byte {i}");
            assert_eq!(idx.chars(i), text[..i].chars().count(), "at byte {i}");
        }
    }

    fn reference(text: &str, byte: usize) -> usize {
        text[..byte].encode_utf16().count()
    }

    #[test]
    fn ascii_offsets_are_unchanged() {
        let idx = Utf16Index::new("33 hostages");
        assert_eq!(idx.utf16(3), 3);
        assert_eq!(idx.utf16(11), 11);
    }

    #[test]
    fn euro_accent_and_emoji_before_a_number_shift_utf16_offsets() {
        let text = "€5, café 12 and 🎉 33 people";
        let idx = Utf16Index::new(text);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(idx.utf16(i), reference(text, i), "at byte {i}");
        }
        let at = text.find("33").unwrap();
        // "🎉" is 4 bytes but 2 UTF-16 units; "€" 3 bytes, 1 unit; "é" 2 bytes, 1 unit.
        assert_eq!(idx.utf16(at), at - 2 - 1 - 2);
    }

    #[test]
    fn utf16_offsets_map_back_to_bytes_and_refuse_half_characters() {
        let text = "é🎉 33 hostages€";
        let idx = Utf16Index::new(text);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(idx.byte(reference(text, i)), Some(i), "at byte {i}");
        }
        // Unit 2 falls between the halves of the emoji's surrogate pair.
        assert_eq!(idx.byte(2), None);
        assert_eq!(idx.byte(text.encode_utf16().count() + 1), None);
        let at = text.find("33").unwrap();
        assert_eq!(idx.byte_range(4, 6), Some(at..at + 2));
        assert_eq!(idx.byte_range(6, 4), None);
    }

    #[test]
    fn span_helpers() {
        let s = Span::new(2, 5);
        assert_eq!(s.cover(Span::new(7, 9)), Span::new(2, 9));
        assert!(Span::new(0, 10).contains(s));
        assert_eq!(s.slice("0123456"), "234");
        assert_eq!(s.len(), 3);
    }
}
