//! A metric family of the text exposition format: HELP and TYPE lines, then its samples.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::delta::is_counter;

/// A sample's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// An exact integer (counts, bytes, states).
    Int(u64),
    /// A ratio or a time in seconds.
    Float(f64),
}

impl Number {
    /// A time as seconds since 1970-01-01 UTC (Prometheus's base unit for times).
    pub(crate) fn seconds(time: DateTime<Utc>) -> Number {
        Number::Float(time.timestamp_millis() as f64 / 1000.0)
    }

    /// A percentage (0–100) as a ratio (0–1), Prometheus's base unit.
    pub(crate) fn ratio(percent: f64) -> Number {
        Number::Float(percent / 100.0)
    }
}

/// One metric family over entries of type `T` (the snapshot, a target, a connection).
pub(crate) struct Family<T: 'static> {
    /// Metric name after `dtsuite_`, without `_total` (added for counters).
    pub(crate) name: &'static str,
    /// The guide's identifier of the statistic; a counter if [`is_counter`] says so.
    pub(crate) statistic: &'static str,
    /// What the statistic is, for the HELP line.
    pub(crate) help: &'static str,
    /// The sample for an entry, `None` when the engine has no value (an absent time).
    pub(crate) value: fn(&T) -> Option<Number>,
}

impl<T> Family<T> {
    /// Whether this family is a Prometheus counter.
    pub(crate) fn is_counter(&self) -> bool {
        is_counter(self.statistic)
    }

    /// Writes HELP, TYPE and a sample per entry that has a value; nothing when none has.
    /// `labels` writes an entry's label set (without braces) to the string it is given.
    pub(crate) fn encode<'a>(
        &self,
        entries: impl Iterator<Item = &'a T>,
        labels: fn(&T, &mut String),
        out: &mut impl Write,
    ) -> io::Result<()> {
        let mut samples = entries
            .filter_map(|e| (self.value)(e).map(|v| (e, v)))
            .peekable();
        if samples.peek().is_none() {
            return Ok(());
        }
        let (kind, suffix) = if self.is_counter() {
            ("counter", "_total")
        } else {
            ("gauge", "")
        };
        let name = format_args!("dtsuite_{}{suffix}", self.name);
        writeln!(out, "# HELP {name} {} ({}).", self.help, self.statistic)?;
        writeln!(out, "# TYPE {name} {kind}")?;
        let mut label_set = String::new();
        for (entry, value) in samples {
            label_set.clear();
            labels(entry, &mut label_set);
            write!(out, "{name}")?;
            if !label_set.is_empty() {
                write!(out, "{{{label_set}}}")?;
            }
            match value {
                Number::Int(n) => writeln!(out, " {n}")?,
                Number::Float(x) => writeln!(out, " {}", float(x))?,
            }
        }
        Ok(())
    }
}

/// A float as the exposition format spells it (`NaN`, `+Inf`, `-Inf` for the specials).
fn float(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        x.to_string()
    }
}

/// Appends `name="value"` (comma-separated after the first) with the value escaped as the
/// exposition format requires: backslash, double quote and line feed.
pub(crate) fn push_label(labels: &mut String, name: &str, value: &str) {
    if !labels.is_empty() {
        labels.push(',');
    }
    labels.push_str(name);
    labels.push_str("=\"");
    for c in value.chars() {
        match c {
            '\\' => labels.push_str("\\\\"),
            '"' => labels.push_str("\\\""),
            '\n' => labels.push_str("\\n"),
            c => labels.push(c),
        }
    }
    labels.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        let mut labels = String::new();
        push_label(&mut labels, "a", "x");
        push_label(&mut labels, "b", "C:\\dir \"q\"\nnext");
        assert_eq!(labels, r#"a="x",b="C:\\dir \"q\"\nnext""#);
    }

    #[test]
    fn specials_are_spelled_for_prometheus() {
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(float(f64::INFINITY), "+Inf");
        assert_eq!(float(f64::NEG_INFINITY), "-Inf");
        assert_eq!(float(0.5), "0.5");
    }
}
