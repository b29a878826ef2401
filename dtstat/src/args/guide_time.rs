//! The guide's date and time for `-Start` and `-Stop`: `mm/dd/yyyyhh:mm`, also with a
//! space (or a separate argument) between the date and the time.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use thiserror::Error;

/// A `-Start`/`-Stop` value that is not a date and time in the guide's form.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("'{0}' is not a date and time of the form mm/dd/yyyyhh:mm (e.g. 06/22/201714:30)")]
pub struct GuideTimeError(pub String);

/// Parses `mm/dd/yyyyhh:mm` (one- or two-digit month and day, seconds optional, a space
/// allowed before the time, the time optional: midnight). The result has no time zone.
pub fn parse_guide_time(text: &str) -> Result<NaiveDateTime, GuideTimeError> {
    parse(text.trim()).ok_or_else(|| GuideTimeError(text.to_string()))
}

fn parse(text: &str) -> Option<NaiveDateTime> {
    let mut parts = text.splitn(3, '/');
    let (month, day, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let year = rest.get(..4)?;
    let clock = rest.get(4..)?.trim_start();
    let date = NaiveDate::from_ymd_opt(number(year)?, number(month)?, number(day)?)?;
    if clock.is_empty() {
        return Some(date.and_time(NaiveTime::MIN));
    }
    let fields: Vec<&str> = clock.split(':').collect();
    let (hour, minute, second) = match fields.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let time = NaiveTime::from_hms_opt(number(hour)?, number(minute)?, number(second)?)?;
    Some(date.and_time(time))
}

/// A field of one to four ASCII digits (no sign, no spaces).
fn number<T: std::str::FromStr>(digits: &str) -> Option<T> {
    let plain = (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_opt(h, mi, s))
            .expect("valid")
    }

    #[test]
    fn the_guide_form_with_and_without_a_space() {
        let expected = at(2017, 6, 22, 14, 30, 0);
        assert_eq!(parse_guide_time("06/22/201714:30"), Ok(expected));
        assert_eq!(parse_guide_time("06/22/2017 14:30"), Ok(expected));
        assert_eq!(parse_guide_time("6/22/2017  14:30"), Ok(expected));
        assert_eq!(
            parse_guide_time("06/22/2017 14:30:59"),
            Ok(at(2017, 6, 22, 14, 30, 59))
        );
        assert_eq!(parse_guide_time("06/22/2017"), Ok(at(2017, 6, 22, 0, 0, 0)));
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused_by_their_text() {
        for text in [
            "",
            "22/06/201714:30",
            "02/30/2017",
            "06/22/17 14:30",
            "06/22/201725:00",
            "06/22/2017 14",
            "06/22/2017 +1:30",
            "06-22-2017",
            "06/22/2017 14:30:00:00",
        ] {
            assert_eq!(
                parse_guide_time(text),
                Err(GuideTimeError(text.to_string())),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn written_in_the_guides_form_it_reads_back(
            minutes in 0i64..(8999 * 365 * 24 * 60),
            spaced in proptest::bool::ANY,
        ) {
            let base = NaiveDate::from_ymd_opt(1000, 1, 1).expect("valid").and_time(NaiveTime::MIN);
            let time = base + chrono::TimeDelta::minutes(minutes);
            let pattern = if spaced { "%m/%d/%Y %H:%M" } else { "%m/%d/%Y%H:%M" };
            let text = time.format(pattern).to_string();
            proptest::prop_assert_eq!(parse_guide_time(&text), Ok(time));
        }

        #[test]
        fn any_text_is_a_time_or_an_error_naming_it(text in "\\PC{0,24}") {
            if let Err(error) = parse_guide_time(&text) {
                proptest::prop_assert_eq!(error, GuideTimeError(text.clone()));
            }
        }
    }
}
