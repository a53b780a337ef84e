//! Extraction of any bytes: see `tally_fuzz::extract`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tally_fuzz::extract(data));
