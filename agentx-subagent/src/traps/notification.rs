//! One engine event record → the SNMPv2 notifications it raises.

use logparse::catalog::{engine_event, trap_by_name, traps_raised_by, EventId, Trap};
use logparse::dtl::Record;

use super::mirror_event::stated_by;
use super::objects::TrapObjects;
use crate::agentx::{Oid, Pdu, Value, VarBind, VarBindList};
use crate::mib_view::oids::{DT_NOTIFY_CONNECTION_ID, DT_NOTIFY_EVENT_ID, DT_NOTIFY_MESSAGE};
use crate::mib_view::{Lookup, MibView};

/// `sysUpTime.0` (RFC 3418), the first varbind of every notification.
pub const SYS_UP_TIME: &[u32] = &[1, 3, 6, 1, 2, 1, 1, 3, 0];
/// `snmpTrapOID.0` (RFC 3418), the second varbind: which notification this is.
pub const SNMP_TRAP_OID: &[u32] = &[1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0];

/// A notification ready to send: its varbinds start with `sysUpTime.0` and `snmpTrapOID.0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The `dttrap*` number N (`snmpTrapOID.0` = 1.3.6.1.4.1.2592.0.N).
    pub trap_number: u32,
    /// The sequence number of the log record that raised it; 0 for one the sub-agent
    /// raises itself ([`kernel_started`]).
    pub seq: u64,
    /// The varbind list, in the order sent.
    pub varbinds: Vec<VarBind>,
}

impl Notification {
    /// The AgentX Notify PDU carrying this notification (default context).
    pub fn to_pdu(&self) -> Pdu {
        Pdu::Notify(VarBindList {
            context: None,
            varbinds: self.varbinds.clone(),
        })
    }
}

/// The notifications `record` raises, in trap-number order; none if its ID raises no trap.
///
/// Of the traps an event raises only those of the surest [`Trap::confidence`] are kept
/// (4014 raises the connection traps, not also the scheduled-connection guesses).
/// `up_time` is the agent's `sysUpTime` in hundredths of a second. The varbinds follow
/// the notification's `OBJECTS` in the MIB ([`TrapObjects`]): the event's ID and text,
/// then, with a `view`, the scalars it names and, for a connection trap, the connection
/// ID read from the text and that row's columns (those the view has).
pub fn notifications_for(
    record: &Record,
    up_time: u32,
    view: Option<&MibView>,
) -> Vec<Notification> {
    let raised: Vec<&Trap> = traps_raised_by(EventId(record.id)).collect();
    let Some(best) = raised
        .iter()
        .filter_map(|trap| trap.confidence)
        .min_by_key(|c| rank(*c))
    else {
        return Vec::new();
    };
    raised
        .into_iter()
        .filter(|trap| trap.confidence.map(rank) == Some(rank(best)))
        .map(|trap| Notification {
            trap_number: trap.number,
            seq: record.seq,
            varbinds: varbinds_for(trap, record.id, &record.text, up_time, view),
        })
        .collect()
}

/// The MIB's name of the notification a start of the sub-agent sends while the engine runs.
pub const KERNEL_STARTED_TRAP: &str = "dttrapKernelStarted";

/// `dttrapKernelStarted`, as the guide's step 13 has a start of the sub-agent send it
/// while the engine runs: the varbinds of the event that raises it in the log (its ID
/// and the catalogue's text for it), then the states `view` serves. `None` only if the
/// catalogue lacks that trap.
pub fn kernel_started(up_time: u32, view: Option<&MibView>) -> Option<Notification> {
    let trap = trap_by_name(KERNEL_STARTED_TRAP)?;
    let event = *trap.raised_by.first()?;
    let text = engine_event(event)?.format(&[]);
    Some(Notification {
        trap_number: trap.number,
        seq: 0,
        varbinds: varbinds_for(trap, event.0, &text, up_time, view),
    })
}

fn rank(confidence: logparse::catalog::Confidence) -> u8 {
    use logparse::catalog::Confidence::{High, Low, Medium};
    match confidence {
        High => 0,
        Medium => 1,
        Low => 2,
    }
}

fn varbinds_for(
    trap: &Trap,
    event_id: u32,
    text: &str,
    up_time: u32,
    view: Option<&MibView>,
) -> Vec<VarBind> {
    let mut varbinds = vec![
        varbind(SYS_UP_TIME, Value::TimeTicks(up_time)),
        varbind(
            SNMP_TRAP_OID,
            Value::ObjectIdentifier(Oid::new(trap.notification_oid())),
        ),
        varbind(&instance(DT_NOTIFY_EVENT_ID), Value::Gauge32(event_id)),
        varbind(
            &instance(DT_NOTIFY_MESSAGE),
            Value::OctetString(text.as_bytes().to_vec()),
        ),
    ];
    let objects = TrapObjects::of(trap.number);
    varbinds.extend(
        objects
            .scalars()
            .iter()
            .filter_map(|scalar| served(view, instance(scalar))),
    );
    if let Some(id) = connection_id(text).filter(|_| objects.names_a_connection()) {
        varbinds.push(varbind(
            &instance(DT_NOTIFY_CONNECTION_ID),
            Value::Gauge32(id),
        ));
        varbinds.extend(objects.columns().iter().filter_map(|(entry, column)| {
            let name = [entry, &[*column, id][..]].concat();
            match stated_by(event_id, *column) {
                Some(value) => Some(varbind(&name, value.into())),
                None => served(view, name),
            }
        }));
    }
    varbinds
}

