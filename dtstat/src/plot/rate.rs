//! Per-second rate of a cumulative counter between consecutive snapshots.

/// Turns successive readings of one cumulative counter into per-second rates.
///
/// A counter that goes down (a remirror resets MirBytesGenerated, an engine restart resets
/// everything) is taken to have restarted from zero: the interval's increase is its new
/// value, so a rate is never negative.
#[derive(Debug, Default, Clone)]
pub(crate) struct CounterRate {
    last: Option<(f64, u64)>,
}

impl CounterRate {
    /// Records the counter's `value` at `seconds`; returns the rate since the previous
    /// reading, or `None` for the first reading and for one not later than the previous.
    pub(crate) fn next(&mut self, seconds: f64, value: u64) -> Option<f64> {
        let previous = self.last.replace((seconds, value));
        let (then, before) = previous?;
        let elapsed = seconds - then;
        if elapsed <= 0.0 {
            return None;
        }
        let increase = value.checked_sub(before).unwrap_or(value);
        Some(increase as f64 / elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_reading_has_no_rate() {
        assert_eq!(CounterRate::default().next(0.0, 100), None);
    }

    #[test]
    fn rate_is_increase_over_elapsed_seconds() {
        let mut rate = CounterRate::default();
        rate.next(0.0, 1000);
        assert_eq!(rate.next(2.0, 5000), Some(2000.0));
        assert_eq!(rate.next(2.5, 5000), Some(0.0));
    }

    #[test]
    fn a_reset_counter_restarts_from_its_new_value() {
        let mut rate = CounterRate::default();
        rate.next(0.0, 9000);
        assert_eq!(rate.next(1.0, 300), Some(300.0));
        assert_eq!(rate.next(2.0, 500), Some(200.0));
    }

    #[test]
    fn repeated_or_backward_time_gives_no_rate() {
        let mut rate = CounterRate::default();
        rate.next(5.0, 10);
        assert_eq!(rate.next(5.0, 20), None);
        assert_eq!(rate.next(4.0, 30), None);
        assert_eq!(rate.next(5.0, 40), Some(10.0));
    }

    #[test]
    fn full_range_counters_do_not_overflow() {
        let mut rate = CounterRate::default();
        rate.next(0.0, 0);
        assert_eq!(rate.next(1.0, u64::MAX), Some(u64::MAX as f64));
    }
}
