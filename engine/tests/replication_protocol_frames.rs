//! Frames of the replication protocol as pure bytes: every message survives a round trip,
//! a cut stream never yields a wrong message, and hostile lengths are refused up front.

use std::path::PathBuf;
use std::time::Duration;

use engine::replication::protocol::{
    decode, encode, DecodeKind, FrameError, FrameReader, Hello, Message, ProtocolVersion, Refused,
    Welcome, HEADER_LEN, MAX_PAYLOAD_LEN,
};
use engine::replication::{FileMeta, OpOrigin, Operation, RelPath, SequencedOp};
use proptest::collection::vec;
use proptest::prelude::*;

/// One path component: any bytes but `/` and NUL, not `.` or `..`.
fn component() -> impl Strategy<Value = Vec<u8>> {
    vec(
        any::<u8>().prop_filter("no / or NUL", |b| *b != b'/' && *b != 0),
        1..12,
    )
    .prop_filter("not . or ..", |c| c != b"." && c != b"..")
}

fn rel_path() -> impl Strategy<Value = RelPath> {
    vec(component(), 1..5).prop_map(|components| {
        RelPath::from_bytes(&components.join(&b'/')).expect("components make a RelPath")
    })
}

fn meta() -> impl Strategy<Value = FileMeta> {
    (any::<u32>(), any::<u32>(), any::<u32>(), any::<i64>()).prop_map(
        |(mode, uid, gid, mtime_ns)| FileMeta {
            mode,
            uid,
            gid,
            mtime_ns,
        },
    )
}

fn operation(max_data: usize) -> impl Strategy<Value = Operation> {
    prop_oneof![
        (rel_path(), meta()).prop_map(|(path, meta)| Operation::Mkdir { path, meta }),
        (rel_path(), meta()).prop_map(|(path, meta)| Operation::Create { path, meta }),
        (rel_path(), any::<u64>(), vec(any::<u8>(), 0..max_data)).prop_map(
            |(path, offset, data)| Operation::Write {
                path,
                offset,
                data: data.into()
            }
        ),
        (rel_path(), any::<u64>()).prop_map(|(path, len)| Operation::Truncate { path, len }),
        (rel_path(), vec(any::<u8>(), 0..64))
            .prop_map(|(path, target)| Operation::Symlink { path, target }),
        (rel_path(), meta()).prop_map(|(path, meta)| Operation::SetMeta { path, meta }),
        (rel_path(), rel_path()).prop_map(|(from, to)| Operation::Rename { from, to }),
        rel_path().prop_map(|path| Operation::Delete { path }),
        rel_path().prop_map(|path| Operation::Rmdir { path }),
    ]
}

fn version() -> impl Strategy<Value = ProtocolVersion> {
    (any::<u16>(), any::<u16>()).prop_map(|(major, minor)| ProtocolVersion { major, minor })
}

fn message(max_data: usize) -> impl Strategy<Value = Message> {
    prop_oneof![
        (
            version(),
            any::<u32>(),
            ".{0,20}",
            vec(any::<u8>(), 0..40),
            ".{0,20}",
            any::<bool>()
        )
            .prop_map(
                |(protocol_version, connection_id, replication_set, path, source_host, resume)| {
                    Message::Hello(Hello {
                        protocol_version,
                        connection_id,
                        replication_set,
                        target_path: PathBuf::from(
                            <std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(path),
                        ),
                        source_host,
                        resume,
                    })
                }
            ),
        (version(), any::<u64>()).prop_map(|(protocol_version, last_applied_seq)| {
            Message::Welcome(Welcome {
                protocol_version,
                last_applied_seq,
            })
        }),
        (any::<u32>(), ".{0,40}")
            .prop_map(|(code, reason)| Message::Refused(Refused { code, reason })),
        (any::<u64>(), any::<bool>(), operation(max_data)).prop_map(|(seq, mirror, op)| {
            Message::Op(SequencedOp {
                seq,
                origin: if mirror {
                    OpOrigin::Mirror
                } else {
                    OpOrigin::Replication
                },
                op,
            })
        }),
        any::<u64>().prop_map(|up_to_seq| Message::Ack { up_to_seq }),
        Just(Message::KeepAlive),
        Just(Message::KeepAliveAck),
        Just(Message::TargetPaused),
        Just(Message::TargetResumed),
        Just(Message::PauseMirror),
        Just(Message::ResumeMirror),
        ".{0,40}".prop_map(|reason| Message::Goodbye { reason }),
    ]
}

fn frame(message: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    encode(message, &mut out).expect("test messages fit a frame");
    out
}

