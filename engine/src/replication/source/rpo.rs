//! [`RecoveryPoint`]: the time of the oldest replication change the target has not
//! acknowledged (the guide's ConRPT; ConRPL is the seconds between it and now).

use std::collections::VecDeque;

use chrono::{DateTime, Utc};

/// Changes captured within this many milliseconds of a run's first share its time:
/// ConRPL is shown in seconds, and the runs stay few however long the target is away.
const RUN_MILLIS: i64 = 1000;

/// Capture times of the replication operations not yet acknowledged, as runs of
/// operations (they leave in the order they were captured).
#[derive(Debug, Default)]
pub struct RecoveryPoint {
    /// (operations captured up to and including this run, when the run began).
    runs: VecDeque<(u64, DateTime<Utc>)>,
    /// Operations captured so far.
    captured: u64,
    /// Operations acknowledged, cleared or otherwise gone, in capture order.
    done: u64,
}

impl RecoveryPoint {
    /// Records `count` operations captured at `at`.
    pub fn captured(&mut self, count: u64, at: DateTime<Utc>) {
        if count == 0 {
            return;
        }
        self.captured += count;
        match self.runs.back_mut() {
            Some((end, began)) if (at - *began).num_milliseconds() < RUN_MILLIS => {
                *end = self.captured
            }
            _ => self.runs.push_back((self.captured, at)),
        }
    }

    /// Records that the oldest `count` operations are acknowledged (or dropped).
    pub fn done(&mut self, count: u64) {
        self.done = (self.done + count).min(self.captured);
        while self.runs.front().is_some_and(|(end, _)| *end <= self.done) {
            self.runs.pop_front();
        }
    }

    /// Records that the newest `count` operations will never be sent (the queue was
    /// cleared for a mirror that replaces them).
    pub fn withdrawn(&mut self, count: u64) {
        self.captured = self.captured.saturating_sub(count).max(self.done);
        while let Some((end, _)) = self.runs.back_mut() {
            if *end <= self.captured {
                break;
            }
            let previous_end = self.runs.len().checked_sub(2).map(|i| self.runs[i].0);
            match previous_end {
                Some(prev) if prev >= self.captured => {
                    self.runs.pop_back();
                }
                _ => {
                    if let Some((end, _)) = self.runs.back_mut() {
                        *end = self.captured;
                    }
                    break;
                }
            }
        }
        while self.runs.front().is_some_and(|(end, _)| *end <= self.done) {
            self.runs.pop_front();
        }
    }

    /// ConRPT: when the oldest unacknowledged change was captured, or `now` when every
    /// change is acknowledged.
    pub fn point(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.runs
            .front()
            .map_or(now, |(_, began)| (*began).min(now))
    }

    /// ConRPL: whole seconds between [`point`](Self::point) and `now`.
    pub fn lag_seconds(&self, now: DateTime<Utc>) -> u64 {
        u64::try_from((now - self.point(now)).num_seconds()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn the_point_is_the_oldest_unacknowledged_change() {
        let t0 = Utc::now();
        let mut rpo = RecoveryPoint::default();
        assert_eq!(rpo.point(t0), t0);
        rpo.captured(3, t0);
        rpo.captured(2, t0 + TimeDelta::milliseconds(10));
        rpo.captured(4, t0 + TimeDelta::seconds(5));
        let now = t0 + TimeDelta::seconds(9);
        assert_eq!(rpo.point(now), t0);
        assert_eq!(rpo.lag_seconds(now), 9);
        rpo.done(4);
        assert_eq!(rpo.point(now), t0, "one change of the first run is left");
        rpo.done(1);
        assert_eq!(rpo.point(now), t0 + TimeDelta::seconds(5));
        rpo.done(100);
        assert_eq!(rpo.point(now), now);
        assert_eq!(rpo.lag_seconds(now), 0);
        rpo.captured(1, now);
        assert_eq!(rpo.point(now + TimeDelta::seconds(2)), now);
    }

    #[test]
    fn withdrawn_changes_leave_the_older_ones_in_place() {
        let t0 = Utc::now();
        let mut rpo = RecoveryPoint::default();
        rpo.captured(2, t0);
        rpo.captured(3, t0 + TimeDelta::seconds(4));
        rpo.captured(1, t0 + TimeDelta::seconds(8));
        rpo.done(1);
        // The four newest were queued and are cleared; two are in flight.
        rpo.withdrawn(4);
        let now = t0 + TimeDelta::seconds(10);
        assert_eq!(rpo.point(now), t0);
        rpo.done(1);
        assert_eq!(rpo.point(now), now, "nothing captured is left");
        rpo.captured(1, now);
        assert_eq!(rpo.point(now + TimeDelta::seconds(1)), now);
        rpo.done(1);
        assert_eq!(
            rpo.point(now + TimeDelta::seconds(1)),
            now + TimeDelta::seconds(1)
        );
    }
}
