//! Every vendor OID of DTMIB (re-typed from the vendor's table) is served unchanged with
//! its SMIv2 type, and the only other objects are those under dtsuite's new arcs.

use std::collections::BTreeSet;

use dtsubagent::mib_view::{oids, Lookup, MibView, Oid, Value};
use logparse::sts::{ConnectionStats, Snapshot};

/// The SMIv2 type an object is declared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Integer,
    OctetString,
    IpAddress,
    Counter32,
    Gauge32,
    TimeTicks,
    Counter64,
}

fn syntax_of(value: &Value) -> Syntax {
    match value {
        Value::Integer(_) => Syntax::Integer,
        Value::OctetString(_) => Syntax::OctetString,
        Value::IpAddress(_) => Syntax::IpAddress,
        Value::Counter32(_) => Syntax::Counter32,
        Value::Gauge32(_) => Syntax::Gauge32,
        Value::TimeTicks(_) => Syntax::TimeTicks,
        Value::Counter64(_) => Syntax::Counter64,
    }
}

/// DTMIB's scalars: name, OID, SMIv2 syntax.
const VENDOR_SCALARS: [(&str, &str, Syntax); 19] = [
    ("dtUpTime", "1.3.6.1.4.1.2592.3.2.1", Syntax::TimeTicks),
    (
        "dtCurrentMemoryUsage",
        "1.3.6.1.4.1.2592.3.2.2",
        Syntax::Gauge32,
    ),
    (
        "dtMirOpsGenerated",
        "1.3.6.1.4.1.2592.3.2.3",
        Syntax::Counter32,
    ),
    (
        "dtMirBytesGenerated",
        "1.3.6.1.4.1.2592.3.2.4",
        Syntax::Counter32,
    ),
    (
        "dtRepOpsGenerated",
        "1.3.6.1.4.1.2592.3.2.5",
        Syntax::Counter32,
    ),
    (
        "dtRepBytesGenerated",
        "1.3.6.1.4.1.2592.3.2.6",
        Syntax::Counter32,
    ),
    (
        "dtFailedMirrorCount",
        "1.3.6.1.4.1.2592.3.2.7",
        Syntax::Counter32,
    ),
    (
        "dtFailedRepCount",
        "1.3.6.1.4.1.2592.3.2.8",
        Syntax::Counter32,
    ),
    (
        "dtActFailCount",
        "1.3.6.1.4.1.2592.3.2.9",
        Syntax::Counter32,
    ),
    (
        "dtAutoDisCount",
        "1.3.6.1.4.1.2592.3.2.10",
        Syntax::Counter32,
    ),
    (
        "dtAutoReCount",
        "1.3.6.1.4.1.2592.3.2.11",
        Syntax::Counter32,
    ),
    (
        "dtDriverQueuePercent",
        "1.3.6.1.4.1.2592.3.2.12",
        Syntax::Counter32,
    ),
    ("dtSourceState", "1.3.6.1.4.1.2592.3.3.1", Syntax::Integer),
    ("dtTargetState", "1.3.6.1.4.1.2592.3.4.1", Syntax::Integer),
    ("dtRetryCount", "1.3.6.1.4.1.2592.3.4.2", Syntax::Counter32),
    (
        "dtOpsDroppedCount",
        "1.3.6.1.4.1.2592.3.4.3",
        Syntax::Counter32,
    ),
    ("dtLoginCount", "1.3.6.1.4.1.2592.3.5.1", Syntax::Counter32),
    (
        "dtFailedLoginCount",
        "1.3.6.1.4.1.2592.3.5.2",
        Syntax::Counter32,
    ),
    (
        "dtConnectionCount",
        "1.3.6.1.4.1.2592.3.6.1",
        Syntax::Counter32,
    ),
];

