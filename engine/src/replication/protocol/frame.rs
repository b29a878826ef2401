//! Frames: a `u32` little-endian payload length, then the payload, one postcard-encoded
//! [`Message`]. Pure functions over byte buffers; the async halves build on them.

use bytes::Bytes;
use serde::Deserialize;

use super::frame_error::{DecodeKind, FrameError};
use super::message::{Message, MESSAGE_TYPES};
use crate::replication::{OpOrigin, Operation, RelPath, SequencedOp};

/// Bytes of the length header in front of every payload.
pub const HEADER_LEN: usize = 4;

/// The largest payload accepted: 16 MiB of file data plus room for the operation's paths
/// and fields (MirrorChunkSize is at most 1 MiB, so a mirror chunk always fits).
pub const MAX_PAYLOAD_LEN: usize = 16 * 1024 * 1024 + 64 * 1024;

/// Appends `message` as one frame to `out`; returns the frame's length in bytes. On an
/// error `out` is left as it was.
pub fn encode(message: &Message, out: &mut Vec<u8>) -> Result<usize, FrameError> {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER_LEN]);
    if let Err(err) = postcard::to_io(message, &mut *out) {
        out.truncate(start);
        return Err(FrameError::Encode(err.to_string()));
    }
    let len = out.len() - start - HEADER_LEN;
    if len > MAX_PAYLOAD_LEN {
        out.truncate(start);
        return Err(FrameError::MessageTooLarge { len });
    }
    // MAX_PAYLOAD_LEN < u32::MAX, so the cast is exact.
    out[start..start + HEADER_LEN].copy_from_slice(&(len as u32).to_le_bytes());
    Ok(HEADER_LEN + len)
}

/// File data from this size on is not copied into the frame buffer: see [`encode_bulk`].
pub const BULK_BYTES: usize = 16 * 1024;

/// For a `Write` operation carrying at least [`BULK_BYTES`] of data: appends its frame
/// to `out` *without the data*, and returns the frame's full length and the data, which
/// the caller sends right after what `out` holds. The bytes on the wire are exactly
/// those of [`encode`] (the data is the payload's last field, after its length), one
/// copy fewer. `None` (and `out` untouched) for any other message.
pub fn encode_bulk<'m>(
    message: &'m Message,
    out: &mut Vec<u8>,
) -> Result<Option<(usize, &'m Bytes)>, FrameError> {
    let Message::Op(SequencedOp {
        seq,
        origin,
        op: Operation::Write { path, offset, data },
    }) = message
    else {
        return Ok(None);
    };
    if data.len() < BULK_BYTES {
        return Ok(None);
    }
    let head = Message::Op(SequencedOp {
        seq: *seq,
        origin: *origin,
        op: Operation::Write {
            path: path.clone(),
            offset: *offset,
            data: Bytes::new(),
        },
    });
    let start = out.len();
    encode(&head, out)?;
    // The empty data ended the payload as its length, varint 0: put the real length.
    out.pop();
    let mut varint = [0u8; 10];
    let used = postcard::to_slice(&(data.len() as u64), &mut varint[..])
        .map_err(|err| FrameError::Encode(err.to_string()))?
        .len();
    out.extend_from_slice(&varint[..used]);
    let len = out.len() - start - HEADER_LEN + data.len();
    if len > MAX_PAYLOAD_LEN {
        out.truncate(start);
        return Err(FrameError::MessageTooLarge { len });
    }
    // MAX_PAYLOAD_LEN < u32::MAX, so the cast is exact.
    out[start..start + HEADER_LEN].copy_from_slice(&(len as u32).to_le_bytes());
    Ok(Some((HEADER_LEN + len, data)))
}

/// Decodes the frame at the start of `buf`: the message and the bytes it used, `None`
/// when `buf` holds only part of a frame, or an error for a frame that can never decode
/// (an announced length over [`MAX_PAYLOAD_LEN`] is refused from the header alone).
pub fn decode(buf: &[u8]) -> Result<Option<(Message, usize)>, FrameError> {
    decode_at(buf, 0)
}

/// [`decode`] for a frame found `offset` bytes into the stream (errors name it).
fn decode_at(buf: &[u8], offset: u64) -> Result<Option<(Message, usize)>, FrameError> {
    let Some(len) = announced_len(buf, offset)? else {
        return Ok(None);
    };
    let Some(payload) = buf.get(HEADER_LEN..HEADER_LEN + len) else {
        return Ok(None);
    };
    let message = decode_payload(payload).map_err(|kind| FrameError::Payload {
        offset,
        len: len as u32,
        kind,
    })?;
    Ok(Some((message, HEADER_LEN + len)))
}

