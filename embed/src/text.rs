//! Offsets: plain Rust, no DOM, unit-tested natively.

use std::ops::Range;

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
