//! The live statistics model: exact sums under concurrent updates, and snapshots that hold
//! the registered targets and connections and survive the `.sts` encoding.

use std::net::IpAddr;
use std::sync::Arc;
use std::thread;

use chrono::Utc;
use engine::stats::{ConnectionInfo, StatsModel};
use logparse::sts::{self, ConState, SourceState, TargetState};

const THREADS: u64 = 8;
const UPDATES: u64 = 20_000;

#[test]
fn updates_from_many_threads_sum_exactly() {
    let model = Arc::new(StatsModel::new(Utc::now()));
    let peer: IpAddr = "192.168.1.20".parse().unwrap();
    let connection = model.register_connection(1, ConnectionInfo::default());
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let model = Arc::clone(&model);
            let connection = Arc::clone(&connection);
            thread::spawn(move || {
                // Every thread looks its target up itself: the first lookups race to create it.
                let target = model.target(peer);
                for _ in 0..UPDATES {
                    model.kernel.rep_ops_generated.inc();
                    model.kernel.rep_bytes_generated.add(512);
                    model.security.logins.inc();
                    target.ops_received.inc();
                    target.bytes_in_target_queue.add(3);
                    connection.con_ops_tx.inc();
                    connection.con_bytes_tx.add(7);
                    connection.con_ops_in_rep_queue.add(1);
                    connection.con_ops_in_rep_queue.sub(1);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let total = THREADS * UPDATES;
    let snapshot = model.snapshot();
    assert_eq!(snapshot.kernel.rep_ops_generated, total);
    assert_eq!(snapshot.kernel.rep_bytes_generated, total * 512);
    assert_eq!(snapshot.security.logins, total);
    assert_eq!(snapshot.targets.len(), 1);
    assert_eq!(snapshot.targets[0].ops_received, total);
    assert_eq!(snapshot.targets[0].bytes_in_target_queue, total * 3);
    assert_eq!(snapshot.connections[0].con_ops_tx, total);
    assert_eq!(snapshot.connections[0].con_bytes_tx, total * 7);
    assert_eq!(snapshot.connections[0].con_ops_in_rep_queue, 0);
}

#[test]
fn snapshot_holds_registered_targets_and_connections_in_order() {
    let start = Utc::now();
    let model = StatsModel::new(start);
    model
        .kernel
        .set_source_state(SourceState::RunningWithoutDriver);
    model.kernel.set_target_state(TargetState::Running);
    for peer in ["10.0.0.3", "10.0.0.1", "::1"] {
        let target = model.target(peer.parse().unwrap());
        target.set_local_address("10.0.0.100".parse().unwrap());
        target.ops_received.add(5);
    }
    for id in [12, 4, 9] {
        let connection = model.register_connection(
            id,
            ConnectionInfo {
                replication_set: format!("set{id}"),
                target_name: "BETA".into(),
                con_peer_address: "10.0.0.2".parse().unwrap(),
                connect_time: Some(start),
                ..ConnectionInfo::default()
            },
        );
        connection.set_state(ConState::Active);
        connection.con_bytes_tx.add(u64::from(id));
    }
    model.unregister_connection(9);

    let snapshot = model.snapshot();
    let peers: Vec<String> = snapshot
        .targets
        .iter()
        .map(|t| t.peer_address.to_string())
        .collect();
    assert_eq!(peers, ["10.0.0.1", "10.0.0.3", "::1"]);
    assert!(snapshot
        .targets
        .iter()
        .all(|t| t.ops_received == 5 && t.local_address.to_string() == "10.0.0.100"));
    let ids: Vec<u32> = snapshot
        .connections
        .iter()
        .map(|c| c.connection_id)
        .collect();
    assert_eq!(ids, [4, 12]);
    assert_eq!(snapshot.connections[1].replication_set, "set12");
    assert_eq!(snapshot.connections[1].con_bytes_tx, 12);
    assert_eq!(snapshot.connections[1].con_state, ConState::Active);
    assert!(snapshot.source.is_some());
    assert_eq!(snapshot.kernel.target_state, TargetState::Running);
    assert!(snapshot.system_allocator_total_bytes > 0);

    // What the model produces is what the file and the stats port carry.
    let mut bytes = Vec::new();
    sts::encode_header(&mut bytes);
    sts::encode_record(&snapshot, &mut bytes).unwrap();
    let decoded = sts::decode_all(&bytes).unwrap();
    assert!(decoded.problems.is_empty());
    let (_, back) = &decoded.snapshots[0];
    assert_eq!(back.targets, snapshot.targets);
    assert_eq!(
        back.kernel.start_time.timestamp_millis(),
        start.timestamp_millis()
    );
    assert_eq!(back.connections.len(), 2);
    assert_eq!(
        back.connections[0]
            .connect_time
            .map(|t| t.timestamp_millis()),
        Some(start.timestamp_millis())
    );
}
