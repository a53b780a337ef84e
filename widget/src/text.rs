//! Offsets and text segments: plain Rust, no DOM, unit-tested natively.
//!
//! The API locates figures in UTF-16 code units (JavaScript string indexes); Rust strings are
//! UTF-8. [`utf16_spans_to_bytes`] converts UTF-16 spans to byte ranges (with `tally::Utf16Index`),
//! and [`segments`] cuts a text into plain runs and marked figures for rendering.

use std::ops::Range;
use tally::Utf16Index;

/// Converts UTF-16 spans of `text` to byte ranges (through one [`Utf16Index`]).
///
/// A span comes back `None` when it is empty, reversed, past the end of the text, or when one
/// of its ends falls inside a character (between the two halves of a surrogate pair): such a
/// span does not describe this text, and marking it would be wrong.
pub fn utf16_spans_to_bytes(text: &str, spans: &[(usize, usize)]) -> Vec<Option<Range<usize>>> {
    let idx = Utf16Index::new(text);
    spans
        .iter()
        .map(|&(start, end)| idx.byte_range(start, end))
        .collect()
}

/// The byte offset of UTF-16 offset `unit` in `text`, if it falls on a character boundary.
pub fn utf16_to_byte(text: &str, unit: usize) -> Option<usize> {
    Utf16Index::new(text).byte(unit)
}

/// The char index (Rust `chars()` position) of UTF-16 offset `unit` in `text`.
pub fn utf16_to_char(text: &str, unit: usize) -> Option<usize> {
    let byte = utf16_to_byte(text, unit)?;
    Some(text[..byte].chars().count())
}

/// The length of `text` in UTF-16 code units (its JavaScript `length`).
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// A run of the text: plain, or a marked figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the text.
    pub bytes: Range<usize>,
    /// For a figure, the index of its mark in the list given to [`segments`].
    pub mark: Option<usize>,
}

impl Segment {
    fn plain(bytes: Range<usize>) -> Self {
        Self { bytes, mark: None }
    }
}

/// Cuts a text of `len` bytes into plain runs and marks. `marks[i]` is the byte range of mark
/// `i` (from [`utf16_spans_to_bytes`]); `None` and ranges that overlap an earlier mark or run
/// past the text are left out, so the segments always tile the text exactly once, in order.
pub fn segments(len: usize, marks: &[Option<Range<usize>>]) -> Vec<Segment> {
    let mut order: Vec<(usize, Range<usize>)> = marks
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.clone().map(|r| (i, r)))
        .filter(|(_, r)| r.start < r.end && r.end <= len)
        .collect();
    order.sort_by_key(|(i, r)| (r.start, std::cmp::Reverse(r.end), *i));

    let mut out = Vec::with_capacity(order.len() * 2 + 1);
    let mut at = 0;
    for (i, r) in order {
        if r.start < at {
            continue; // overlaps the previous mark
        }
        if r.start > at {
            out.push(Segment::plain(at..r.start));
        }
        at = r.end;
        out.push(Segment {
            bytes: r,
            mark: Some(i),
        });
    }
    if at < len {
        out.push(Segment::plain(at..len));
    }
    out
}

/// Splits segments at byte offset `at` (for instance where a quoted sentence starts), so that
/// no plain run crosses it. Marks are never split.
pub fn cut(segments: Vec<Segment>, at: usize) -> Vec<Segment> {
    let mut out = Vec::with_capacity(segments.len() + 1);
    for s in segments {
        if s.mark.is_none() && s.bytes.start < at && at < s.bytes.end {
            out.push(Segment::plain(s.bytes.start..at));
            out.push(Segment::plain(at..s.bytes.end));
        } else {
            out.push(s);
        }
    }
    out
}