/// DTMIB's readable dtConnectionEntry columns: name, OID, SMIv2 syntax.
const VENDOR_COLUMNS: [(&str, &str, Syntax); 14] = [
    (
        "dtconIpAddress",
        "1.3.6.1.4.1.2592.3.6.2.1.2",
        Syntax::IpAddress,
    ),
    (
        "dtconConnectTime",
        "1.3.6.1.4.1.2592.3.6.2.1.3",
        Syntax::TimeTicks,
    ),
    ("dtconState", "1.3.6.1.4.1.2592.3.6.2.1.4", Syntax::Integer),
    (
        "dtconOpsInCmdQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.5",
        Syntax::Gauge32,
    ),
    (
        "dtconOpsInAckQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.6",
        Syntax::Gauge32,
    ),
    (
        "dtconOpsInRepQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.7",
        Syntax::Gauge32,
    ),
    (
        "dtconOpsInMirQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.8",
        Syntax::Gauge32,
    ),
    (
        "dtconBytesInRepQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.9",
        Syntax::Gauge32,
    ),
    (
        "dtconBytesInMirQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.10",
        Syntax::Gauge32,
    ),
    (
        "dtconOpsTx",
        "1.3.6.1.4.1.2592.3.6.2.1.11",
        Syntax::Counter32,
    ),
    (
        "dtconBytesTx",
        "1.3.6.1.4.1.2592.3.6.2.1.12",
        Syntax::Counter32,
    ),
    (
        "dtconOpsRx",
        "1.3.6.1.4.1.2592.3.6.2.1.13",
        Syntax::Counter32,
    ),
    (
        "dtconBytesRx",
        "1.3.6.1.4.1.2592.3.6.2.1.14",
        Syntax::Counter32,
    ),
    (
        "dtconResentOpCount",
        "1.3.6.1.4.1.2592.3.6.2.1.15",
        Syntax::Counter32,
    ),
];

/// dtsuite's additions (agreed with the MIB): name, OID, SMIv2 syntax; columns without index.
const NEW_SCALARS: [(&str, &str, Syntax); 9] = [
    (
        "dtCurrentMemoryUsageMB",
        "1.3.6.1.4.1.2592.3.7.1",
        Syntax::Gauge32,
    ),
    (
        "dtHCMirOpsGenerated",
        "1.3.6.1.4.1.2592.3.7.2",
        Syntax::Counter64,
    ),
    (
        "dtHCMirBytesGenerated",
        "1.3.6.1.4.1.2592.3.7.3",
        Syntax::Counter64,
    ),
    (
        "dtHCRepOpsGenerated",
        "1.3.6.1.4.1.2592.3.7.4",
        Syntax::Counter64,
    ),
    (
        "dtHCRepBytesGenerated",
        "1.3.6.1.4.1.2592.3.7.5",
        Syntax::Counter64,
    ),
    (
        "dtHCFailedMirrorCount",
        "1.3.6.1.4.1.2592.3.7.6",
        Syntax::Counter64,
    ),
    (
        "dtHCFailedRepCount",
        "1.3.6.1.4.1.2592.3.7.7",
        Syntax::Counter64,
    ),
    (
        "dtHCRetryCount",
        "1.3.6.1.4.1.2592.3.7.8",
        Syntax::Counter64,
    ),
    (
        "dtHCOpsDroppedCount",
        "1.3.6.1.4.1.2592.3.7.9",
        Syntax::Counter64,
    ),
];

