//! What `SettingsStore::load` found wrong in DT.conf: never fatal, logged to the engine log.

use std::fmt;
use std::io;

use logparse::dtl::Severity;

use crate::event_log::EventLog;

/// The guide's event for a setting value that was replaced by its default
/// ("%1 value must be between 1025 and 65535. Using default of %2."); dtsuite uses it,
/// in the same wording, for every setting.
pub const INVALID_VALUE_EVENT: u32 = 4045;

/// One problem in DT.conf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsWarning {
    /// A value that is out of range or unreadable; the default is used instead.
    InvalidValue {
        /// The setting, as the table spells it.
        name: &'static str,
        /// The value as written.
        value: String,
        /// 1-based line number in DT.conf.
        line: usize,
        /// What is allowed, worded to follow "must be".
        allowed: String,
        /// The default used instead, or `None` when there is none.
        default: Option<String>,
    },
    /// A name that is no setting of the guide or of dtsuite; the line is ignored.
    UnknownName {
        /// The name as written.
        name: String,
        /// 1-based line number.
        line: usize,
    },
    /// A line that is neither blank, a comment, nor `Name=Value`; it is ignored.
    Malformed {
        /// 1-based line number.
        line: usize,
        /// The line as written.
        text: String,
    },
    /// A setting written again further down; this earlier line is ignored.
    Overridden {
        /// The setting, as the table spells it.
        name: &'static str,
        /// The ignored line.
        line: usize,
        /// The later line whose value is used.
        used_line: usize,
    },
}

impl SettingsWarning {
    /// The DT.conf line it is about.
    pub fn line(&self) -> usize {
        match self {
            SettingsWarning::InvalidValue { line, .. }
            | SettingsWarning::UnknownName { line, .. }
            | SettingsWarning::Malformed { line, .. }
            | SettingsWarning::Overridden { line, .. } => *line,
        }
    }

    /// The message ID to log it with: 4045 for a value replaced by its default, 0 (none)
    /// otherwise.
    pub fn event_id(&self) -> u32 {
        match self {
            SettingsWarning::InvalidValue { .. } => INVALID_VALUE_EVENT,
            _ => 0,
        }
    }

    /// Writes it to the engine log as an alert with [`SettingsWarning::event_id`].
    pub fn log_to(&self, log: &EventLog) -> io::Result<Option<u64>> {
        log.message(Severity::Alert, self.event_id(), &self.to_string())
    }
}

impl fmt::Display for SettingsWarning {
    /// One line for the engine log, e.g. `NetPort value 80 (DT.conf line 3) must be
    /// between 1025 and 65535. Using default of 1500.`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsWarning::InvalidValue {
                name,
                value,
                line,
                allowed,
                default,
            } => {
                let value = if value.is_empty() { "(empty)" } else { value };
                write!(
                    f,
                    "{name} value {value} (DT.conf line {line}) must be {allowed}. "
                )?;
                match default {
                    Some(default) => write!(f, "Using default of {default}."),
                    None => write!(f, "Using no value."),
                }
            }
            SettingsWarning::UnknownName { name, line } => {
                write!(
                    f,
                    "Unknown setting {name} (DT.conf line {line}) is ignored."
                )
            }
            SettingsWarning::Malformed { line, text } => {
                write!(
                    f,
                    "DT.conf line {line} is not Name=Value and is ignored: {text}"
                )
            }
            SettingsWarning::Overridden {
                name,
                line,
                used_line,
            } => write!(
                f,
                "{name} on DT.conf line {line} is ignored: line {used_line} sets it again."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_warning_follows_event_4045() {
        let warning = SettingsWarning::InvalidValue {
            name: "NetPort",
            value: "80".into(),
            line: 3,
            allowed: "between 1025 and 65535".into(),
            default: Some("1500".into()),
        };
        assert_eq!(warning.event_id(), 4045);
        assert_eq!(
            warning.to_string(),
            "NetPort value 80 (DT.conf line 3) must be between 1025 and 65535. Using default of 1500."
        );
    }

    #[test]
    fn logs_as_an_alert_with_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let log = EventLog::open(logparse::dtl::AppenderConfig {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let warning = SettingsWarning::UnknownName {
            name: "Colour".into(),
            line: 7,
        };
        warning.log_to(&log).unwrap();
        let records: Vec<_> = logparse::dtl::LogSeries::in_dir(dir.path())
            .reader()
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].id, 0);
        assert_eq!(records[0].level, logparse::dtl::Level::Alert);
        assert_eq!(
            records[0].text,
            "Unknown setting Colour (DT.conf line 7) is ignored."
        );
    }
}
