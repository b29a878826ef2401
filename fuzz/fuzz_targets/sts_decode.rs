#![no_main]
//! Placeholder until the target is written.
libfuzzer_sys::fuzz_target!(|_data: &[u8]| {});
