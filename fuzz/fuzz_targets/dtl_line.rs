#![no_main]
//! `parse_line` on arbitrary bytes: never panics; an accepted line written back parses to
//! the same record, and the filter fast path agrees with the full parser.

use logparse::dtl::{parse_line, peek_level_and_id};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse_line(data) else {
        return;
    };
    assert_eq!(peek_level_and_id(data), Some((parsed.level, parsed.id)));
    let record = parsed.to_record();
    let line = record.to_line();
    let body = line
        .strip_suffix('\n')
        .expect("to_line ends with a newline");
    let again = parse_line(body.as_bytes()).expect("a written record parses");
    assert_eq!(again.to_record(), record);
    assert_eq!(
        peek_level_and_id(body.as_bytes()),
        Some((record.level, record.id))
    );
});