/// dtConnectionExtEntry's columns.
const NEW_COLUMNS: [(&str, &str, Syntax); 13] = [
    (
        "dtconBytesCompressedTx",
        "1.3.6.1.4.1.2592.3.8.1.1.1",
        Syntax::Counter32,
    ),
    (
        "dtconHCOpsTx",
        "1.3.6.1.4.1.2592.3.8.1.1.2",
        Syntax::Counter64,
    ),
    (
        "dtconHCBytesTx",
        "1.3.6.1.4.1.2592.3.8.1.1.3",
        Syntax::Counter64,
    ),
    (
        "dtconHCOpsRx",
        "1.3.6.1.4.1.2592.3.8.1.1.4",
        Syntax::Counter64,
    ),
    (
        "dtconHCBytesRx",
        "1.3.6.1.4.1.2592.3.8.1.1.5",
        Syntax::Counter64,
    ),
    (
        "dtconHCResentOpCount",
        "1.3.6.1.4.1.2592.3.8.1.1.6",
        Syntax::Counter64,
    ),
    (
        "dtconHCBytesCompressedTx",
        "1.3.6.1.4.1.2592.3.8.1.1.7",
        Syntax::Counter64,
    ),
    (
        "dtconReplicationSetName",
        "1.3.6.1.4.1.2592.3.8.1.1.8",
        Syntax::OctetString,
    ),
    (
        "dtconTargetName",
        "1.3.6.1.4.1.2592.3.8.1.1.9",
        Syntax::OctetString,
    ),
    (
        "dtconTargetDataState",
        "1.3.6.1.4.1.2592.3.8.1.1.10",
        Syntax::Integer,
    ),
    (
        "dtconMirrorStatus",
        "1.3.6.1.4.1.2592.3.8.1.1.11",
        Syntax::Integer,
    ),
    (
        "dtconMirrorPercent",
        "1.3.6.1.4.1.2592.3.8.1.1.12",
        Syntax::Gauge32,
    ),
    (
        "dtconRecoveryPointLag",
        "1.3.6.1.4.1.2592.3.8.1.1.13",
        Syntax::Gauge32,
    ),
];

fn one_row_view() -> MibView {
    MibView::from_snapshot(&Snapshot {
        connections: vec![ConnectionStats {
            connection_id: 3,
            ..ConnectionStats::default()
        }],
        ..Snapshot::default()
    })
}

fn parse(text: &str) -> Oid {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn every_object_is_served_at_its_oid_with_its_syntax() {
    let view = one_row_view();
    let scalars = VENDOR_SCALARS.iter().chain(&NEW_SCALARS).map(|o| (o, 0));
    let columns = VENDOR_COLUMNS.iter().chain(&NEW_COLUMNS).map(|o| (o, 3));
    for ((name, oid, syntax), instance) in scalars.chain(columns) {
        let instance = Oid::join(parse(oid).as_slice(), &[instance]);
        match view.get(&instance) {
            Lookup::Value(value) => assert_eq!(syntax_of(&value), *syntax, "{name}"),
            other => panic!("{name} ({instance}): {other:?}"),
        }
    }
}

#[test]
fn the_walk_serves_exactly_these_objects() {
    let view = one_row_view();
    let mut served = BTreeSet::new();
    let mut cursor = Oid::from(oids::NSI_DOUBLE_TAKE);
    while let Some((oid, _)) = view.next(&cursor) {
        let (_, object) = oid.as_slice().split_last().expect("instance suffix");
        served.insert(Oid::from(object));
        cursor = oid;
    }
    let listed: BTreeSet<Oid> = [
        &VENDOR_SCALARS[..],
        &VENDOR_COLUMNS,
        &NEW_SCALARS,
        &NEW_COLUMNS,
    ]
    .concat()
    .iter()
    .map(|(_, oid, _)| parse(oid))
    .collect();
    assert_eq!(served, listed);
}

#[test]
fn named_constants_spell_the_vendor_arcs() {
    assert_eq!(Oid::from(oids::NSI).to_string(), "1.3.6.1.4.1.2592");
    assert_eq!(
        Oid::from(oids::NSI_DOUBLE_TAKE).to_string(),
        "1.3.6.1.4.1.2592.3"
    );
    assert_eq!(
        Oid::from(oids::DT_CONNECTION_ENTRY).to_string(),
        "1.3.6.1.4.1.2592.3.6.2.1"
    );
    assert_eq!(
        Oid::from(oids::DT_GENERAL_EXT).to_string(),
        "1.3.6.1.4.1.2592.3.7"
    );
    assert_eq!(
        Oid::from(oids::DT_CONNECTION_EXT).to_string(),
        "1.3.6.1.4.1.2592.3.8"
    );
    assert!(oids::DT_CONNECTION_EXT_ENTRY.starts_with(oids::DT_CONNECTION_EXT));
    assert_eq!(
        Oid::from(oids::DT_NOTIFY_CONNECTION_ID).to_string(),
        "1.3.6.1.4.1.2592.3.9.3"
    );
}