/// Groups segments into paragraphs: plain runs are split at line breaks, which are dropped;
/// blank paragraphs are left out.
pub fn paragraphs(text: &str, segments: Vec<Segment>) -> Vec<Vec<Segment>> {
    let mut out: Vec<Vec<Segment>> = Vec::new();
    let mut current: Vec<Segment> = Vec::new();
    let flush = |current: &mut Vec<Segment>, out: &mut Vec<Vec<Segment>>| {
        let blank = current
            .iter()
            .all(|s| s.mark.is_none() && text[s.bytes.clone()].trim().is_empty());
        if !blank {
            out.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    for s in segments {
        if s.mark.is_some() {
            current.push(s);
            continue;
        }
        let mut start = s.bytes.start;
        for (offset, _) in text[s.bytes.clone()].match_indices('\n') {
            let end = s.bytes.start + offset;
            if end > start {
                current.push(Segment::plain(start..end));
            }
            flush(&mut current, &mut out);
            start = end + 1;
        }
        if start < s.bytes.end {
            current.push(Segment::plain(start..s.bytes.end));
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_byte_offsets() {
        let text = "Hamas has freed 35 hostages.";
        assert_eq!(utf16_spans_to_bytes(text, &[(16, 18)]), vec![Some(16..18)]);
        assert_eq!(&text[16..18], "35");
        assert_eq!(utf16_to_byte(text, 16), Some(16));
        assert_eq!(utf16_to_char(text, 16), Some(16));
        assert_eq!(utf16_to_byte(text, text.len()), Some(text.len()));
        assert_eq!(utf16_to_byte(text, text.len() + 1), None);
    }

    #[test]
    fn emoji_before_a_figure_counts_two_units_four_bytes_one_char() {
        // 🎉 is one char, two UTF-16 units, four UTF-8 bytes.
        let text = "🎉 Hamas freed 33 hostages";
        let start16 = 2 + " Hamas freed ".len();
        let spans = utf16_spans_to_bytes(text, &[(start16, start16 + 2)]);
        let bytes = spans[0].clone().unwrap();
        assert_eq!(&text[bytes.clone()], "33");
        assert_eq!(bytes.start, 4 + " Hamas freed ".len());
        assert_eq!(utf16_to_byte(text, start16), Some(bytes.start));
        assert_eq!(
            utf16_to_char(text, start16),
            Some(1 + " Hamas freed ".len())
        );
        assert_eq!(utf16_len(text), text.chars().count() + 1);
    }

    #[test]
    fn accents_and_curly_quotes_shift_bytes_not_units() {
        let text = "Israel’s war — 48,000 killed, café 3";
        let start16 = "Israel’s war — ".chars().count();
        let spans = utf16_spans_to_bytes(text, &[(start16, start16 + 6), (35, 36)]);
        assert_eq!(&text[spans[0].clone().unwrap()], "48,000");
        assert_eq!(&text[spans[1].clone().unwrap()], "3");
    }

    #[test]
    fn offsets_inside_a_surrogate_pair_or_past_the_end_are_rejected() {
        let text = "a🎉b 7";
        // 🎉 covers units 1..3; unit 2 is its second half.
        assert_eq!(utf16_to_byte(text, 2), None);
        assert_eq!(utf16_spans_to_bytes(text, &[(2, 4)]), vec![None]);
        assert_eq!(
            utf16_spans_to_bytes(text, &[(5, 6), (6, 9)]),
            vec![Some(7..8), None]
        );
        assert_eq!(
            utf16_spans_to_bytes(text, &[(3, 3)]),
            vec![None],
            "empty span"
        );
    }

    #[test]
    fn spans_in_any_order_and_shared_offsets() {
        let text = "1 2 3";
        assert_eq!(
            utf16_spans_to_bytes(text, &[(4, 5), (0, 1), (2, 3), (0, 3)]),
            vec![Some(4..5), Some(0..1), Some(2..3), Some(0..3)]
        );
    }

    fn render(text: &str, segs: &[Segment]) -> String {
        segs.iter()
            .map(|s| match s.mark {
                Some(i) => format!("[{i}:{}]", &text[s.bytes.clone()]),
                None => text[s.bytes.clone()].to_string(),
            })
            .collect()
    }

    #[test]
    fn segments_tile_the_text_with_marks_in_order() {
        let text = "Freed 35 of 59 hostages";
        let marks = vec![Some(12..14), Some(6..8)];
        let segs = segments(text.len(), &marks);
        assert_eq!(render(text, &segs), "Freed [1:35] of [0:59] hostages");
        assert_eq!(segs.len(), 5);
        assert_eq!(segs.first().unwrap().bytes.start, 0);
        assert_eq!(segs.last().unwrap().bytes.end, text.len());
    }

    #[test]
    fn segments_drop_overlapping_missing_and_out_of_range_marks() {
        let text = "12345 and 6";
        let marks = vec![Some(0..5), Some(3..7), None, Some(10..11), Some(10..99)];
        let segs = segments(text.len(), &marks);
        assert_eq!(render(text, &segs), "[0:12345] and [3:6]");
    }

    #[test]
    fn segments_of_a_text_without_marks_or_of_nothing() {
        assert_eq!(segments(3, &[]), vec![Segment::plain(0..3)]);
        assert!(segments(0, &[]).is_empty());
        assert_eq!(render("42", &segments(2, &[Some(0..2)])), "[0:42]");
    }

    #[test]
    fn paragraphs_split_plain_runs_at_line_breaks() {
        let text = "Title\n\nFirst 3 here.\nSecond 4\n";
        let marks = vec![Some(13..14), Some(28..29)];
        let paras = paragraphs(text, segments(text.len(), &marks));
        let rendered: Vec<String> = paras.iter().map(|p| render(text, p)).collect();
        assert_eq!(rendered, vec!["Title", "First [0:3] here.", "Second [1:4]"]);
    }

    #[test]
    fn cut_splits_plain_runs_only() {
        let text = "ab 12 cd";
        let segs = cut(segments(text.len(), &[Some(3..5)]), 1);
        assert_eq!(segs[0].bytes, 0..1);
        assert_eq!(segs[1].bytes, 1..3);
        let segs = cut(segments(text.len(), &[Some(3..5)]), 4);
        assert_eq!(segs.len(), 3, "marks stay whole");
    }
}
