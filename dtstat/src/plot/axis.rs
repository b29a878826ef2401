//! Axis texts: what each axis says, and its tick labels.

use chrono::{DateTime, Duration, Utc};

use super::field::{PlotField, PlotKind};

/// Seconds above which time ticks show the date too.
const ONE_DAY: f64 = 86_400.0;

/// The x axis description: UTC time, with the date of the first snapshot.
pub(crate) fn time_description(start: DateTime<Utc>) -> String {
    format!("time (UTC), from {}", start.format("%Y-%m-%d %H:%M:%S"))
}

/// A time tick: `HH:MM:SS`, or `MM-DD HH:MM` when the chart spans more than a day.
pub(crate) fn time_tick(start: DateTime<Utc>, seconds: f64, span: f64) -> String {
    let Some(at) = Duration::try_milliseconds((seconds * 1000.0).round() as i64)
        .and_then(|d| start.checked_add_signed(d))
    else {
        return String::new();
    };
    if span > ONE_DAY {
        at.format("%m-%d %H:%M").to_string()
    } else {
        at.format("%H:%M:%S").to_string()
    }
}

/// The y axis description: the unit, and for a counter that it is a per-second rate.
pub(crate) fn value_description(field: &PlotField) -> String {
    match field.kind() {
        PlotKind::Rate => format!("{} (per-second rate)", field.axis_unit()),
        PlotKind::Value => field.axis_unit(),
    }
}

/// A panel's caption: the statistic, and for a counter that it is shown as a rate.
pub(crate) fn caption(field: &PlotField) -> String {
    match field.kind() {
        PlotKind::Rate => format!("{field}: rate of the cumulative counter"),
        PlotKind::Value => field.to_string(),
    }
}

/// A value tick with an SI prefix: `950`, `1.5k`, `2M`, `0.25`.
pub(crate) fn value_tick(value: f64) -> String {
    let magnitude = value.abs();
    let (scaled, prefix) = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(scale, _)| magnitude >= *scale)
        .map_or((value, ""), |(scale, prefix)| (value / scale, prefix));
    let digits = if prefix.is_empty() && magnitude < 10.0 {
        2
    } else {
        1
    };
    let text = format!("{scaled:.digits$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{prefix}")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn value_ticks_use_si_prefixes() {
        assert_eq!(value_tick(0.0), "0");
        assert_eq!(value_tick(950.0), "950");
        assert_eq!(value_tick(1500.0), "1.5k");
        assert_eq!(value_tick(2_000_000.0), "2M");
        assert_eq!(value_tick(3.3e9), "3.3G");
        assert_eq!(value_tick(0.25), "0.25");
        assert_eq!(value_tick(7e12), "7T");
    }

    #[test]
    fn time_ticks_show_the_date_only_for_long_charts() {
        let start = Utc.with_ymd_and_hms(2010, 11, 10, 12, 48, 5).unwrap();
        assert_eq!(time_tick(start, 65.0, 120.0), "12:49:10");
        assert_eq!(
            time_tick(start, 2.0 * ONE_DAY, 3.0 * ONE_DAY),
            "11-12 12:48"
        );
        assert_eq!(
            time_description(start),
            "time (UTC), from 2010-11-10 12:48:05"
        );
    }

    #[test]
    fn counters_say_they_are_rates() {
        let tx = PlotField::parse("conBytesTx").unwrap();
        assert_eq!(value_description(&tx), "bytes/s (per-second rate)");
        assert!(caption(&tx).contains("rate"));
        let rpl = PlotField::parse("ConRPL").unwrap();
        assert_eq!(value_description(&rpl), "s");
        assert_eq!(caption(&rpl), "ConRPL");
    }
}
