//! NSI-MIB against the vendor's OID table and dtsuite's additions, through Net-SNMP's
//! `snmptranslate`: every name gives its OID, SYNTAX and MAX-ACCESS, every vendor trap N
//! is the notification nsi.0.N, and the module defines nothing under nsi that the
//! tables do not list.

#[path = "support/mib_tools.rs"]
mod mib_tools;
#[path = "support/nsi_oids.rs"]
mod nsi_oids;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use mib_tools::{mib_search_path, run, tool};
use nsi_oids::{MibObject, ADDED_OBJECTS, VENDOR_NOTIFICATIONS, VENDOR_OBJECTS};

/// `snmptranslate` loading NSI-MIB from `mib/` and its imports from the base MIBs only,
/// cut off from the machine's snmp.conf and persistent directory.
fn snmptranslate() -> Command {
    let state = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snmp-state");
    // Pre-created so that Net-SNMP does not announce creating them on stderr.
    std::fs::create_dir_all(state.join("cert_indexes")).expect("create the snmp state dir");
    let mut cmd = Command::new(tool("snmptranslate", "snmp"));
    cmd.env("SNMPCONFPATH", &state)
        .env("SNMP_PERSISTENT_DIR", &state)
        .env_remove("MIBS")
        .env_remove("MIBDIRS")
        .arg("-M")
        .arg(mib_search_path())
        .args(["-m", "NSI-MIB"]);
    cmd
}

/// What `snmptranslate -On -Td` says about one name.
struct Described {
    oid: String,
    /// The macro the name is defined with, e.g. `OBJECT-TYPE`.
    kind: String,
    syntax: Option<String>,
    access: Option<String>,
    objects: Vec<String>,
}

fn describe(name: &str) -> Described {
    let (out, err, ok) = run(snmptranslate()
        .args(["-On", "-Td"])
        .arg(format!("NSI-MIB::{name}")));
    assert!(
        ok && err.trim().is_empty(),
        "snmptranslate NSI-MIB::{name}: {err}"
    );
    let mut lines = out.lines();
    let oid = lines.next().unwrap_or_default().trim();
    let kind = lines
        .next()
        .and_then(|line| line.strip_prefix(name))
        .unwrap_or_default()
        .trim();
    let field = |key: &str| {
        out.lines()
            .find_map(|line| line.trim_start().strip_prefix(key))
            .map(|value| value.trim().to_string())
    };
    let objects = field("OBJECTS\t").map_or_else(Vec::new, |list| {
        list.trim_matches(|c| c == '{' || c == '}')
            .split(',')
            .map(|object| object.trim().to_string())
            .collect()
    });
    Described {
        oid: oid.trim_start_matches('.').to_string(),
        kind: kind.to_string(),
        syntax: field("SYNTAX\t"),
        access: field("MAX-ACCESS\t"),
        objects,
    }
}

/// The differences between what snmptranslate says of `objects` and what they should be.
fn mismatches(objects: &[MibObject]) -> Vec<String> {
    let mut wrong = Vec::new();
    for object in objects {
        let got = describe(object.name);
        let expected = (object.oid, object.syntax, object.access);
        let actual = (
            got.oid.as_str(),
            got.syntax.as_deref(),
            got.access.as_deref(),
        );
        if actual != expected {
            wrong.push(format!(
                "{}: got {actual:?}, expected {expected:?}",
                object.name
            ));
        }
    }
    wrong
}

#[test]
fn every_vendor_object_keeps_its_oid() {
    let wrong = mismatches(&VENDOR_OBJECTS);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_vendor_trap_n_is_the_notification_nsi_0_n() {
    let mut wrong = Vec::new();
    for (n, name) in (1..).zip(VENDOR_NOTIFICATIONS) {
        let got = describe(name);
        let expected = format!("1.3.6.1.4.1.2592.0.{n}");
        if got.oid != expected || got.kind != "NOTIFICATION-TYPE" {
            wrong.push(format!(
                "{name}: got {} {}, expected {expected} NOTIFICATION-TYPE",
                got.oid, got.kind
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_added_object_translates() {
    let wrong = mismatches(&ADDED_OBJECTS);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_module_defines_exactly_the_listed_oids_under_nsi() {
    let (out, err, ok) = run(snmptranslate().arg("-Tz"));
    assert!(ok && err.trim().is_empty(), "snmptranslate -Tz: {err}");
    let mut defined = BTreeMap::new();
    for line in out.lines() {
        let mut fields = line.split('"').filter(|field| !field.trim().is_empty());
        if let (Some(name), Some(oid)) = (fields.next(), fields.next()) {
            if oid == "1.3.6.1.4.1.2592" || oid.starts_with("1.3.6.1.4.1.2592.") {
                let previous = defined.insert(oid.to_string(), name.to_string());
                assert!(
                    previous.is_none(),
                    "{oid} has two names: {previous:?}, {name}"
                );
            }
        }
    }
    let mut listed: BTreeMap<String, String> = VENDOR_OBJECTS
        .iter()
        .chain(&ADDED_OBJECTS)
        .map(|object| (object.oid.to_string(), object.name.to_string()))
        .collect();
    for (n, name) in (1..).zip(VENDOR_NOTIFICATIONS) {
        listed.insert(format!("1.3.6.1.4.1.2592.0.{n}"), name.to_string());
    }
    assert_eq!(
        listed.len(),
        84 + ADDED_OBJECTS.len(),
        "the tables repeat an OID"
    );
    assert_eq!(defined, listed);
}

#[test]
fn notifications_carry_the_event_first_and_mirror_ones_the_connection() {
    let connection = [
        "dtNotifyConnectionId",
        "dtconIpAddress",
        "dtconState",
        "dtconMirrorStatus",
        "dtconMirrorPercent",
    ];
    for name in VENDOR_NOTIFICATIONS {
        let objects = describe(name).objects;
        assert_eq!(
            objects.get(..2),
            Some(&["dtNotifyEventId".to_string(), "dtNotifyMessage".to_string()][..]),
            "{name} carries {objects:?}"
        );
        if name.starts_with("dttrapMirror") {
            assert_eq!(objects[2..], connection, "{name} carries {objects:?}");
        }
    }
}

#[test]
fn the_guides_snmpget_name_resolves_to_dt_up_time_0() {
    // snmpget looks up a leading label anywhere in the tree; -IR makes snmptranslate do so.
    let (out, err, ok) = run(snmptranslate().args(["-IR", "-On", "dtGeneral.dtUpTime.0"]));
    assert!(ok && err.trim().is_empty(), "snmptranslate: {err}");
    assert_eq!(out.trim(), ".1.3.6.1.4.1.2592.3.2.1.0");
}
