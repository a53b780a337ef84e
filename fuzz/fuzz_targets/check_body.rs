//! A check request body as the server parses it: see `tally_fuzz::check_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tally_fuzz::check_body(data));
