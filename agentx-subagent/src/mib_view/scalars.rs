//! The subtree's scalars (`….0` instances): which snapshot statistic each one serves.

use logparse::sts::{ConState, Snapshot};

use super::oids;
use super::value::Value;

/// Reads one scalar's value from a snapshot.
pub(super) type ReadScalar = fn(&Snapshot) -> Value;

/// Bytes in a MiB, the unit of `dtCurrentMemoryUsageMB`.
const BYTES_PER_MIB: u64 = 1 << 20;

/// Every scalar, in OID order (vendor scalars, then `dtGeneralExt`).
pub(super) const SCALARS: [(&[u32], ReadScalar); 28] = [
    (oids::DT_UP_TIME, up_time),
    (oids::DT_CURRENT_MEMORY_USAGE, |s| {
        Value::gauge32(s.iq_allocator_total_bytes)
    }),
    (oids::DT_MIR_OPS_GENERATED, |s| {
        Value::counter32(s.kernel.mir_ops_generated)
    }),
    (oids::DT_MIR_BYTES_GENERATED, |s| {
        Value::counter32(s.kernel.mir_bytes_generated)
    }),
    (oids::DT_REP_OPS_GENERATED, |s| {
        Value::counter32(s.kernel.rep_ops_generated)
    }),
    (oids::DT_REP_BYTES_GENERATED, |s| {
        Value::counter32(s.kernel.rep_bytes_generated)
    }),
    (oids::DT_FAILED_MIRROR_COUNT, |s| {
        Value::counter32(s.kernel.failed_mirror_count)
    }),
    (oids::DT_FAILED_REP_COUNT, |s| {
        Value::counter32(s.kernel.failed_rep_count)
    }),
    (oids::DT_ACT_FAIL_COUNT, |s| {
        Value::counter32(s.kernel.act_fail_count)
    }),
    (oids::DT_AUTO_DIS_COUNT, |s| {
        Value::counter32(s.source.as_ref().map_or(0, |src| src.auto_disconnects))
    }),
    (oids::DT_AUTO_RE_COUNT, |s| {
        Value::counter32(s.source.as_ref().map_or(0, |src| src.auto_reconnects))
    }),
    (oids::DT_DRIVER_QUEUE_PERCENT, |s| {
        Value::counter32(s.kernel.driver_queue_percent)
    }),
    (oids::DT_SOURCE_STATE, |s| {
        Value::Integer(state_value(s.kernel.source_state.value()))
    }),
    (oids::DT_TARGET_STATE, |s| {
        Value::Integer(state_value(s.kernel.target_state.value()))
    }),
    (oids::DT_RETRY_COUNT, |s| {
        Value::counter32(target_sum(s, |t| t.retries))
    }),
    (oids::DT_OPS_DROPPED_COUNT, |s| {
        Value::counter32(target_sum(s, |t| t.ops_dropped))
    }),
    (oids::DT_LOGIN_COUNT, |s| {
        Value::counter32(s.security.logins)
    }),
    (oids::DT_FAILED_LOGIN_COUNT, |s| {
        Value::counter32(s.security.failed_logins)
    }),
    (oids::DT_CONNECTION_COUNT, connection_count),
    (oids::DT_CURRENT_MEMORY_USAGE_MB, |s| {
        Value::gauge32(s.iq_allocator_total_bytes / BYTES_PER_MIB)
    }),
    (oids::DT_HC_MIR_OPS_GENERATED, |s| {
        Value::Counter64(s.kernel.mir_ops_generated)
    }),
    (oids::DT_HC_MIR_BYTES_GENERATED, |s| {
        Value::Counter64(s.kernel.mir_bytes_generated)
    }),
    (oids::DT_HC_REP_OPS_GENERATED, |s| {
        Value::Counter64(s.kernel.rep_ops_generated)
    }),
    (oids::DT_HC_REP_BYTES_GENERATED, |s| {
        Value::Counter64(s.kernel.rep_bytes_generated)
    }),
    (oids::DT_HC_FAILED_MIRROR_COUNT, |s| {
        Value::Counter64(s.kernel.failed_mirror_count)
    }),
    (oids::DT_HC_FAILED_REP_COUNT, |s| {
        Value::Counter64(s.kernel.failed_rep_count)
    }),
    (oids::DT_HC_RETRY_COUNT, |s| {
        Value::Counter64(target_sum(s, |t| t.retries))
    }),
    (oids::DT_HC_OPS_DROPPED_COUNT, |s| {
        Value::Counter64(target_sum(s, |t| t.ops_dropped))
    }),
];

/// `dtUpTime`: time since Kernel Start Time, at the snapshot's own timestamp.
fn up_time(snapshot: &Snapshot) -> Value {
    let since_start = snapshot.timestamp - snapshot.kernel.start_time;
    Value::time_ticks_from_millis(since_start.num_milliseconds())
}

/// `dtConnectionCount`: connections whose conState is not None (the guide's "active").
fn connection_count(snapshot: &Snapshot) -> Value {
    let active = snapshot
        .connections
        .iter()
        .filter(|c| c.con_state != ConState::None)
        .count();
    Value::counter32(u64::try_from(active).unwrap_or(u64::MAX))
}

/// A target statistic summed over every Target section (one per source peer).
fn target_sum(snapshot: &Snapshot, read: fn(&logparse::sts::TargetStats) -> u64) -> u64 {
    snapshot
        .targets
        .iter()
        .fold(0u64, |sum, target| sum.wrapping_add(read(target)))
}

/// A guide state value (0, 1 or 2) as an INTEGER.
fn state_value(value: u64) -> i32 {
    i32::try_from(value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_in_strictly_increasing_oid_order() {
        for pair in SCALARS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} !< {:?}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn target_counters_sum_over_every_peer() {
        let peer = |retries, ops_dropped| logparse::sts::TargetStats {
            retries,
            ops_dropped,
            ..Default::default()
        };
        let snapshot = Snapshot {
            targets: vec![peer(3, 1 << 32), peer(4, 5)],
            ..Snapshot::default()
        };
        let read = |oid: &[u32]| {
            SCALARS
                .iter()
                .find(|(o, _)| *o == oid)
                .map(|(_, read)| read(&snapshot))
        };
        assert_eq!(read(oids::DT_RETRY_COUNT), Some(Value::Counter32(7)));
        assert_eq!(read(oids::DT_OPS_DROPPED_COUNT), Some(Value::Counter32(5)));
        assert_eq!(
            read(oids::DT_HC_OPS_DROPPED_COUNT),
            Some(Value::Counter64((1 << 32) + 5))
        );
    }
}
