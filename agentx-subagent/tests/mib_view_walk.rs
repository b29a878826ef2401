//! Walk order of the NSI view: GetNext visits every instance exactly once, in strictly
//! increasing numeric OID order, and agrees with Get and with a brute-force search.

use std::net::{IpAddr, Ipv4Addr};

use dtsubagent::mib_view::{oids, Lookup, MibView, NextAnswer, Oid, Value, MAX_BULK_VARBINDS};
use logparse::sts::{ConState, ConnectionStats, Snapshot};
use proptest::prelude::*;

/// Every instance of `view`, by GetNext from the subtree's root.
fn walk(view: &MibView) -> Vec<(Oid, Value)> {
    let mut cursor = Oid::from(oids::NSI_DOUBLE_TAKE);
    let mut instances = Vec::new();
    while let Some((oid, value)) = view.next(&cursor) {
        assert!(oid > cursor, "OID not increasing: {oid} after {cursor}");
        cursor = oid.clone();
        instances.push((oid, value));
        assert!(
            instances.len() <= view.instance_count(),
            "walk does not end"
        );
    }
    instances
}

fn connection(id: u32, ops: u64) -> ConnectionStats {
    ConnectionStats {
        connection_id: id,
        con_peer_address: IpAddr::V4(Ipv4Addr::new(10, 0, (id >> 8) as u8, id as u8)),
        con_state: ConState::Active,
        con_ops_tx: ops,
        con_bytes_tx: ops.wrapping_mul(4096),
        replication_set: format!("set{id}"),
        ..ConnectionStats::default()
    }
}

fn snapshot_strategy() -> impl Strategy<Value = Snapshot> {
    let ids = prop_oneof![
        8 => 1u32..300,
        1 => Just(0u32),
        1 => (i32::MAX as u32)..=u32::MAX,
    ];
    proptest::collection::vec((ids, any::<u64>()), 0..40).prop_map(|rows| Snapshot {
        connections: rows
            .into_iter()
            .map(|(id, ops)| connection(id, ops))
            .collect(),
        ..Snapshot::default()
    })
}

