//! Queue throughput: 4 KiB writes (the small-file case) pushed then popped, kept in
//! memory and spilled through the journal files.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::replication::queue::{OpQueue, QueueLimits};
use engine::replication::{Operation, RelPath};

/// File data per operation.
const DATA: usize = 4 * 1024;

/// Operations per measured batch (32 MiB of data).
const OPS: u64 = 8 * 1024;

fn write_op(i: u64) -> Operation {
    Operation::Write {
        path: RelPath::from_bytes(b"srv/data/small/file-0001.txt").expect("a valid path"),
        offset: i * DATA as u64,
        data: vec![(i % 251) as u8; DATA].into(),
    }
}

fn push_pop(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let ops: Vec<Operation> = (0..OPS).map(write_op).collect();
    let mut group = c.benchmark_group("replication_queue_4k_write");
    group.throughput(Throughput::Bytes(OPS * DATA as u64));
    for (name, memory_bytes) in [("memory", 1 << 30), ("spilled", 0)] {
        let limits = QueueLimits {
            memory_bytes,
            journal_dir: dir.path().to_path_buf(),
            journal_file_bytes: 5 << 20,
            disk_bytes: None,
        };
        let mut queue = OpQueue::open(limits, name).expect("a queue");
        group.bench_function(name, |b| {
            b.iter(|| {
                for op in &ops {
                    queue.push(black_box(op.clone())).expect("room");
                }
                while let Some(op) = queue.pop().expect("readable") {
                    black_box(op);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, push_pop);
criterion_main!(benches);
