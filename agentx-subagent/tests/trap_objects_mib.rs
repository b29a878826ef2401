//! The varbinds each `dttrap*` carries are the `OBJECTS` of its NOTIFICATION-TYPE in
//! the project's `mib/NSI-MIB.txt`, in the same order.

use std::collections::BTreeMap;

use dtsubagent::mib_view::oids::{
    DTCON_IP_ADDRESS, DTCON_MIRROR_PERCENT, DTCON_MIRROR_STATUS, DTCON_STATE, DT_CONNECTION_ENTRY,
    DT_CONNECTION_EXT_ENTRY, DT_CURRENT_MEMORY_USAGE, DT_CURRENT_MEMORY_USAGE_MB, DT_SOURCE_STATE,
    DT_TARGET_STATE,
};
use dtsubagent::traps::TrapObjects;

/// Trap number → the names in its OBJECTS clause, read from the MIB.
fn mib_objects() -> BTreeMap<u32, Vec<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../mib/NSI-MIB.txt");
    let text = std::fs::read_to_string(path).expect("mib/NSI-MIB.txt");
    let mut found = BTreeMap::new();
    // Each definition: `dttrapX NOTIFICATION-TYPE` at the start of a line, to its `::=`.
    let definitions = text
        .match_indices("NOTIFICATION-TYPE")
        .filter_map(|(at, _)| {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let head = &text[line_start..at];
            let is_definition = head.trim_end().chars().all(|c| c.is_ascii_alphanumeric())
                && head.starts_with("dttrap");
            is_definition.then(|| &text[at..])
        });
    for block in definitions {
        let objects = block
            .split_once("OBJECTS")
            .and_then(|(_, rest)| rest.split_once('{'))
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(list, _)| list)
            .expect("an OBJECTS clause");
        let number = block
            .split_once("::=")
            .and_then(|(_, rest)| rest.split_once('}'))
            .and_then(|(assignment, _)| assignment.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .expect("::= { nsiNotifications N }");
        let names = objects
            .split(',')
            .map(|name| name.trim().to_owned())
            .collect();
        found.insert(number, names);
    }
    found
}

/// The names our table gives trap `number`.
fn our_objects(number: u32) -> Vec<String> {
    let objects = TrapObjects::of(number);
    let scalar_names = [
        (DT_SOURCE_STATE, "dtSourceState"),
        (DT_TARGET_STATE, "dtTargetState"),
        (DT_CURRENT_MEMORY_USAGE, "dtCurrentMemoryUsage"),
        (DT_CURRENT_MEMORY_USAGE_MB, "dtCurrentMemoryUsageMB"),
    ];
    let column_names = [
        ((DT_CONNECTION_ENTRY, DTCON_IP_ADDRESS), "dtconIpAddress"),
        ((DT_CONNECTION_ENTRY, DTCON_STATE), "dtconState"),
        (
            (DT_CONNECTION_EXT_ENTRY, DTCON_MIRROR_STATUS),
            "dtconMirrorStatus",
        ),
        (
            (DT_CONNECTION_EXT_ENTRY, DTCON_MIRROR_PERCENT),
            "dtconMirrorPercent",
        ),
    ];
    let mut names = vec!["dtNotifyEventId".to_owned(), "dtNotifyMessage".to_owned()];
    for scalar in objects.scalars() {
        let (_, name) = scalar_names
            .iter()
            .find(|(oid, _)| oid == scalar)
            .expect("a named scalar");
        names.push((*name).to_owned());
    }
    if objects.names_a_connection() {
        names.push("dtNotifyConnectionId".to_owned());
    }
    for column in objects.columns() {
        let (_, name) = column_names
            .iter()
            .find(|(named, _)| named == column)
            .expect("a named column");
        names.push((*name).to_owned());
    }
    names
}

#[test]
fn every_notification_carries_its_mib_objects_in_order() {
    let mib = mib_objects();
    assert_eq!(mib.len(), 40, "the MIB's 40 notifications");
    for (number, names) in mib {
        assert_eq!(our_objects(number), names, "dttrap number {number}");
    }
}
