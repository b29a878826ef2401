//! Round trips of every PDU in both byte orders: decode(encode(m)) == m, the frame is
//! used whole, and re-encoding the decoded message gives the same bytes.

// Each test file uses part of the shared strategies.
#[allow(dead_code)]
mod agentx_support;

use agentx_support::{self as s, Domain};
use dtsubagent::agentx::{decode_frame, Message, DEFAULT_MAX_PAYLOAD, HEADER_LEN};
use proptest::prelude::*;

fn check(msg: &Message) -> Result<(), TestCaseError> {
    let bytes = msg.encode().expect("small messages encode");
    prop_assert_eq!(bytes.len() % 4, 0);
    let (back, used) = decode_frame(&bytes, DEFAULT_MAX_PAYLOAD)
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .ok_or_else(|| TestCaseError::fail("whole frame reported incomplete"))?;
    prop_assert_eq!(used, bytes.len());
    prop_assert_eq!(&back, msg);
    prop_assert_eq!(back.encode().expect("re-encodes"), bytes.clone());
    // Nothing short of the whole frame decodes.
    prop_assert_eq!(
        decode_frame(&bytes[..bytes.len() - 1], DEFAULT_MAX_PAYLOAD),
        Ok(None)
    );
    prop_assert!(bytes.len() >= HEADER_LEN);
    Ok(())
}

const D: Domain = Domain::Full;

proptest! {
    #[test]
    fn open(m in s::message(s::open(D))) { check(&m)?; }
    #[test]
    fn close(m in s::message(s::close())) { check(&m)?; }
    #[test]
    fn register(m in s::message(s::register(D))) { check(&m)?; }
    #[test]
    fn unregister(m in s::message(s::unregister(D))) { check(&m)?; }
    #[test]
    fn get(m in s::message(s::get(D))) { check(&m)?; }
    #[test]
    fn get_next(m in s::message(s::get_next(D))) { check(&m)?; }
    #[test]
    fn get_bulk(m in s::message(s::get_bulk(D))) { check(&m)?; }
    #[test]
    fn test_set(m in s::message(s::test_set(D))) { check(&m)?; }
    #[test]
    fn commit_undo_cleanup(m in s::message(s::set_phase())) { check(&m)?; }
    #[test]
    fn notify(m in s::message(s::notify(D))) { check(&m)?; }
    #[test]
    fn ping(m in s::message(s::ping(D))) { check(&m)?; }
    #[test]
    fn response(m in s::message(s::response(D))) { check(&m)?; }

    /// A valid message with one byte changed never panics; if it still decodes, its
    /// canonical re-encoding decodes to the same message.
    #[test]
    fn mutated_bytes(
        m in s::message(s::response(D)),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = m.encode().expect("encodes");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(Some((msg, used))) = decode_frame(&bytes, DEFAULT_MAX_PAYLOAD) {
            let again = msg.encode().expect("re-encodes");
            let (back, _) = decode_frame(&again, DEFAULT_MAX_PAYLOAD).unwrap().unwrap();
            prop_assert_eq!(back, msg);
            prop_assert!(again.len() <= used);
        }
    }
}
