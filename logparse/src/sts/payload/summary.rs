//! The one-line sections at the top of a DTStat snapshot: Date/Time Stamp, SYSTEMALLOCATOR,
//! IQALLOCATOR and SECURITY.

use super::calendar::Calendar;
use super::error::PayloadError;
use super::wire::{put_time, put_u64, Fields};
use crate::sts::snapshot::{Security, Snapshot};

/// Date/Time Stamp section: the snapshot's timestamp.
const TIMESTAMP: u64 = 1;
/// SYSTEMALLOCATOR and IQALLOCATOR sections: Total Bytes.
const TOTAL_BYTES: u64 = 1;
/// SECURITY section: Logins.
const LOGINS: u64 = 1;
/// SECURITY section: FailedLogins.
const FAILED_LOGINS: u64 = 2;

/// Appends the Date/Time Stamp section body.
pub(super) fn encode_stamp(snapshot: &Snapshot, out: &mut Vec<u8>) {
    put_time(out, TIMESTAMP, snapshot.timestamp);
}

/// Decodes a Date/Time Stamp section body into `snapshot`.
pub(super) fn decode_stamp(
    tag: u8,
    body: &[u8],
    calendar: &mut Calendar,
    snapshot: &mut Snapshot,
) -> Result<(), PayloadError> {
    for field in Fields::new(tag, body) {
        let field = field?;
        if field.number == TIMESTAMP {
            snapshot.timestamp = field.time(calendar)?;
        }
    }
    Ok(())
}

/// Appends an allocator section body.
pub(super) fn encode_total(total_bytes: u64, out: &mut Vec<u8>) {
    put_u64(out, TOTAL_BYTES, total_bytes);
}

/// Decodes an allocator section body into `total_bytes`.
pub(super) fn decode_total(
    tag: u8,
    body: &[u8],
    total_bytes: &mut u64,
) -> Result<(), PayloadError> {
    for field in Fields::new(tag, body) {
        let field = field?;
        if field.number == TOTAL_BYTES {
            *total_bytes = field.u64()?;
        }
    }
    Ok(())
}

/// Appends the SECURITY section body.
pub(super) fn encode_security(security: &Security, out: &mut Vec<u8>) {
    put_u64(out, LOGINS, security.logins);
    put_u64(out, FAILED_LOGINS, security.failed_logins);
}

/// Decodes a SECURITY section body into `security`.
pub(super) fn decode_security(
    tag: u8,
    body: &[u8],
    security: &mut Security,
) -> Result<(), PayloadError> {
    for field in Fields::new(tag, body) {
        let field = field?;
        match field.number {
            LOGINS => security.logins = field.u64()?,
            FAILED_LOGINS => security.failed_logins = field.u64()?,
            _ => {}
        }
    }
    Ok(())
}
