//! `PlotField`: one statistic chosen for a chart, named by the guide's identifier.

use std::fmt;
use std::str::FromStr;

use super::catalog::{Extract, Read, Stat, NOT_PLOTTABLE, STATS};
use super::error::PlotError;

/// A statistic to chart, parsed from the guide's identifier (`conBytesTx`, `ConRPL`,
/// `Ops Received`, `SYSTEMALLOCATOR.Total Bytes`, …).
#[derive(Clone, Copy)]
pub struct PlotField {
    stat: &'static Stat,
}

/// How a statistic's values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlotKind {
    /// A cumulative counter, drawn as its per-second rate between consecutive snapshots.
    Rate,
    /// An instantaneous value (queue sizes, percentages, states, ConRPL), drawn as it is.
    Value,
}

/// Which entities a statistic has one line for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlotScope {
    /// One line for the whole server (allocators, security, kernel, source).
    Server,
    /// One line per TARGET peer address.
    Target,
    /// One line per connection.
    Connection,
}

impl PlotField {
    /// Parses one identifier: case and spaces do not matter; a statistic whose name is in
    /// two sections (Total Bytes) needs its section first, as in `IQALLOCATOR.Total Bytes`.
    pub fn parse(text: &str) -> Result<PlotField, PlotError> {
        let wanted = text.trim();
        let (section, name) = match wanted.rsplit_once('.') {
            Some((section, name)) => (Some(normalize(section)), normalize(name)),
            None => (None, normalize(wanted)),
        };
        let mut matches = STATS.iter().filter(|stat| {
            let named =
                normalize(stat.name) == name || stat.alias.is_some_and(|a| normalize(a) == name);
            named
                && section
                    .as_ref()
                    .is_none_or(|s| *s == normalize(stat.section))
        });
        match (matches.next(), matches.next()) {
            (Some(stat), None) => Ok(PlotField { stat }),
            (Some(first), Some(second)) => Err(PlotError::AmbiguousField {
                name: wanted.to_string(),
                choices: format!(
                    "{}, {}",
                    PlotField { stat: first },
                    PlotField { stat: second }
                ),
            }),
            (None, _) if NOT_PLOTTABLE.iter().any(|n| normalize(n) == name) => {
                Err(PlotError::NotPlottable {
                    name: wanted.to_string(),
                    valid: valid_names(),
                })
            }
            (None, _) => Err(PlotError::UnknownField {
                name: wanted.to_string(),
                valid: valid_names(),
            }),
        }
    }

    /// Parses a comma-separated list (`--plot conBytesTx,ConRPL`); empty items are skipped.
    pub fn parse_list(text: &str) -> Result<Vec<PlotField>, PlotError> {
        let fields = text
            .split(',')
            .filter(|item| !item.trim().is_empty())
            .map(PlotField::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if fields.is_empty() {
            return Err(PlotError::NoFields);
        }
        Ok(fields)
    }

    /// Every statistic a chart can show.
    pub fn all() -> impl Iterator<Item = PlotField> {
        STATS.iter().map(|stat| PlotField { stat })
    }

    /// The guide's identifier, as DTStat prints it (`conBytesTx`, `Total Bytes`).
    pub fn name(&self) -> &'static str {
        self.stat.name
    }

    /// The DTStat section the statistic is printed under (`CONNECTION`, `KERNEL`, …).
    pub fn section(&self) -> &'static str {
        self.stat.section
    }

    /// Rate (cumulative counter) or value (gauge).
    pub fn kind(&self) -> PlotKind {
        match self.stat.read {
            Read::Counter(_) => PlotKind::Rate,
            Read::Gauge(_) => PlotKind::Value,
        }
    }

    /// Whether the chart has one line for the server, per peer, or per connection.
    pub fn scope(&self) -> PlotScope {
        let server = matches!(
            self.stat.read,
            Read::Counter(Extract::Server(_)) | Read::Gauge(Extract::Server(_))
        );
        let target = matches!(
            self.stat.read,
            Read::Counter(Extract::Target(_)) | Read::Gauge(Extract::Target(_))
        );
        if server {
            PlotScope::Server
        } else if target {
            PlotScope::Target
        } else {
            PlotScope::Connection
        }
    }

    /// The unit of the y axis: the statistic's unit, per second for a rate (`bytes/s`).
    pub fn axis_unit(&self) -> String {
        match self.kind() {
            PlotKind::Rate => format!("{}/s", self.stat.unit),
            PlotKind::Value => self.stat.unit.to_string(),
        }
    }

    pub(crate) fn read(&self) -> Read {
        self.stat.read
    }

    fn is_ambiguous(&self) -> bool {
        STATS
            .iter()
            .filter(|stat| stat.name == self.stat.name)
            .count()
            > 1
    }
}

