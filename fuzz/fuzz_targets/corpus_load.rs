//! Loading, indexing and checking any corpus: see `tally_fuzz::corpus_load`.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use tally_fuzz::CorpusInput;

/// The structured input, built from the raw bytes by `CorpusInput::from_bytes` so that a
/// crash artifact replays byte for byte in `tests/tests/fuzz_regressions.rs`.
#[derive(Debug)]
struct Input(CorpusInput);

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let rest = u.bytes(u.len())?;
        Ok(Input(CorpusInput::from_bytes(rest)))
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Input(CorpusInput::from_bytes(u.take_rest())))
    }
}

libfuzzer_sys::fuzz_target!(|input: Input| tally_fuzz::corpus_load(&input.0));
