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

/// Converts byte offsets of one text into UTF-16 code-unit offsets (JavaScript string indexes).
///
/// Built once per text in O(n); each lookup is a binary search over the non-ASCII characters,
/// so texts that are mostly ASCII cost almost nothing.
#[derive(Debug, Clone)]
pub struct Utf16Index {
    /// For each non-ASCII char: (byte offset just after it, UTF-16 offset just after it).
    marks: Vec<(usize, usize)>,
    len: usize,
}

impl Utf16Index {
    pub fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        let mut extra: usize = 0; // bytes minus UTF-16 units so far
        for (i, c) in text.char_indices() {
            if !c.is_ascii() {
                let bytes = c.len_utf8();
                extra += bytes - c.len_utf16();
                marks.push((i + bytes, i + bytes - extra));
            }
        }
        Utf16Index {
            marks,
            len: text.len(),
        }
    }

    /// The UTF-16 offset of byte offset `byte`, which must lie on a char boundary.
    pub fn utf16(&self, byte: usize) -> usize {
        debug_assert!(byte <= self.len);
        // The last non-ASCII char ending at or before `byte` fixes the difference.
        match self.marks.partition_point(|&(b, _)| b <= byte) {
            0 => byte,
            n => {
                let (b, u) = self.marks[n - 1];
                u + (byte - b)
            }
        }
    }

    /// The UTF-16 range of a byte span.
    pub fn span(&self, span: Span) -> Range<usize> {
        self.utf16(span.start)..self.utf16(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn span_helpers() {
        let s = Span::new(2, 5);
        assert_eq!(s.cover(Span::new(7, 9)), Span::new(2, 9));
        assert!(Span::new(0, 10).contains(s));
        assert_eq!(s.slice("0123456"), "234");
        assert_eq!(s.len(), 3);
    }
}
