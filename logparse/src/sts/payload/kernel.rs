//! The KERNEL section.

use super::calendar::Calendar;
use super::error::PayloadError;
use super::wire::{put_time, put_u64, Fields};
use crate::sts::snapshot::Kernel;
use crate::sts::state::{SourceState, TargetState};

/// SourceState (varint, the guide's value).
const SOURCE_STATE: u64 = 1;
/// TargetState (varint, the guide's value).
const TARGET_STATE: u64 = 2;
/// Start Time (time).
const START_TIME: u64 = 3;
/// RepOpsGenerated.
const REP_OPS_GENERATED: u64 = 4;
/// RepBytesGenerated.
const REP_BYTES_GENERATED: u64 = 5;
/// MirOpsGenerated.
const MIR_OPS_GENERATED: u64 = 6;
/// MirBytesGenerated.
const MIR_BYTES_GENERATED: u64 = 7;
/// FailedMirrorCount.
const FAILED_MIRROR_COUNT: u64 = 8;
/// FailedRepCount.
const FAILED_REP_COUNT: u64 = 9;
/// ActFailCount.
const ACT_FAIL_COUNT: u64 = 10;
/// TargetOpenHandles.
const TARGET_OPEN_HANDLES: u64 = 11;
/// DriverQueuePercent.
const DRIVER_QUEUE_PERCENT: u64 = 12;

/// Appends the KERNEL section body.
pub(super) fn encode(kernel: &Kernel, out: &mut Vec<u8>) {
    put_u64(out, SOURCE_STATE, kernel.source_state.value());
    put_u64(out, TARGET_STATE, kernel.target_state.value());
    put_time(out, START_TIME, kernel.start_time);
    put_u64(out, REP_OPS_GENERATED, kernel.rep_ops_generated);
    put_u64(out, REP_BYTES_GENERATED, kernel.rep_bytes_generated);
    put_u64(out, MIR_OPS_GENERATED, kernel.mir_ops_generated);
    put_u64(out, MIR_BYTES_GENERATED, kernel.mir_bytes_generated);
    put_u64(out, FAILED_MIRROR_COUNT, kernel.failed_mirror_count);
    put_u64(out, FAILED_REP_COUNT, kernel.failed_rep_count);
    put_u64(out, ACT_FAIL_COUNT, kernel.act_fail_count);
    put_u64(out, TARGET_OPEN_HANDLES, kernel.target_open_handles);
    put_u64(out, DRIVER_QUEUE_PERCENT, kernel.driver_queue_percent);
}

/// Decodes a KERNEL section body into `kernel`.
pub(super) fn decode(
    tag: u8,
    body: &[u8],
    calendar: &mut Calendar,
    kernel: &mut Kernel,
) -> Result<(), PayloadError> {
    for field in Fields::new(tag, body) {
        let field = field?;
        match field.number {
            SOURCE_STATE => {
                let value = field.u64()?;
                kernel.source_state = SourceState::from_value(value)
                    .ok_or(PayloadError::InvalidSourceState(value))?;
            }
            TARGET_STATE => {
                let value = field.u64()?;
                kernel.target_state = TargetState::from_value(value)
                    .ok_or(PayloadError::InvalidTargetState(value))?;
            }
            START_TIME => kernel.start_time = field.time(calendar)?,
            REP_OPS_GENERATED => kernel.rep_ops_generated = field.u64()?,
            REP_BYTES_GENERATED => kernel.rep_bytes_generated = field.u64()?,
            MIR_OPS_GENERATED => kernel.mir_ops_generated = field.u64()?,
            MIR_BYTES_GENERATED => kernel.mir_bytes_generated = field.u64()?,
            FAILED_MIRROR_COUNT => kernel.failed_mirror_count = field.u64()?,
            FAILED_REP_COUNT => kernel.failed_rep_count = field.u64()?,
            ACT_FAIL_COUNT => kernel.act_fail_count = field.u64()?,
            TARGET_OPEN_HANDLES => kernel.target_open_handles = field.u64()?,
            DRIVER_QUEUE_PERCENT => kernel.driver_queue_percent = field.u64()?,
            _ => {}
        }
    }
    Ok(())
}
