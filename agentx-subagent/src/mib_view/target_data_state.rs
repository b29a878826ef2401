//! `dtconTargetDataState`: the guide's Target Data State (chapter 4), as far as the statistics show it.

use logparse::sts::ConnectionStats;

use super::mirror_status::mirror_running;

/// The guide's Target Data State values, numbered as `dtconTargetDataState` serves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetDataState {
    /// 1: the data on the target is in a good state.
    Ok = 1,
    /// 2: a mirror is in progress; the data is not good until it completes.
    Mirroring = 2,
    /// 3: a remirror is required.
    MirrorRequired = 3,
    /// 4: source and target differ because of a failover; restore required.
    RestoreRequired = 4,
    /// 5: a snapshot has been applied on the target.
    SnapshotReverted = 5,
    /// 6: the source is low on memory; the state is delayed.
    Busy = 6,
    /// 7: target functionality is not loaded on the target.
    NotLoaded = 7,
    /// 8: the Linux drivers have not finished loading on the target.
    NotReady = 8,
    /// 9: the state cannot be determined.
    Unknown = 9,
    /// 10: a target connection that belongs to no job (the guide: "Disconnected").
    Disconnected = 10,
}

impl TargetDataState {
    /// The state a connection's statistics show.
    ///
    /// The `.sts` record carries mirror times, not this state, so it is derived: a
    /// running mirror means Mirroring, a completed one OK, none yet Mirror Required.
    /// Failover, snapshot and dropped-operation states are not visible in the
    /// statistics and are not reported.
    pub fn of(connection: &ConnectionStats) -> Self {
        if mirror_running(connection) {
            TargetDataState::Mirroring
        } else if connection.con_mirror_end_time.is_some() {
            TargetDataState::Ok
        } else {
            TargetDataState::MirrorRequired
        }
    }

    /// The INTEGER value `dtconTargetDataState` serves.
    pub fn value(self) -> i32 {
        self as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn derived_from_the_mirror_times() {
        let mut connection = ConnectionStats::default();
        assert_eq!(
            TargetDataState::of(&connection),
            TargetDataState::MirrorRequired
        );
        connection.con_mirror_start_time = Utc.with_ymd_and_hms(2025, 1, 1, 10, 0, 0).single();
        assert_eq!(TargetDataState::of(&connection), TargetDataState::Mirroring);
        connection.con_mirror_end_time = Utc.with_ymd_and_hms(2025, 1, 1, 10, 5, 0).single();
        assert_eq!(TargetDataState::of(&connection), TargetDataState::Ok);
        assert_eq!(TargetDataState::Ok.value(), 1);
        assert_eq!(TargetDataState::Unknown.value(), 9);
    }
}