fn arbitrary_oid() -> impl Strategy<Value = Oid> {
    let under_nsi =
        (proptest::collection::vec(0u32..16, 0..5), 0u32..310).prop_map(|(tail, index)| {
            let mut sub_ids = oids::NSI_DOUBLE_TAKE.to_vec();
            sub_ids.extend(tail);
            sub_ids.push(index);
            Oid::new(sub_ids)
        });
    prop_oneof![
        4 => under_nsi,
        1 => proptest::collection::vec(any::<u32>(), 0..12).prop_map(Oid::new),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn walk_visits_every_instance_once_in_increasing_order(snapshot in snapshot_strategy()) {
        let view = MibView::from_snapshot(&snapshot);
        let instances = walk(&view);
        prop_assert_eq!(instances.len(), view.instance_count());
        for pair in instances.windows(2) {
            prop_assert!(pair[0].0 < pair[1].0);
        }
        for (oid, value) in &instances {
            prop_assert!(oid.starts_with(oids::NSI_DOUBLE_TAKE));
            prop_assert_eq!(view.get(oid), Lookup::Value(value.clone()));
        }
        let mut expected: Vec<u32> = snapshot
            .connections
            .iter()
            .map(|c| c.connection_id)
            .filter(|id| (1..=i32::MAX as u32).contains(id))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        prop_assert_eq!(view.connection_indices(), expected.as_slice());
    }

    #[test]
    fn next_from_any_oid_is_the_first_instance_after_it(
        snapshot in snapshot_strategy(),
        probes in proptest::collection::vec(arbitrary_oid(), 1..30),
    ) {
        let view = MibView::from_snapshot(&snapshot);
        let instances = walk(&view);
        for probe in probes {
            let brute_force = instances.iter().find(|(oid, _)| *oid > probe).cloned();
            prop_assert_eq!(view.next(&probe), brute_force);
            let in_walk = instances.iter().find(|(oid, _)| *oid == probe);
            match (view.get(&probe), in_walk) {
                (Lookup::Value(value), Some((_, walked))) => prop_assert_eq!(&value, walked),
                (Lookup::Value(_), None) => prop_assert!(false, "{probe} got but not walked"),
                (_, Some(_)) => prop_assert!(false, "{probe} walked but not got"),
                (_, None) => {}
            }
        }
    }

    #[test]
    fn bulk_repeats_getnext_from_each_previous_answer(
        snapshot in snapshot_strategy(),
        starts in proptest::collection::vec(arbitrary_oid(), 0..5),
        non_repeaters in 0usize..3,
        max_repetitions in 0usize..30,
    ) {
        let view = MibView::from_snapshot(&snapshot);
        let answers = view.bulk(non_repeaters, max_repetitions, &starts);
        let split = non_repeaters.min(starts.len());
        for (answer, start) in answers.iter().zip(&starts[..split]) {
            prop_assert_eq!(answer, &view.search(start, false, None));
        }
        let repeaters = &starts[split..];
        let mut cursors = repeaters.to_vec();
        for round in answers[split..].chunks(repeaters.len().max(1)) {
            prop_assert_eq!(round.len(), repeaters.len());
            for (answer, cursor) in round.iter().zip(&mut cursors) {
                prop_assert_eq!(answer, &view.search(cursor, false, None));
                if let NextAnswer::Value(oid, _) = answer {
                    *cursor = oid.clone();
                }
            }
        }
        prop_assert!(answers.len() <= split + repeaters.len() * max_repetitions);
    }
}

#[test]
fn numeric_order_puts_column_10_after_column_9_and_row_10_after_row_9() {
    let snapshot = Snapshot {
        connections: (1..=12).map(|id| connection(id, id.into())).collect(),
        ..Snapshot::default()
    };
    let view = MibView::from_snapshot(&snapshot);
    let names: Vec<String> = walk(&view)
        .into_iter()
        .map(|(oid, _)| oid.to_string())
        .collect();
    let at = |name: &str| names.iter().position(|n| n == name).expect(name);
    assert!(at("1.3.6.1.4.1.2592.3.2.9.0") < at("1.3.6.1.4.1.2592.3.2.10.0"));
    assert!(at("1.3.6.1.4.1.2592.3.6.2.1.2.9") < at("1.3.6.1.4.1.2592.3.6.2.1.2.10"));
    assert!(at("1.3.6.1.4.1.2592.3.6.2.1.9.12") < at("1.3.6.1.4.1.2592.3.6.2.1.10.1"));
    assert_eq!(
        names.first().map(String::as_str),
        Some("1.3.6.1.4.1.2592.3.2.1.0")
    );
    assert_eq!(
        names.last().map(String::as_str),
        Some("1.3.6.1.4.1.2592.3.8.1.1.13.12")
    );
}

#[test]
fn agentx_search_honours_include_and_end() {
    let snapshot = Snapshot {
        connections: vec![connection(5, 1), connection(7, 2)],
        ..Snapshot::default()
    };
    let view = MibView::from_snapshot(&snapshot);
    let ops_tx = |index: u32| Oid::join(oids::DT_CONNECTION_ENTRY, &[oids::DTCON_OPS_TX, index]);
    assert_eq!(
        view.search(&ops_tx(5), true, None),
        NextAnswer::Value(ops_tx(5), Value::Counter32(1))
    );
    assert_eq!(
        view.search(&ops_tx(5), false, None),
        NextAnswer::Value(ops_tx(7), Value::Counter32(2))
    );
    assert_eq!(
        view.search(&ops_tx(5), false, Some(&ops_tx(7))),
        NextAnswer::EndOfMibView(ops_tx(5)),
        "the end OID is excluded"
    );
    let after_all = Oid::new([1, 3, 6, 1, 4, 1, 2592, 4]);
    assert_eq!(
        view.search(&after_all, true, None),
        NextAnswer::EndOfMibView(after_all)
    );
}

#[test]
fn bulk_stops_at_end_of_view_and_at_its_varbind_limit() {
    let view = MibView::engine_down();
    let last_scalar = Oid::join(oids::DT_HC_OPS_DROPPED_COUNT, &[0]);
    let answers = view.bulk(0, 1_000_000, std::slice::from_ref(&last_scalar));
    assert_eq!(answers, vec![NextAnswer::EndOfMibView(last_scalar)]);

    let snapshot = Snapshot {
        connections: (1..=1000).map(|id| connection(id, 0)).collect(),
        ..Snapshot::default()
    };
    let view = MibView::from_snapshot(&snapshot);
    let root = Oid::from(oids::NSI_DOUBLE_TAKE);
    let answers = view.bulk(0, usize::MAX, &[root.clone(), root]);
    assert_eq!(answers.len(), MAX_BULK_VARBINDS);
    assert!(answers.iter().all(|a| matches!(a, NextAnswer::Value(..))));
}
