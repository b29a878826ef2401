#![no_main]
//! Arbitrary bytes through the replication frame decoder: it may refuse them but never
//! panic, never claim more bytes than it was given, and every message it decodes encodes
//! to a frame that decodes to the same message.

use engine::replication::protocol::{decode, encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while let Ok(Some((message, used))) = decode(rest) {
        assert!(used > 0 && used <= rest.len());
        let mut again = Vec::new();
        let len = encode(&message, &mut again).expect("a decoded message fits a frame");
        assert_eq!(len, again.len());
        match decode(&again) {
            Ok(Some((decoded, used_again))) => {
                assert_eq!(decoded, message);
                assert_eq!(used_again, again.len());
            }
            other => panic!("re-encoded {message:?} decodes as {other:?}"),
        }
        rest = &rest[used..];
    }
});
