//! Promises that hold for any input: extraction never panics, every span lies on char
//! boundaries inside the text, and UTF-16 offsets agree with byte offsets.

use proptest::prelude::*;
use tally::api::{extract_json, Offsets};

/// News-like fragments mixed with awkward Unicode, so that the generator reaches numbers,
/// hedges and units often rather than only random code points.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("33 hostages".to_string()),
        Just("more than 48,000".to_string()),
        Just("about half".to_string()),
        Just("a 42-day".to_string()),
        Just("Oct. 7, 2023".to_string()),
        Just("twenty-five".to_string()),
        Just("90%".to_string()),
        Just("700 to 800".to_string()),
        Just("1.2 million".to_string()),
        Just("the bodies of eight more".to_string()),
        Just("\u{a0}".to_string()),
        Just("\r\n".to_string()),
        Just("é".to_string()),
        Just("e\u{301}".to_string()),
        Just("🎉".to_string()),
        Just("\u{202f}000".to_string()),
        Just("-".to_string()),
        Just(".".to_string()),
        Just("’".to_string()),
        Just(" ".to_string()),
        "[0-9]{1,4}",
        "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_offsets(text: &str, o: &Offsets) -> Result<(), TestCaseError> {
    prop_assert!(o.byte_start <= o.byte_end && o.byte_end <= text.len());
    prop_assert!(text.is_char_boundary(o.byte_start) && text.is_char_boundary(o.byte_end));
    let utf16 = |b: usize| text[..b].encode_utf16().count();
    prop_assert_eq!(o.start, utf16(o.byte_start));
    prop_assert_eq!(o.end, utf16(o.byte_end));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_extracts_without_panicking_and_spans_are_exact(text in "\\PC*") {
        for c in extract_json(&text) {
            check_offsets(&text, &c.figure)?;
            check_offsets(&text, &c.phrase)?;
            check_offsets(&text, &c.sentence)?;
        }
    }

    #[test]
    fn newslike_text_spans_are_exact_and_nested(text in newsish()) {
        for c in extract_json(&text) {
            check_offsets(&text, &c.figure)?;
            check_offsets(&text, &c.phrase)?;
            check_offsets(&text, &c.sentence)?;
            prop_assert_eq!(&text[c.figure.byte_start..c.figure.byte_end], c.text.as_str());
            prop_assert!(c.phrase.byte_start <= c.figure.byte_start && c.figure.byte_end <= c.phrase.byte_end);
            prop_assert!(c.interval.low <= c.interval.high, "interval reversed: {:?}", c.interval);
            prop_assert!(c.value.is_finite());
        }
    }
}
