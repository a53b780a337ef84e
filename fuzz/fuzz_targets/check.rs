//! Checking any text against the seed corpus: see `tally_fuzz::check`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tally_fuzz::check(data));
