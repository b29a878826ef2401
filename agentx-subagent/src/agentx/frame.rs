//! Framing: one message out of a byte stream — the header first, its payload length
//! checked against a limit before anything is allocated or waited for, then the payload.

use std::io::Read;

use super::error::{DecodeError, ReadError};
use super::header::{Header, HEADER_LEN};
use super::message::Message;

/// The default payload limit: far above anything a master sends a sub-agent.
pub const DEFAULT_MAX_PAYLOAD: u32 = 1 << 20;

/// Decodes the first message of `buf`, returning it and the bytes it used, or `None`
/// when `buf` does not yet hold the whole message.
///
/// A header with a bad version, type, flags or a payload length over `max_payload`
/// fails at once, whether or not its payload has arrived.
pub fn decode_frame(buf: &[u8], max_payload: u32) -> Result<Option<(Message, usize)>, DecodeError> {
    let Some(head) = buf.first_chunk::<HEADER_LEN>() else {
        return Ok(None);
    };
    let header = Header::decode(head)?;
    header.check_payload_length(max_payload)?;
    let total = HEADER_LEN + header.payload_length as usize;
    let Some(payload) = buf.get(HEADER_LEN..total) else {
        return Ok(None);
    };
    Ok(Some((Message::decode(&header, payload)?, total)))
}

/// Reads exactly one message from a blocking stream.
pub fn read_message<R: Read>(stream: &mut R, max_payload: u32) -> Result<Message, ReadError> {
    let mut head = [0; HEADER_LEN];
    stream.read_exact(&mut head)?;
    let header = Header::decode(&head)?;
    header.check_payload_length(max_payload)?;
    let mut payload = vec![0; header.payload_length as usize];
    stream.read_exact(&mut payload)?;
    Ok(Message::decode(&header, &payload)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentx::{ByteOrder, Pdu, Ping};

    fn ping(order: ByteOrder) -> Vec<u8> {
        Message {
            session_id: 1,
            transaction_id: 2,
            packet_id: 3,
            byte_order: order,
            pdu: Pdu::Ping(Ping {
                context: Some(b"ctx".to_vec()),
            }),
        }
        .encode()
        .unwrap()
    }

    #[test]
    fn partial_input_waits_for_more() {
        let bytes = ping(ByteOrder::BigEndian);
        for cut in 0..bytes.len() {
            assert_eq!(decode_frame(&bytes[..cut], DEFAULT_MAX_PAYLOAD), Ok(None));
        }
        let (msg, used) = decode_frame(&bytes, DEFAULT_MAX_PAYLOAD).unwrap().unwrap();
        assert_eq!(used, bytes.len());
        assert_eq!(msg.packet_id, 3);
    }

    #[test]
    fn oversized_payload_refused_from_the_header_alone() {
        let mut bytes = ping(ByteOrder::LittleEndian);
        bytes[16..20].copy_from_slice(&0xffff_fff0_u32.to_le_bytes());
        assert_eq!(
            decode_frame(&bytes[..HEADER_LEN], 1024),
            Err(DecodeError::PayloadTooLong {
                length: 0xffff_fff0,
                limit: 1024
            })
        );
        let err = read_message(&mut &bytes[..], 1024).unwrap_err();
        assert!(matches!(
            err,
            ReadError::Decode(DecodeError::PayloadTooLong { .. })
        ));
    }

    #[test]
    fn stream_reads_one_message_at_a_time() {
        let mut stream = ping(ByteOrder::LittleEndian);
        stream.extend(ping(ByteOrder::BigEndian));
        let mut input = &stream[..];
        let first = read_message(&mut input, DEFAULT_MAX_PAYLOAD).unwrap();
        let second = read_message(&mut input, DEFAULT_MAX_PAYLOAD).unwrap();
        assert_eq!(first.byte_order, ByteOrder::LittleEndian);
        assert_eq!(second.byte_order, ByteOrder::BigEndian);
        assert!(matches!(
            read_message(&mut input, DEFAULT_MAX_PAYLOAD),
            Err(ReadError::Io(_))
        ));
    }
}
