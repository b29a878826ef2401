//! Throughput of the `.dtl` line parser and of `LogReader` on realistic generated lines.

use std::hint::black_box;
use std::io::Cursor;

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use logparse::dtl::{parse_line, Item, Level, LogReader, Record};

/// Engine messages of the guide's kind, with their IDs (about 110-byte lines).
const MESSAGES: &[(Level, u32, &str)] = &[
    (Level::Info, 4019, "Service has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2"),
    (Level::Info, 4022, "Service has completed a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2"),
    (Level::Info, 4024, "Replication Set FilesAndFolders has been modified"),
    (Level::Alert, 4101, "Connection 2 to BETA (172.31.206.201) lost: connection reset by peer"),
    (Level::Info, 0, "Queue threshold check: source queue at 12% of\tdisk space, target queue at 3%"),
    (Level::Alert, 4205, "Verification of /data/projects/2017/q2 found 3 files that differ on the target"),
];

/// Roughly `bytes` of realistic `.dtl` lines.
fn generate(bytes: usize) -> Vec<u8> {
    let start = NaiveDate::from_ymd_opt(2017, 6, 22)
        .and_then(|d| d.and_hms_milli_opt(14, 42, 55, 318))
        .expect("valid");
    let mut out = Vec::with_capacity(bytes + 256);
    let mut seq = 1u64;
    while out.len() < bytes {
        let (level, id, text) = MESSAGES[(seq as usize * 7) % MESSAGES.len()];
        let record = Record {
            timestamp: start + Duration::milliseconds(seq as i64 * 37),
            pid: 2411,
            tid: 2417 + (seq % 5) as u32,
            seq,
            level,
            id,
            text: text.to_owned(),
        };
        record.write_to(&mut out).expect("write to Vec");
        seq += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let data = generate(4 << 20);
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut group = c.benchmark_group("dtl");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("parse_line", |b| {
        b.iter(|| {
            let mut sum = 0u64;
            for line in &lines {
                if let Ok(record) = parse_line(black_box(line)) {
                    sum = sum.wrapping_add(record.seq);
                }
            }
            sum
        })
    });
    group.bench_function("log_reader", |b| {
        b.iter(|| {
            let mut reader = LogReader::new(Cursor::new(black_box(&data[..])));
            let mut records = 0u64;
            while let Some(item) = reader.next_item() {
                if let Item::Record(item) = item {
                    records += u64::from(!item.invalid_utf8);
                }
            }
            records
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
