//! The protocol over real streams: 10,000 operations through an in-memory duplex and
//! through a TCP loopback connection with handshake, cumulative acks and goodbye.

use std::path::PathBuf;

use engine::replication::protocol::{
    FrameReader, FrameWriter, Hello, Message, ProtocolVersion, Refused, Welcome,
};
use engine::replication::{OpOrigin, Operation, RelPath, SequencedOp};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};

/// Operations per test stream.
const OPS: u64 = 10_000;

/// The target acknowledges after this many applied operations (and at the end).
const ACK_EVERY: u64 = 128;

/// Operation `seq`: mostly small writes, some 64 KiB chunks, and other kinds between.
fn op(seq: u64) -> SequencedOp {
    let path = RelPath::from_bytes(format!("srv/dir{}/file{}", seq % 7, seq % 13).as_bytes())
        .expect("a valid path");
    let op = match seq % 10 {
        0 => Operation::Truncate { path, len: seq },
        1 => Operation::Rename {
            from: path,
            to: RelPath::from_bytes(b"srv/renamed").expect("a valid path"),
        },
        9 if seq % 100 == 9 => Operation::Write {
            path,
            offset: seq,
            data: vec![(seq % 251) as u8; 64 * 1024].into(),
        },
        _ => Operation::Write {
            path,
            offset: seq,
            data: seq.to_le_bytes().repeat((seq % 16) as usize).into(),
        },
    };
    SequencedOp {
        seq,
        origin: if seq.is_multiple_of(3) {
            OpOrigin::Mirror
        } else {
            OpOrigin::Replication
        },
        op,
    }
}

/// Sends operations 1..=OPS, flushing whenever `flush_every` have been queued.
async fn send_ops<W: AsyncWrite + Unpin>(writer: &mut FrameWriter<W>, flush_every: u64) {
    for seq in 1..=OPS {
        writer.write(&Message::Op(op(seq))).await.unwrap();
        if seq.is_multiple_of(flush_every) {
            writer.flush().await.unwrap();
        }
    }
    writer.flush().await.unwrap();
}

/// Reads operations and checks each is the next one, in order and intact; returns how
/// many arrived, acknowledging through `acks` when given.
async fn receive_ops<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(
    reader: &mut FrameReader<R>,
    mut acks: Option<&mut FrameWriter<W>>,
) -> u64 {
    let mut applied = 0;
    while applied < OPS {
        match reader.read().await.unwrap() {
            Some(Message::Op(received)) => {
                assert_eq!(received, op(applied + 1), "operation {}", applied + 1);
                applied += 1;
                if let Some(acks) = acks.as_deref_mut() {
                    if applied.is_multiple_of(ACK_EVERY) || applied == OPS {
                        acks.send(&Message::Ack { up_to_seq: applied })
                            .await
                            .unwrap();
                    }
                }
            }
            other => panic!("expected operation {}, got {other:?}", applied + 1),
        }
    }
    applied
}

#[tokio::test]
async fn ten_thousand_operations_cross_a_duplex_in_order() {
    let (tx, rx) = tokio::io::duplex(16 * 1024);
    let sender = tokio::spawn(async move {
        let mut writer = FrameWriter::new(tx);
        send_ops(&mut writer, 37).await;
        writer.shutdown().await.unwrap();
        writer.offset()
    });
    let mut reader = FrameReader::new(rx);
    let count = receive_ops::<_, tokio::io::DuplexStream>(&mut reader, None).await;
    assert_eq!(count, OPS);
    assert_eq!(
        reader.read().await.unwrap(),
        None,
        "a clean end after the last frame"
    );
    assert_eq!(reader.offset(), sender.await.unwrap());
}

fn hello(protocol_version: ProtocolVersion) -> Message {
    Message::Hello(Hello {
        protocol_version,
        connection_id: 3,
        replication_set: "FilesAndFolders".into(),
        target_path: PathBuf::from("/replica/dé"),
        source_host: "alpha".into(),
        resume: false,
    })
}

/// The target side of one connection: handshake, apply with acks, answer the goodbye.
async fn serve_target(stream: TcpStream) {
    let (read_half, write_half) = stream.into_split();
    let mut reader = FrameReader::new(read_half);
    let mut writer = FrameWriter::new(write_half);
    let Some(Message::Hello(hello)) = reader.read().await.unwrap() else {
        panic!("the source speaks first with Hello");
    };
    assert_eq!(hello.replication_set, "FilesAndFolders");
    assert_eq!(hello.target_path, PathBuf::from("/replica/dé"));
    match ProtocolVersion::CURRENT.negotiate(hello.protocol_version) {
        Err(refused) => {
            writer.send(&Message::Refused(refused)).await.unwrap();
            writer.shutdown().await.unwrap();
            return;
        }
        Ok(_) => {
            let welcome = Welcome {
                protocol_version: ProtocolVersion::CURRENT,
                last_applied_seq: 0,
            };
            writer.send(&Message::Welcome(welcome)).await.unwrap();
        }
    }
    receive_ops(&mut reader, Some(&mut writer)).await;
    assert_eq!(
        reader.read().await.unwrap(),
        Some(Message::Goodbye {
            reason: "job stopped".into()
        })
    );
    assert_eq!(reader.read().await.unwrap(), None);
    writer.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_tcp_connection_carries_handshake_operations_and_cumulative_acks() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let target = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        serve_target(stream).await;
    });

    let (read_half, write_half) = TcpStream::connect(address).await.unwrap().into_split();
    let mut reader = FrameReader::new(read_half);
    let mut writer = FrameWriter::new(write_half);
    writer.send(&hello(ProtocolVersion::CURRENT)).await.unwrap();
    let Some(Message::Welcome(welcome)) = reader.read().await.unwrap() else {
        panic!("the target welcomes a current source");
    };
    assert_eq!(welcome.last_applied_seq, 0);

    let acks = tokio::spawn(async move {
        let mut last = 0;
        while let Some(message) = reader.read().await.unwrap() {
            let Message::Ack { up_to_seq } = message else {
                panic!("expected an ack, got {message:?}");
            };
            assert!(up_to_seq > last, "acks only move forward");
            last = up_to_seq;
        }
        last
    });
    send_ops(&mut writer, 500).await;
    writer
        .send(&Message::Goodbye {
            reason: "job stopped".into(),
        })
        .await
        .unwrap();
    writer.shutdown().await.unwrap();
    assert_eq!(
        acks.await.unwrap(),
        OPS,
        "the last ack covers every operation"
    );
    target.await.unwrap();
}

#[tokio::test]
async fn a_source_of_another_major_version_is_refused_with_157() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let target = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        serve_target(stream).await;
    });
    let (read_half, write_half) = TcpStream::connect(address).await.unwrap().into_split();
    let mut reader = FrameReader::new(read_half);
    let mut writer = FrameWriter::new(write_half);
    let newer = ProtocolVersion {
        major: ProtocolVersion::CURRENT.major + 1,
        minor: 0,
    };
    writer.send(&hello(newer)).await.unwrap();
    match reader.read().await.unwrap() {
        Some(Message::Refused(Refused { code, reason })) => {
            assert_eq!(code, 157);
            assert!(reason.contains(&newer.to_string()), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(reader.read().await.unwrap(), None, "the target closes");
    target.await.unwrap();
}