/// The varbind of instance `name` if the view serves a value for it.
fn served(view: Option<&MibView>, name: Vec<u32>) -> Option<VarBind> {
    let name = Oid::new(name);
    match view?.get(&name) {
        Lookup::Value(value) => Some(VarBind::new(name, value.into())),
        _ => None,
    }
}

/// The connection ID an event's text names (`…, ID: 7` in the engine's messages).
pub fn connection_id(text: &str) -> Option<u32> {
    let (_, after) = text.split_once("ID: ")?;
    let digits = after
        .find(|c: char| !c.is_ascii_digit())
        .map_or(after, |end| &after[..end]);
    digits.parse().ok()
}

fn instance(object: &[u32]) -> Vec<u32> {
    [object, &[0]].concat()
}

fn varbind(name: &[u32], value: Value) -> VarBind {
    VarBind::new(Oid::from(name), value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use logparse::dtl::Level;

    fn record(id: u32, text: &str) -> Record {
        Record {
            timestamp: NaiveDate::from_ymd_opt(2026, 1, 2)
                .and_then(|d| d.and_hms_opt(3, 4, 5))
                .unwrap(),
            pid: 1,
            tid: 2,
            seq: 9,
            level: Level::Info,
            id,
            text: text.to_owned(),
        }
    }

    #[test]
    fn kernel_started_raises_trap_1_with_the_event_varbinds() {
        let found = notifications_for(&record(4000, "Kernel started"), 1234, None);
        assert_eq!(found.len(), 1);
        let n = &found[0];
        assert_eq!((n.trap_number, n.seq), (1, 9));
        let names: Vec<&[u32]> = n.varbinds.iter().map(|v| v.name.as_slice()).collect();
        assert_eq!(names[0], SYS_UP_TIME);
        assert_eq!(names[1], SNMP_TRAP_OID);
        assert_eq!(n.varbinds[0].value, Value::TimeTicks(1234));
        assert_eq!(
            n.varbinds[1].value,
            Value::ObjectIdentifier(Oid::new([1, 3, 6, 1, 4, 1, 2592, 0, 1]))
        );
        assert_eq!(n.varbinds[2].value, Value::Gauge32(4000));
        assert_eq!(
            n.varbinds[3].value,
            Value::OctetString(b"Kernel started".to_vec())
        );
        assert_eq!(n.varbinds.len(), 4);
        assert!(matches!(n.to_pdu(), Pdu::Notify(list) if list.varbinds == n.varbinds));
    }

    #[test]
    fn kernel_started_raised_by_the_sub_agent_is_trap_1_of_event_4000() {
        let view = MibView::engine_down();
        let n = kernel_started(77, Some(&view)).unwrap();
        let from_log = notifications_for(&record(4000, "Kernel started"), 77, Some(&view));
        assert_eq!((n.trap_number, n.seq), (1, 0));
        assert_eq!(n.varbinds[..3], from_log[0].varbinds[..3]);
        let Value::OctetString(text) = &n.varbinds[3].value else {
            panic!("dtNotifyMessage is not a string");
        };
        assert!(!text.is_empty());
        // Then dtSourceState.0 and dtTargetState.0, as the MIB's OBJECTS say.
        assert_eq!(n.varbinds[4..], from_log[0].varbinds[4..]);
        let names: Vec<&[u32]> = n.varbinds[4..].iter().map(|v| v.name.as_slice()).collect();
        assert_eq!(
            names,
            [
                &[1, 3, 6, 1, 4, 1, 2592, 3, 3, 1, 0][..],
                &[1, 3, 6, 1, 4, 1, 2592, 3, 4, 1, 0][..]
            ]
        );
        assert_eq!(n.varbinds[4].value, Value::Integer(0));
    }

    #[test]
    fn an_event_that_raises_no_trap_gives_nothing() {
        assert!(notifications_for(&record(0, "no id"), 0, None).is_empty());
        assert!(notifications_for(&record(4999, "unknown"), 0, None).is_empty());
    }

    #[test]
    fn a_connection_event_names_its_connection() {
        let text =
            "Service has established a connection to tgt (10.0.0.2) for Replication Set rs1, ID: 7";
        let found = notifications_for(&record(4016, text), 0, Some(&MibView::engine_down()));
        assert!(!found.is_empty());
        for n in &found {
            assert_eq!(
                n.varbinds[4].name.as_slice(),
                &instance(DT_NOTIFY_CONNECTION_ID)[..]
            );
            assert_eq!(n.varbinds[4].value, Value::Gauge32(7));
            // The engine is down: no row 7, so no address or state.
            assert_eq!(n.varbinds.len(), 5);
        }
    }

    #[test]
    fn connection_ids_are_read_from_the_text() {
        assert_eq!(connection_id("for Replication Set a, ID: 12"), Some(12));
        assert_eq!(connection_id("for Replication Set a, ID: 3, done"), Some(3));
        assert_eq!(connection_id("ID: x"), None);
        assert_eq!(connection_id("no connection"), None);
        assert_eq!(connection_id("ID: 99999999999"), None);
    }
}
