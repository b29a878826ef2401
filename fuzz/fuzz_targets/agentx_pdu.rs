#![no_main]
//! Arbitrary bytes from a hostile or broken AgentX master through the sub-agent's frame
//! decoder: it may refuse them but never panic, never claim more bytes than it was given,
//! and every message it decodes re-encodes to the same bytes — or, when the sender left an
//! `internet` prefix uncompressed, to shorter canonical bytes that decode to the same message.

use dtsubagent::agentx::{decode_frame, DEFAULT_MAX_PAYLOAD};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while let Ok(Some((message, used))) = decode_frame(rest, DEFAULT_MAX_PAYLOAD) {
        assert!(used > 0 && used <= rest.len());
        let frame = &rest[..used];
        let again = message.encode().expect("a decoded message encodes");
        if again != frame {
            assert!(again.len() < frame.len(), "only prefix compression may differ");
        }
        match decode_frame(&again, DEFAULT_MAX_PAYLOAD) {
            Ok(Some((decoded, used_again))) => {
                assert_eq!(decoded, message);
                assert_eq!(used_again, again.len());
                assert_eq!(decoded.encode().expect("encodes"), again);
            }
            other => panic!("re-encoded {message:?} decodes as {other:?}"),
        }
        rest = &rest[used..];
    }
});