/// Decodes every whole frame at the start of `buf`; the error, if a frame is bad.
fn decode_all(mut buf: &[u8]) -> Result<(Vec<Message>, usize), FrameError> {
    let mut messages = Vec::new();
    let mut used = 0;
    while let Some((message, len)) = decode(buf)? {
        assert!(len >= HEADER_LEN && len <= buf.len());
        messages.push(message);
        used += len;
        buf = &buf[len..];
    }
    Ok((messages, used))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_message_round_trips(message in message(8 * 1024)) {
        let bytes = frame(&message);
        prop_assert_eq!(
            u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize,
            bytes.len() - HEADER_LEN
        );
        prop_assert_eq!(decode(&bytes).unwrap(), Some((message, bytes.len())));
    }

    #[test]
    fn a_cut_stream_yields_the_whole_frames_then_waits(
        messages in vec(message(300), 1..5),
        cut_seed in any::<prop::sample::Index>(),
    ) {
        let mut stream = Vec::new();
        let mut ends = Vec::new();
        for message in &messages {
            stream.extend(frame(message));
            ends.push(stream.len());
        }
        // Every cut for short streams; otherwise all cuts of one frame chosen at random.
        let cuts: Vec<usize> = if stream.len() <= 2048 {
            (0..=stream.len()).collect()
        } else {
            let k = cut_seed.index(ends.len());
            let from = if k == 0 { 0 } else { ends[k - 1] };
            (from..=ends[k]).collect()
        };
        for cut in cuts {
            let whole = ends.iter().filter(|&&end| end <= cut).count();
            let (decoded, used) = decode_all(&stream[..cut]).unwrap();
            prop_assert_eq!(&decoded[..], &messages[..whole]);
            prop_assert_eq!(used, if whole == 0 { 0 } else { ends[whole - 1] });
        }
    }

    #[test]
    fn a_frame_around_part_of_a_payload_is_an_error(message in message(300), keep in any::<prop::sample::Index>()) {
        let bytes = frame(&message);
        let payload = &bytes[HEADER_LEN..];
        let keep = keep.index(payload.len());
        let mut reframed = (keep as u32).to_le_bytes().to_vec();
        reframed.extend_from_slice(&payload[..keep]);
        let result = decode(&reframed);
        prop_assert!(
            matches!(result, Err(FrameError::Payload { offset: 0, .. })),
            "{} of {} payload bytes decoded as {:?}", keep, payload.len(), result
        );
    }

    #[test]
    fn a_damaged_frame_never_panics_and_what_decodes_is_consistent(
        message in message(300),
        at in any::<prop::sample::Index>(),
        xor in 1u8..,
    ) {
        let mut bytes = frame(&message);
        let at = at.index(bytes.len());
        bytes[at] ^= xor;
        if let Ok(Some((decoded, len))) = decode(&bytes) {
            prop_assert!(len <= bytes.len());
            let again = frame(&decoded);
            prop_assert_eq!(decode(&again).unwrap(), Some((decoded, again.len())));
        }
    }
}

#[test]
fn an_oversize_length_is_refused_before_its_payload() {
    for len in [u32::MAX, (MAX_PAYLOAD_LEN + 1) as u32] {
        match decode(&len.to_le_bytes()) {
            Err(FrameError::TooLarge {
                offset: 0,
                len: seen,
            }) => assert_eq!(seen, len),
            other => panic!("{other:?}"),
        }
    }
    // A stream of good frames then a bad header: the good ones decode first.
    let mut stream = frame(&Message::KeepAlive);
    stream.extend(u32::MAX.to_le_bytes());
    assert_eq!(
        decode(&stream).unwrap(),
        Some((Message::KeepAlive, HEADER_LEN + 1))
    );
    assert!(decode_all(&stream).is_err());
}

#[tokio::test]
async fn the_reader_refuses_an_oversize_length_without_waiting_for_the_payload() {
    let (mut tx, rx) = tokio::io::duplex(64);
    let mut good = frame(&Message::KeepAlive);
    good.extend(((MAX_PAYLOAD_LEN + 1) as u32).to_le_bytes());
    tokio::io::AsyncWriteExt::write_all(&mut tx, &good)
        .await
        .unwrap();
    // `tx` stays open: a reader that waited for the payload would never return.
    let mut reader = FrameReader::new(rx);
    assert_eq!(
        bounded(&mut reader).await.expect("read returns").unwrap(),
        Some(Message::KeepAlive)
    );
    match bounded(&mut reader).await.expect("read returns") {
        Err(FrameError::TooLarge { offset: 5, len }) => {
            assert_eq!(len as usize, MAX_PAYLOAD_LEN + 1)
        }
        other => panic!("{other:?}"),
    }
    drop(tx);
}

/// `reader.read()`, failing the test instead of hanging if it never returns.
async fn bounded(
    reader: &mut FrameReader<tokio::io::DuplexStream>,
) -> Result<Result<Option<Message>, FrameError>, tokio::time::error::Elapsed> {
    tokio::time::timeout(Duration::from_secs(30), reader.read()).await
}

#[test]
fn a_payload_from_a_newer_peer_names_its_message_type() {
    let frame = [2, 0, 0, 0, 0x80, 0x01];
    match decode(&frame) {
        Err(FrameError::Payload { kind, len: 2, .. }) => {
            assert_eq!(kind, DecodeKind::UnknownMessage { tag: 128 })
        }
        other => panic!("{other:?}"),
    }
}