/// The payload length announced by the header at the start of `buf`, `None` while the
/// header is incomplete; refused when over [`MAX_PAYLOAD_LEN`].
pub(super) fn announced_len(buf: &[u8], offset: u64) -> Result<Option<usize>, FrameError> {
    let Some(header) = buf.first_chunk::<HEADER_LEN>() else {
        return Ok(None);
    };
    let len = u32::from_le_bytes(*header);
    if len as usize > MAX_PAYLOAD_LEN {
        return Err(FrameError::TooLarge { offset, len });
    }
    Ok(Some(len as usize))
}

/// [`decode_at`] for `frame`, one whole frame (header and payload) on its own: the data
/// of a `Write` of at least [`BULK_BYTES`] is not copied, the message holds a slice of
/// `frame`.
pub(super) fn decode_frame(frame: &Bytes, offset: u64) -> Result<Message, FrameError> {
    let payload = frame.slice(HEADER_LEN..);
    let failed = |kind| FrameError::Payload {
        offset,
        len: payload.len() as u32,
        kind,
    };
    match bulk_write(&payload) {
        Some(message) => Ok(message),
        None => decode_payload(&payload).map_err(failed),
    }
}

/// The fields of an `Op` payload carrying a `Write`, in wire order, its data borrowed.
#[derive(Deserialize)]
struct WritePayload<'a> {
    message_tag: u32,
    seq: u64,
    origin: OpOrigin,
    op_tag: u32,
    path: RelPath,
    offset: u64,
    #[serde(borrow, with = "serde_bytes")]
    data: &'a [u8],
}

/// Message tag of `Op`, operation tag of `Write` (see `REPLICATION-PROTOCOL.md`).
const OP_TAG: u32 = 3;
const WRITE_TAG: u32 = 2;

/// `payload` as a `Write` of at least [`BULK_BYTES`] whose data is a slice of it; `None`
/// for any other payload (or a broken one: [`decode_payload`] says what is wrong).
fn bulk_write(payload: &Bytes) -> Option<Message> {
    let (write, rest) = postcard::take_from_bytes::<WritePayload>(payload).ok()?;
    if write.message_tag != OP_TAG
        || write.op_tag != WRITE_TAG
        || !rest.is_empty()
        || write.data.len() < BULK_BYTES
    {
        return None;
    }
    // The data is the payload's last field.
    let start = payload.len() - write.data.len();
    Some(Message::Op(SequencedOp {
        seq: write.seq,
        origin: write.origin,
        op: Operation::Write {
            path: write.path,
            offset: write.offset,
            data: payload.slice(start..),
        },
    }))
}

