//! Decode throughput of the `.sts` slice and streaming decoders on realistic records
//! (2 targets, 3 connections; the same snapshots as `examples/sts_throughput.rs`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use logparse::sts::{encode_header, encode_record, records, Snapshot, StsReader};

#[path = "samples/sts.rs"]
mod samples;
use samples::realistic;

/// Records per measured buffer (about 0.8 MB).
const RECORDS: u64 = 1000;

fn decode(c: &mut Criterion) {
    let mut data = Vec::new();
    encode_header(&mut data);
    for i in 0..RECORDS {
        encode_record(&realistic(i), &mut data).expect("realistic snapshots encode");
    }
    let mut group = c.benchmark_group("sts_decode");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("slice", |b| {
        b.iter(|| records(black_box(&data)).map(|items| items.filter(Result::is_ok).count()))
    });
    group.bench_function("stream", |b| {
        b.iter(|| {
            StsReader::new(black_box(data.as_slice()))
                .map(|reader| reader.filter(Result::is_ok).count())
        })
    });
    group.bench_function("stream_into", |b| {
        b.iter(|| {
            StsReader::new(black_box(data.as_slice())).map(|mut reader| {
                let mut snapshot = Snapshot::default();
                let mut count = 0;
                while let Some(item) = reader.next_into(&mut snapshot) {
                    count += usize::from(item.is_ok());
                }
                count
            })
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
