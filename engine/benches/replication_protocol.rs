//! Encode and decode throughput of replication frames carrying 64 KiB Write operations
//! (the default MirrorChunkSize), through the pure functions and through the async pair.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::replication::protocol::{decode, encode, FrameReader, FrameWriter, Message};
use engine::replication::{OpOrigin, Operation, RelPath, SequencedOp};

/// File data per operation: MirrorChunkSize's default.
const CHUNK: usize = 64 * 1024;

/// Operations per measured batch (16 MiB of data).
const OPS: u64 = 256;

fn write_op(seq: u64) -> Message {
    Message::Op(SequencedOp {
        seq,
        origin: OpOrigin::Mirror,
        op: Operation::Write {
            path: RelPath::from_bytes(b"srv/data/volume/file-0001.bin").expect("a valid path"),
            offset: seq * CHUNK as u64,
            data: vec![(seq % 251) as u8; CHUNK].into(),
        },
    })
}

fn frames(c: &mut Criterion) {
    let ops: Vec<Message> = (1..=OPS).map(write_op).collect();
    let mut group = c.benchmark_group("replication_frame_64k_write");
    group.throughput(Throughput::Bytes(OPS * CHUNK as u64));
    group.bench_function("encode_decode", |b| {
        let mut buf = Vec::with_capacity(CHUNK + 64);
        b.iter(|| {
            let mut decoded = 0;
            for op in &ops {
                buf.clear();
                encode(black_box(op), &mut buf).expect("a 64 KiB write fits a frame");
                if let Ok(Some((message, _))) = decode(black_box(&buf)) {
                    decoded += matches!(message, Message::Op(_)) as u64;
                }
            }
            assert_eq!(decoded, OPS);
        })
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    group.bench_function("writer_duplex_reader", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let (tx, rx) = tokio::io::duplex(256 * 1024);
                let ops = &ops;
                let send = async move {
                    let mut writer = FrameWriter::new(tx);
                    for op in ops {
                        writer.write(op).await.expect("duplex write");
                    }
                    writer.shutdown().await.expect("duplex shutdown");
                };
                let receive = async {
                    let mut reader = FrameReader::new(rx);
                    let mut count = 0;
                    while let Some(message) = reader.read().await.expect("a valid stream") {
                        count += matches!(message, Message::Op(_)) as u64;
                    }
                    count
                };
                let ((), count) = tokio::join!(send, receive);
                assert_eq!(count, OPS);
            })
        })
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
