//! The text a reader reads, and offsets: plain Rust, no DOM, unit-tested natively.

use std::ops::Range;

/// The text of a page's article as a reader reads it, built from its visible text nodes in
/// document order ([`Reading::text`]) and the block boundaries between them ([`Reading::block`]),
/// with where each node's text sits in it (UTF-16 code units, the API's offsets).
///
/// A node's text keeps its length: line breaks and tabs of the HTML source, which a browser
/// shows as spaces, become spaces one for one, so that an offset in the reading maps back to
/// the same offset in its node. A block boundary (a paragraph, heading, list item, table cell,
/// `<br>`) becomes one line break, which ends a sentence; inline elements (`a`, `b`, `span`)
/// add nothing, so "48,<b>000</b>" reads "48,000".
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Reading {
    text: String,
    /// UTF-16 length of `text`.
    len: u32,
    /// Per text node read: its index in the caller's list, and its UTF-16 start and length.
    segments: Vec<Segment>,
    /// A block boundary was passed since the last text.
    pending_break: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    node: usize,
    start: u32,
    len: u32,
}

impl Reading {
    /// Appends the text of node number `node`. `preformatted` (CSS `white-space: pre…`) keeps
    /// its line breaks; otherwise they read as spaces.
    pub fn text(&mut self, node: usize, data: &str, preformatted: bool) {
        let blank = data
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}'));
        // Whitespace between blocks (the HTML source's indentation) is not read; between inline
        // elements it is ("<b>35</b> <i>hostages</i>").
        if data.is_empty()
            || (blank && !preformatted && (self.pending_break || self.text.is_empty()))
        {
            return;
        }
        if self.pending_break && !self.text.is_empty() {
            self.text.push('\n');
            self.len += 1;
        }
        self.pending_break = false;
        let start = self.len;
        let mut units = 0u32;
        for c in data.chars() {
            let shown = match c {
                '\n' | '\r' | '\u{c}' if preformatted => c,
                '\n' | '\r' | '\t' | '\u{c}' => ' ',
                c => c,
            };
            self.text.push(shown);
            units += c.len_utf16() as u32;
        }
        self.len += units;
        self.segments.push(Segment {
            node,
            start,
            len: units,
        });
    }

    /// A block boundary: the next text starts on a line of its own.
    pub fn block(&mut self) {
        self.pending_break = true;
    }

    /// The text read.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Where the UTF-16 offset `offset` of the reading falls: the node number and the offset in
    /// its text. A start (`is_end` false) belongs to the node whose text follows it, an end to
    /// the node whose text precedes it; an offset on an added line break has no node.
    pub fn locate(&self, offset: u32, is_end: bool) -> Option<(usize, u32)> {
        // The first segment that ends at or after `offset` (for a start: after it).
        let i = self.segments.partition_point(|s| {
            let end = s.start + s.len;
            if is_end {
                end < offset
            } else {
                end <= offset
            }
        });
        let s = self.segments.get(i)?;
        let inside = if is_end {
            s.start < offset && offset <= s.start + s.len
        } else {
            s.start <= offset && offset < s.start + s.len
        };
        inside.then(|| (s.node, offset - s.start))
    }
}

/// Text compared as a reader sees it: every run of whitespace one space, trimmed. A mark is
/// kept only while its range's text, so read, is still the figure's.
pub fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The byte range of the UTF-16 span `start..end` of `text` (the API gives offsets in UTF-16
/// code units, JavaScript string indexes); `None` when the span is empty, reversed, past the
/// end, or cuts a character. The conversion is `tally::Utf16Index`'s.
pub fn utf16_span_to_bytes(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    tally::Utf16Index::new(text).byte_range(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_line_breaks_and_inline_parts_join() {
        let mut r = Reading::default();
        r.block();
        r.text(0, "Officials said.", false);
        r.block();
        r.block();
        r.text(1, "The toll rose to 48,", false);
        r.text(2, "000", false); // <b>000</b>
        r.text(3, " people,", false);
        r.block(); // <br>
        r.text(4, "a\n  report said.", false);
        assert_eq!(
            r.as_str(),
            "Officials said.\nThe toll rose to 48,000 people,\na   report said."
        );
        // "48,000" starts in node 1 and ends in node 2.
        let start = r.as_str().find("48,000").unwrap() as u32;
        assert_eq!(r.locate(start, false), Some((1, 17)));
        assert_eq!(r.locate(start + 6, true), Some((2, 3)));
        // An end at a node's end stays in it; a start there moves to the next node.
        assert_eq!(r.locate(15, true), Some((0, 15)));
        assert_eq!(
            r.locate(15, false),
            None,
            "the added line break has no node"
        );
        assert_eq!(r.locate(16, false), Some((1, 0)));
        assert_eq!(r.locate(10_000, false), None);
    }

    #[test]
    fn whitespace_between_blocks_is_not_read_but_between_inline_parts_it_is() {
        let mut r = Reading::default();
        r.text(0, "\n  ", false);
        r.block();
        r.text(1, "35", false);
        r.text(2, " ", false);
        r.text(3, "hostages", false);
        r.block();
        r.text(4, "\n  ", false);
        r.block();
        r.text(5, "freed", false);
        assert_eq!(r.as_str(), "35 hostages\nfreed");
        assert_eq!(r.locate(3, false), Some((3, 0)));
    }

    #[test]
    fn offsets_are_utf16_and_preformatted_text_keeps_its_lines() {
        let mut r = Reading::default();
        r.text(0, "🎉 é", false);
        r.text(1, "33\nhostages", true);
        assert_eq!(r.as_str(), "🎉 é33\nhostages");
        // 🎉 is two UTF-16 units: "33" starts at unit 4, node 1's offset 0.
        assert_eq!(r.locate(4, false), Some((1, 0)));
        assert_eq!(r.locate(6, true), Some((1, 2)));
    }

    #[test]
    fn text_is_compared_as_read() {
        assert!(same_text("48,000", "48,000"));
        assert!(same_text("more than\n 600", "more than 600"));
        assert!(!same_text("35", "36"));
    }

    #[test]
    fn ascii_offsets_are_byte_offsets() {
        let text = "Hamas has freed 35 hostages.";
        assert_eq!(utf16_span_to_bytes(text, 16, 18), Some(16..18));
        assert_eq!(
            utf16_span_to_bytes(text, 0, text.len()),
            Some(0..text.len())
        );
        assert_eq!(utf16_span_to_bytes(text, 16, text.len() + 1), None);
        assert_eq!(utf16_span_to_bytes(text, 18, 16), None);
        assert_eq!(utf16_span_to_bytes(text, 16, 16), None);
    }

    #[test]
    fn surrogate_pairs_count_two_units() {
        // 🎉 is two UTF-16 units and four UTF-8 bytes; "é" one unit and two bytes.
        let text = "🎉 é 33 hostages";
        let r = utf16_span_to_bytes(text, 5, 7).unwrap();
        assert_eq!(&text[r], "33");
        // Inside the surrogate pair.
        assert_eq!(utf16_span_to_bytes(text, 1, 7), None);
        assert_eq!(utf16_span_to_bytes(text, 0, 1), None);
        assert_eq!(&text[utf16_span_to_bytes(text, 0, 2).unwrap()], "🎉");
    }
}
