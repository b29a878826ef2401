//! A record's payload: the snapshot as a sequence of tagged sections of tagged fields.
//!
//! Each section is one tag byte, a varint body length and a body of fields (see [`wire`]).
//! Section and field numbers are defined once, in the section's file, and never reused.

mod connection;
mod error;
mod kernel;
mod source;
mod summary;
mod target;
mod wire;

pub use error::PayloadError;

use super::snapshot::Snapshot;
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
pub(crate) fn decode_payload(mut payload: &[u8]) -> Result<Snapshot, PayloadError> {
    let mut snapshot = Snapshot::default();
    while !payload.is_empty() {
        let (rest, (tag, body)) = section(payload)?;
        match tag {
            SNAPSHOT => summary::decode_stamp(SNAPSHOT, body, &mut snapshot)?,
            SYSTEM_ALLOCATOR => {
                summary::decode_total(tag, body, &mut snapshot.system_allocator_total_bytes)?
            }
            IQ_ALLOCATOR => {
                summary::decode_total(tag, body, &mut snapshot.iq_allocator_total_bytes)?
            }
            SECURITY => summary::decode_security(tag, body, &mut snapshot.security)?,
            KERNEL => kernel::decode(tag, body, &mut snapshot.kernel)?,
            TARGET => snapshot.targets.push(target::decode(tag, body)?),
            SOURCE => source::decode(tag, body, snapshot.source.get_or_insert_default())?,
            CONNECTION => snapshot.connections.push(connection::decode(tag, body)?),
            _ => {}
        }
        payload = rest;
    }
    Ok(snapshot)
}