impl fmt::Display for PlotField {
    /// The identifier `parse` accepts back: the name, with its section when the name alone is ambiguous.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_ambiguous() {
            write!(f, "{}.{}", self.stat.section, self.stat.name)
        } else {
            f.write_str(self.stat.name)
        }
    }
}

impl fmt::Debug for PlotField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlotField({self})")
    }
}

impl PartialEq for PlotField {
    fn eq(&self, other: &PlotField) -> bool {
        std::ptr::eq(self.stat, other.stat)
    }
}

impl Eq for PlotField {}

impl FromStr for PlotField {
    type Err = PlotError;

    fn from_str(text: &str) -> Result<PlotField, PlotError> {
        PlotField::parse(text)
    }
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn valid_names() -> String {
    PlotField::all()
        .map(|field| field.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_guide_identifiers_in_any_case_and_spacing() {
        let field = PlotField::parse("conBytesTx").unwrap();
        assert_eq!(field.name(), "conBytesTx");
        assert_eq!(PlotField::parse(" CONBYTESTX ").unwrap(), field);
        assert_eq!(
            PlotField::parse("Failed Logins").unwrap().name(),
            "FailedLogins"
        );
        assert_eq!(
            PlotField::parse("opsremaining").unwrap().name(),
            "Ops Remaining"
        );
        assert_eq!(
            PlotField::parse("conMirrorBytesRemaining").unwrap().name(),
            "conMirrorBytesRemain"
        );
    }

    #[test]
    fn total_bytes_needs_its_section() {
        let err = PlotField::parse("Total Bytes").unwrap_err();
        assert!(matches!(err, PlotError::AmbiguousField { .. }), "{err}");
        assert!(err.to_string().contains("IQALLOCATOR.Total Bytes"), "{err}");
        let iq = PlotField::parse("IQAllocator.TotalBytes").unwrap();
        assert_eq!(iq.section(), "IQALLOCATOR");
        assert_eq!(iq.to_string(), "IQALLOCATOR.Total Bytes");
        assert_eq!(PlotField::parse(&iq.to_string()).unwrap(), iq);
    }

    #[test]
    fn every_field_parses_back_from_its_display() {
        for field in PlotField::all() {
            assert_eq!(
                PlotField::parse(&field.to_string()).unwrap(),
                field,
                "{field}"
            );
        }
    }

    #[test]
    fn unknown_field_lists_the_valid_ones() {
        let err = PlotField::parse("conBytesTxx").unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, PlotError::UnknownField { .. }));
        assert!(
            text.contains("conBytesTxx") && text.contains("conBytesTx,") && text.contains("ConRPL"),
            "{text}"
        );
    }

    #[test]
    fn times_and_addresses_are_not_plottable() {
        for name in ["connectTime", "conPeerAddress", "lastFileTouched", "ConRPT"] {
            assert!(
                matches!(PlotField::parse(name), Err(PlotError::NotPlottable { .. })),
                "{name}"
            );
        }
    }

    #[test]
    fn counters_are_rates_and_queues_are_values() {
        let kind = |name| PlotField::parse(name).unwrap().kind();
        assert_eq!(kind("conBytesTx"), PlotKind::Rate);
        assert_eq!(kind("MirBytesGenerated"), PlotKind::Rate);
        assert_eq!(kind("Ops Received"), PlotKind::Rate);
        assert_eq!(kind("conBytesInRepQueue"), PlotKind::Value);
        assert_eq!(kind("ConRPL"), PlotKind::Value);
        assert_eq!(kind("conMirrorPercent"), PlotKind::Value);
        assert_eq!(
            PlotField::parse("conBytesTx").unwrap().axis_unit(),
            "bytes/s"
        );
        assert_eq!(PlotField::parse("ConRPL").unwrap().axis_unit(), "s");
    }

    #[test]
    fn scopes_follow_the_section() {
        let scope = |name| PlotField::parse(name).unwrap().scope();
        assert_eq!(scope("conOpsTx"), PlotScope::Connection);
        assert_eq!(scope("Bytes In Target Queue"), PlotScope::Target);
        assert_eq!(scope("RepBytesGenerated"), PlotScope::Server);
        assert_eq!(scope("autoDisConnects"), PlotScope::Server);
    }

    #[test]
    fn lists_split_on_commas() {
        let fields = PlotField::parse_list("conBytesTx, ConRPL,").unwrap();
        assert_eq!(
            fields.iter().map(|f| f.name()).collect::<Vec<_>>(),
            ["conBytesTx", "ConRPL"]
        );
        assert!(matches!(
            PlotField::parse_list(" , "),
            Err(PlotError::NoFields)
        ));
        assert!(matches!(
            PlotField::parse_list("conBytesTx,nope"),
            Err(PlotError::UnknownField { .. })
        ));
    }
}
