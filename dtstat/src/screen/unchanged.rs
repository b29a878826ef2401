//! The guide's "if the statistics are not changing, DTStat will discontinue writing until
//! statistics begin updating again": which snapshots are worth printing.

use logparse::sts::Snapshot;

/// Remembers the last printed statistics and tells whether a snapshot changes them.
#[derive(Debug, Default)]
pub struct ChangeDetector {
    last: Option<Snapshot>,
}

impl ChangeDetector {
    /// Whether `snapshot` differs from the last one seen in anything but the times that
    /// move on their own: the Date/Time Stamp, ConCurrentTime, and ConRPT (which follows
    /// the clock while a connection is caught up; a lag still shows in ConRPL).
    pub fn changed(&mut self, snapshot: &Snapshot) -> bool {
        let statistics = without_clock_times(snapshot);
        let changed = self.last.as_ref() != Some(&statistics);
        self.last = Some(statistics);
        changed
    }
}

fn without_clock_times(snapshot: &Snapshot) -> Snapshot {
    let mut statistics = snapshot.clone();
    statistics.timestamp = Default::default();
    for connection in &mut statistics.connections {
        connection.con_current_time = None;
        connection.con_rpt = None;
    }
    statistics
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, Utc};
    use logparse::sts::ConnectionStats;

    #[test]
    fn only_statistics_count_as_a_change() {
        let now = Utc::now();
        let first = Snapshot {
            timestamp: now,
            connections: vec![ConnectionStats {
                con_current_time: Some(now),
                con_rpt: Some(now),
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut detector = ChangeDetector::default();
        assert!(detector.changed(&first));
        let later = now + TimeDelta::seconds(1);
        let mut same = first.clone();
        same.timestamp = later;
        same.connections[0].con_current_time = Some(later);
        same.connections[0].con_rpt = Some(later);
        assert!(!detector.changed(&same));
        let mut moved = same.clone();
        moved.connections[0].con_bytes_tx = 1;
        assert!(detector.changed(&moved));
        assert!(!detector.changed(&moved));
        let mut lagging = moved.clone();
        lagging.connections[0].con_rpl = 3;
        assert!(detector.changed(&lagging));
        assert!(detector.changed(&first), "a change back is a change");
    }
}