/// One whole payload as a message.
fn decode_payload(payload: &[u8]) -> Result<Message, DecodeKind> {
    if let Ok((tag, _)) = postcard::take_from_bytes::<u32>(payload) {
        if tag >= MESSAGE_TYPES {
            return Err(DecodeKind::UnknownMessage { tag });
        }
    }
    let (message, rest) = postcard::take_from_bytes::<Message>(payload)?;
    if !rest.is_empty() {
        return Err(DecodeKind::Trailing { unused: rest.len() });
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::{OpOrigin, RelPath};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_bulk_write_goes_out_as_the_same_bytes(
            len in 0usize..70_000,
            seq in any::<u64>(),
            offset in any::<u64>(),
            byte in any::<u8>(),
        ) {
            let message = Message::Op(SequencedOp {
                seq,
                origin: OpOrigin::Mirror,
                op: Operation::Write {
                    path: RelPath::from_bytes(b"dir/file").unwrap(),
                    offset,
                    data: vec![byte; len].into(),
                },
            });
            let whole = frame(&message);
            let mut head = vec![7u8];
            match encode_bulk(&message, &mut head).unwrap() {
                Some((frame_len, data)) => {
                    prop_assert!(len >= BULK_BYTES);
                    head.extend_from_slice(data);
                    prop_assert_eq!(frame_len, whole.len());
                    prop_assert_eq!(&head[1..], &whole[..]);
                }
                None => {
                    prop_assert!(len < BULK_BYTES);
                    prop_assert_eq!(head, vec![7u8]);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn a_frame_on_its_own_decodes_as_the_stream_decoder_says(
            len in prop_oneof![0usize..64, BULK_BYTES - 2..BULK_BYTES + 2, 60_000usize..70_000],
            seq in any::<u64>(),
            offset in any::<u64>(),
            flip in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let message = Message::Op(SequencedOp {
                seq,
                origin: OpOrigin::Replication,
                op: Operation::Write {
                    path: RelPath::from_bytes(b"dir/file").unwrap(),
                    offset,
                    data: vec![byte; len].into(),
                },
            });
            let whole = frame(&message);
            let shared = Bytes::from(whole.clone());
            let decoded = decode_frame(&shared, 0).unwrap();
            prop_assert_eq!(&decoded, &message);
            if let Message::Op(SequencedOp { op: Operation::Write { data, .. }, .. }) = &decoded {
                // A bulk Write's data is the frame's own bytes, not a copy.
                let within = shared.as_ptr_range().contains(&data.as_ptr());
                prop_assert_eq!(within, len >= BULK_BYTES);
            }
            // Any byte of the payload changed: the same message or the same error.
            let mut broken = whole;
            let at = HEADER_LEN + flip.index(broken.len() - HEADER_LEN);
            broken[at] ^= byte | 1;
            let streamed = decode(&broken).map(|found| found.map(|(message, _)| message));
            let alone = decode_frame(&Bytes::from(broken), 0).map(Some);
            prop_assert_eq!(format!("{alone:?}"), format!("{streamed:?}"));
        }
    }

    #[test]
    fn only_large_writes_are_bulk() {
        let mut out = Vec::new();
        assert!(encode_bulk(&Message::KeepAlive, &mut out)
            .unwrap()
            .is_none());
        assert!(out.is_empty());
    }

    fn frame(message: &Message) -> Vec<u8> {
        let mut out = Vec::new();
        let len = encode(message, &mut out).unwrap();
        assert_eq!(len, out.len());
        out
    }

    #[test]
    fn frames_have_the_documented_bytes() {
        assert_eq!(frame(&Message::KeepAlive), [1, 0, 0, 0, 5]);
        assert_eq!(
            frame(&Message::Ack { up_to_seq: 300 }),
            [3, 0, 0, 0, 4, 0xac, 0x02]
        );
        let write = Message::Op(SequencedOp {
            seq: 1,
            origin: OpOrigin::Replication,
            op: Operation::Write {
                path: RelPath::from_bytes(b"a/b").unwrap(),
                offset: 128,
                data: b"hi".to_vec().into(),
            },
        });
        assert_eq!(
            frame(&write),
            [13, 0, 0, 0, 3, 1, 1, 2, 3, b'a', b'/', b'b', 0x80, 0x01, 2, b'h', b'i']
        );
    }

    #[test]
    fn decode_reports_the_bytes_used_and_waits_for_the_rest() {
        let mut stream = frame(&Message::KeepAlive);
        stream.extend(frame(&Message::Ack { up_to_seq: 7 }));
        assert_eq!(decode(&stream).unwrap(), Some((Message::KeepAlive, 5)));
        assert_eq!(
            decode(&stream[5..]).unwrap(),
            Some((Message::Ack { up_to_seq: 7 }, 6))
        );
        assert_eq!(decode(&stream[5..10]).unwrap(), None);
        assert_eq!(decode(&stream[5..7]).unwrap(), None);
    }

    #[test]
    fn an_oversize_length_is_refused_from_the_header_alone() {
        let header = ((MAX_PAYLOAD_LEN + 1) as u32).to_le_bytes();
        match decode_at(&header, 40) {
            Err(FrameError::TooLarge { offset: 40, len }) => {
                assert_eq!(len as usize, MAX_PAYLOAD_LEN + 1)
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode(&u32::MAX.to_le_bytes()),
            Err(FrameError::TooLarge { .. })
        ));
        let mut at_limit = (MAX_PAYLOAD_LEN as u32).to_le_bytes().to_vec();
        at_limit.push(5);
        assert_eq!(decode(&at_limit).unwrap(), None);
    }

    #[test]
    fn bad_payloads_are_typed_errors() {
        let kind = |bytes: &[u8]| match decode(bytes) {
            Err(FrameError::Payload {
                offset: 0, kind, ..
            }) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(&[0, 0, 0, 0]), DecodeKind::UnexpectedEnd);
        assert_eq!(
            kind(&[1, 0, 0, 0, 16]),
            DecodeKind::UnknownMessage { tag: 16 }
        );
        assert_eq!(
            kind(&[2, 0, 0, 0, 5, 0]),
            DecodeKind::Trailing { unused: 1 }
        );
        assert_eq!(kind(&[3, 0, 0, 0, 11, 1, 0xff]), DecodeKind::BadUtf8);
        assert_eq!(
            kind(&[5, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff]),
            DecodeKind::BadVarint
        );
        assert_eq!(
            kind(&[6, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff, 0xff]),
            DecodeKind::UnexpectedEnd
        );
        // Op Delete of "..": refused by RelPath.
        assert_eq!(
            kind(&[7, 0, 0, 0, 3, 1, 1, 7, 2, b'.', b'.']),
            DecodeKind::Invalid
        );
    }

    #[test]
    fn an_oversize_message_is_not_encoded() {
        let huge = Message::Op(SequencedOp {
            seq: 1,
            origin: OpOrigin::Mirror,
            op: Operation::Write {
                path: RelPath::from_bytes(b"f").unwrap(),
                offset: 0,
                data: vec![0; MAX_PAYLOAD_LEN].into(),
            },
        });
        let mut out = vec![9];
        assert!(matches!(
            encode(&huge, &mut out),
            Err(FrameError::MessageTooLarge { .. })
        ));
        assert_eq!(out, [9]);
    }
}
