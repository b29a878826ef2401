//! GetNext walk of the NSI subtree with a 1,000-row connection table (objects per second),
//! and the cost of building the view from a snapshot.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dtsubagent::mib_view::{oids, MibView, Oid};
use logparse::sts::{ConState, ConnectionStats, Snapshot};

fn thousand_rows() -> Snapshot {
    Snapshot {
        connections: (1..=1000u32)
            .map(|id| ConnectionStats {
                connection_id: id,
                replication_set: format!("set{id}"),
                target_name: format!("target{id}"),
                con_peer_address: IpAddr::V4(Ipv4Addr::new(10, 1, (id >> 8) as u8, id as u8)),
                con_state: ConState::Active,
                con_bytes_tx: u64::from(id) << 33,
                ..ConnectionStats::default()
            })
            .collect(),
        ..Snapshot::default()
    }
}

fn walk(view: &MibView) -> usize {
    let mut cursor = Oid::from(oids::NSI_DOUBLE_TAKE);
    let mut count = 0;
    while let Some((oid, value)) = view.next(&cursor) {
        black_box(value);
        cursor = oid;
        count += 1;
    }
    count
}

fn getnext_walk(c: &mut Criterion) {
    let snapshot = thousand_rows();
    let view = MibView::from_snapshot(&snapshot);
    let objects = view.instance_count();
    assert_eq!(walk(&view), objects);
    let mut group = c.benchmark_group("mib_view");
    group.throughput(Throughput::Elements(objects as u64));
    group.bench_function("getnext_walk_1000_rows", |b| {
        b.iter(|| walk(black_box(&view)))
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("build_view_1000_rows", |b| {
        b.iter(|| MibView::from_snapshot(black_box(&snapshot)))
    });
    group.finish();
}

criterion_group!(benches, getnext_walk);
criterion_main!(benches);
