//! `dtconMirrorStatus`: the guide's Mirror Status (chapter 4), as far as the statistics show it.

use logparse::sts::{ConState, ConnectionStats};

/// The guide's Mirror Status values, numbered as `dtconMirrorStatus` serves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MirrorStatus {
    /// 1: the amount of data to mirror is being calculated.
    Calculating = 1,
    /// 2: data is being mirrored.
    InProgress = 2,
    /// 3: mirroring is complete, data is still being written to the target.
    Waiting = 3,
    /// 4: data is not being mirrored.
    Idle = 4,
    /// 5: mirroring has been paused.
    Paused = 5,
    /// 6: mirroring has been stopped.
    Stopped = 6,
    /// 7: orphan files on the target are being removed.
    RemovingOrphans = 7,
    /// 8: data is being verified between source and target.
    Verifying = 8,
    /// 9: data is being restored from the target to the source.
    Restoring = 9,
    /// 10: the status cannot be determined.
    Unknown = 10,
}

impl MirrorStatus {
    /// The status a connection's statistics show.
    ///
    /// The `.sts` record carries the mirror's start and end times, not the status
    /// itself, so only three values are told apart: a mirror that started and has not
    /// ended is In Progress (Paused when the connection is paused); otherwise Idle.
    pub fn of(connection: &ConnectionStats) -> Self {
        if !mirror_running(connection) {
            MirrorStatus::Idle
        } else if connection.con_state == ConState::Paused {
            MirrorStatus::Paused
        } else {
            MirrorStatus::InProgress
        }
    }

    /// The INTEGER value `dtconMirrorStatus` serves.
    pub fn value(self) -> i32 {
        self as i32
    }
}

/// Whether the connection's last mirror started and has not ended since.
pub(super) fn mirror_running(connection: &ConnectionStats) -> bool {
    match (
        connection.con_mirror_start_time,
        connection.con_mirror_end_time,
    ) {
        (Some(start), Some(end)) => end < start,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn start_without_end_is_in_progress_or_paused() {
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 10, 0, 0).single();
        let mut connection = ConnectionStats {
            con_mirror_start_time: start,
            con_state: ConState::Active,
            ..ConnectionStats::default()
        };
        assert_eq!(MirrorStatus::of(&connection), MirrorStatus::InProgress);
        connection.con_state = ConState::Paused;
        assert_eq!(MirrorStatus::of(&connection), MirrorStatus::Paused);
        connection.con_mirror_end_time = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).single();
        assert_eq!(
            MirrorStatus::of(&connection),
            MirrorStatus::Paused,
            "older end: a remirror runs"
        );
        connection.con_mirror_end_time = Utc.with_ymd_and_hms(2025, 1, 1, 11, 0, 0).single();
        assert_eq!(MirrorStatus::of(&connection), MirrorStatus::Idle);
    }

    #[test]
    fn never_mirrored_is_idle_and_values_follow_the_guide_order() {
        assert_eq!(
            MirrorStatus::of(&ConnectionStats::default()),
            MirrorStatus::Idle
        );
        assert_eq!(MirrorStatus::Calculating.value(), 1);
        assert_eq!(MirrorStatus::Unknown.value(), 10);
    }
}
