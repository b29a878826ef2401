//! The SOURCE section.

use super::error::PayloadError;
use super::wire::{put_str, put_u64, Fields};
use crate::sts::snapshot::SourceStats;

/// autoDisConnects.
const AUTO_DISCONNECTS: u64 = 1;
/// autoReConnects.
const AUTO_RECONNECTS: u64 = 2;
/// lastFileTouched (string).
const LAST_FILE_TOUCHED: u64 = 3;

/// Appends the SOURCE section body.
pub(super) fn encode(source: &SourceStats, out: &mut Vec<u8>) {
    put_u64(out, AUTO_DISCONNECTS, source.auto_disconnects);
    put_u64(out, AUTO_RECONNECTS, source.auto_reconnects);
    put_str(out, LAST_FILE_TOUCHED, &source.last_file_touched);
}

/// Decodes a SOURCE section body into `source`.
pub(super) fn decode(tag: u8, body: &[u8], source: &mut SourceStats) -> Result<(), PayloadError> {
    for field in Fields::new(tag, body) {
        let field = field?;
        match field.number {
            AUTO_DISCONNECTS => source.auto_disconnects = field.u64()?,
            AUTO_RECONNECTS => source.auto_reconnects = field.u64()?,
            LAST_FILE_TOUCHED => field.string_into(&mut source.last_file_touched)?,
            _ => {}
        }
    }
    Ok(())
}
