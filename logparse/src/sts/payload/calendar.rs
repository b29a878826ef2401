//! Wire times (milliseconds since 1970) as `DateTime<Utc>`, with the calendar date of
//! each day worked out once per record rather than once per time: a record's many times
//! fall on one or two days.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Milliseconds in a day.
const DAY_MILLIS: i64 = 86_400_000;
/// chrono's day number (counted from 0001-01-01 as day 1) of 1970-01-01.
const UNIX_EPOCH_DAY: i64 = 719_163;
/// Days remembered; a day's slot is its number modulo this.
const SLOTS: usize = 4;

/// The dates of the days met so far, in a small direct-mapped table.
#[derive(Debug, Default)]
pub(super) struct Calendar {
    slots: [Option<(i64, NaiveDate)>; SLOTS],
}

impl Calendar {
    /// The instant `millis` after 1970-01-01T00:00:00Z, as [`DateTime::from_timestamp_millis`]
    /// gives it; `None` outside chrono's range.
    #[inline]
    pub(super) fn time(&mut self, millis: i64) -> Option<DateTime<Utc>> {
        let day = millis.div_euclid(DAY_MILLIS);
        // Below 86 400 000: fits.
        let of_day = millis.rem_euclid(DAY_MILLIS) as u32;
        let slot = &mut self.slots[day.rem_euclid(SLOTS as i64) as usize];
        let date = match *slot {
            Some((seen, date)) if seen == day => date,
            _ => {
                let date = NaiveDate::from_num_days_from_ce_opt(
                    i32::try_from(day + UNIX_EPOCH_DAY).ok()?,
                )?;
                *slot = Some((day, date));
                date
            }
        };
        let time = NaiveTime::from_num_seconds_from_midnight_opt(
            of_day / 1000,
            of_day % 1000 * 1_000_000,
        )?;
        Some(date.and_time(time).and_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn times_are_chronos_whatever_was_seen_before(
            earlier in proptest::collection::vec(any::<i64>(), 0..6),
            near in proptest::collection::vec(-400_000_000_000i64..400_000_000_000, 0..6),
            millis in any::<i64>(),
        ) {
            let mut calendar = Calendar::default();
            for seen in earlier.iter().chain(&near) {
                prop_assert_eq!(calendar.time(*seen), DateTime::from_timestamp_millis(*seen));
            }
            for m in [millis, millis / 1_000_000, millis / 1_000_000 + 86_400_000] {
                prop_assert_eq!(calendar.time(m), DateTime::from_timestamp_millis(m));
            }
        }
    }

    #[test]
    fn the_edges_of_chronos_range() {
        let mut calendar = Calendar::default();
        for millis in [i64::MIN, i64::MAX, 0, -1, 1, -86_400_000, 86_399_999] {
            assert_eq!(
                calendar.time(millis),
                DateTime::from_timestamp_millis(millis)
            );
        }
        let last = DateTime::<Utc>::MAX_UTC.timestamp_millis();
        let first = DateTime::<Utc>::MIN_UTC.timestamp_millis();
        for millis in [last, last + 1, first, first - 1] {
            assert_eq!(
                calendar.time(millis),
                DateTime::from_timestamp_millis(millis)
            );
        }
    }
}
