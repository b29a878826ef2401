//! A record's payload: the snapshot as a sequence of tagged sections of tagged fields.
//!
//! Each section is one tag byte, a varint body length and a body of fields (see [`wire`]).
//! Section and field numbers are defined once, in the section's file, and never reused.

mod calendar;
mod connection;
mod error;
mod kernel;
mod source;
mod summary;
mod target;
mod wire;

pub use error::PayloadError;

use super::snapshot::{Snapshot, SourceStats};
use calendar::Calendar;
use wire::{put_section, section};

/// Section tag of the Date/Time Stamp.
const SNAPSHOT: u8 = 1;
/// Section tag of SYSTEMALLOCATOR.
const SYSTEM_ALLOCATOR: u8 = 2;
/// Section tag of IQALLOCATOR.
const IQ_ALLOCATOR: u8 = 3;
/// Section tag of SECURITY.
const SECURITY: u8 = 4;
/// Section tag of KERNEL.
const KERNEL: u8 = 5;
/// Section tag of one TARGET (repeated, one per peer address).
const TARGET: u8 = 6;
/// Section tag of SOURCE (absent when the server is not a source).
const SOURCE: u8 = 7;
/// Section tag of one CONNECTION (repeated, one per connection).
const CONNECTION: u8 = 8;

/// Appends the payload of `snapshot`: its sections in ascending tag order.
pub(crate) fn encode_payload(snapshot: &Snapshot, out: &mut Vec<u8>) {
    put_section(out, SNAPSHOT, |out| summary::encode_stamp(snapshot, out));
    put_section(out, SYSTEM_ALLOCATOR, |out| {
        summary::encode_total(snapshot.system_allocator_total_bytes, out)
    });
    put_section(out, IQ_ALLOCATOR, |out| {
        summary::encode_total(snapshot.iq_allocator_total_bytes, out)
    });
    put_section(out, SECURITY, |out| {
        summary::encode_security(&snapshot.security, out)
    });
    put_section(out, KERNEL, |out| kernel::encode(&snapshot.kernel, out));
    for target in &snapshot.targets {
        put_section(out, TARGET, |out| target::encode(target, out));
    }
    if let Some(source) = &snapshot.source {
        put_section(out, SOURCE, |out| source::encode(source, out));
    }
    for connection in &snapshot.connections {
        put_section(out, CONNECTION, |out| connection::encode(connection, out));
    }
}

/// Decodes a payload; unknown sections and fields are skipped, absent ones keep their
/// defaults. A singular section met twice is read as one: a repeated field keeps its last value.
pub(crate) fn decode_payload(payload: &[u8]) -> Result<Snapshot, PayloadError> {
    let mut snapshot = Snapshot::default();
    decode_payload_into(payload, &mut snapshot)?;
    Ok(snapshot)
}

/// As [`decode_payload`], over `snapshot`: the result is the same, but the storage of its
/// lists and strings is reused. After an error `snapshot` holds nothing meaningful.
pub(crate) fn decode_payload_into(
    mut payload: &[u8],
    snapshot: &mut Snapshot,
) -> Result<(), PayloadError> {
    let mut spare_source = snapshot.source.take();
    *snapshot = Snapshot {
        targets: std::mem::take(&mut snapshot.targets),
        connections: std::mem::take(&mut snapshot.connections),
        ..Snapshot::default()
    };
    snapshot.targets.clear();
    let mut calendar = Calendar::default();
    let mut connections = 0;
    while !payload.is_empty() {
        let ((tag, body), rest) = section(payload)?;
        match tag {
            SNAPSHOT => summary::decode_stamp(SNAPSHOT, body, &mut calendar, snapshot)?,
            SYSTEM_ALLOCATOR => {
                summary::decode_total(tag, body, &mut snapshot.system_allocator_total_bytes)?
            }
            IQ_ALLOCATOR => {
                summary::decode_total(tag, body, &mut snapshot.iq_allocator_total_bytes)?
            }
            SECURITY => summary::decode_security(tag, body, &mut snapshot.security)?,
            KERNEL => kernel::decode(tag, body, &mut calendar, &mut snapshot.kernel)?,
            TARGET => snapshot.targets.push(target::decode(tag, body)?),
            SOURCE => {
                let source = snapshot
                    .source
                    .get_or_insert_with(|| fresh_source(spare_source.take()));
                source::decode(tag, body, source)?
            }
            CONNECTION => {
                if connections == snapshot.connections.len() {
                    snapshot.connections.push(Default::default());
                }
                let connection = &mut snapshot.connections[connections];
                connection::decode_into(tag, body, &mut calendar, connection)?;
                connections += 1;
            }
            _ => {}
        }
        payload = rest;
    }
    snapshot.connections.truncate(connections);
    Ok(())
}

/// Default Source statistics, in `spare`'s storage if there is one.
fn fresh_source(spare: Option<SourceStats>) -> SourceStats {
    let mut last_file_touched = spare.map(|s| s.last_file_touched).unwrap_or_default();
    last_file_touched.clear();
    SourceStats {
        last_file_touched,
        ..SourceStats::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sts::ConnectionStats;
    use wire::{put_str, put_u64};

    fn used_snapshot() -> Snapshot {
        let named = ConnectionStats {
            connection_id: 9,
            replication_set: "set".to_string(),
            target_name: "target".to_string(),
            con_bytes_tx: 5,
            ..ConnectionStats::default()
        };
        Snapshot {
            source: Some(SourceStats {
                auto_disconnects: 3,
                auto_reconnects: 4,
                last_file_touched: "/old".to_string(),
            }),
            connections: vec![named.clone(), named],
            ..Snapshot::default()
        }
    }

    #[test]
    fn what_a_record_leaves_out_is_default_over_a_used_snapshot() {
        let mut payload = Vec::new();
        put_section(&mut payload, CONNECTION, |out| put_u64(out, 1, 7));
        put_section(&mut payload, SOURCE, |out| put_u64(out, 1, 1));
        put_section(&mut payload, SOURCE, |out| put_str(out, 3, "/new"));
        let fresh = decode_payload(&payload).expect("decodes");
        let mut used = used_snapshot();
        decode_payload_into(&payload, &mut used).expect("decodes");
        assert_eq!(used, fresh);
        assert_eq!(used.connections.len(), 1);
        assert_eq!(used.connections[0].connection_id, 7);
        assert_eq!(used.connections[0].target_name, "");
        let source = used.source.as_ref().expect("a source");
        assert_eq!((source.auto_disconnects, source.auto_reconnects), (1, 0));
        assert_eq!(source.last_file_touched, "/new");

        decode_payload_into(&[], &mut used).expect("an empty payload decodes");
        assert_eq!(used, Snapshot::default());
    }

    #[test]
    fn a_name_equal_to_the_old_one_is_still_checked_against_its_field() {
        let mut payload = Vec::new();
        put_section(&mut payload, CONNECTION, |out| {
            put_str(out, 2, "set");
            put_u64(out, 3, 1);
        });
        let mut used = used_snapshot();
        let error = decode_payload_into(&payload, &mut used).expect_err("a name is bytes");
        assert_eq!(Err(error), decode_payload(&payload));
    }
}
