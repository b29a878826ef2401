//! What the settings requests answer, and how `dtctl` shows it to a person.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a setting's effective value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A valid value in DT.conf.
    File,
    /// The default (not in DT.conf, or its value there was not valid).
    Default,
}

/// The answer to `get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingReport {
    /// The name as the table spells it.
    pub name: String,
    /// The effective value as DT.conf text; `None` when it has none.
    pub value: Option<String>,
    /// The default as DT.conf text; `None` when the guide gives none.
    pub default: Option<String>,
    /// Where the value comes from.
    pub source: Source,
}

/// The answer to `set`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetOutcome {
    /// The name as the table spells it.
    pub name: String,
    /// The value as written to DT.conf.
    pub value: String,
    /// Whether the guide says a service restart is needed for it to take effect.
    pub restart_required: bool,
    /// For a restart that depends on something, on what.
    pub restart_condition: Option<String>,
    /// Whether the setting is one the guide lists as no longer used (kept, ignored).
    pub no_longer_used: bool,
}

/// One row of `options`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionEntry {
    /// The name as the table spells it.
    pub name: String,
    /// The effective value as DT.conf text; `None` when it has none.
    pub value: Option<String>,
    /// The default as DT.conf text; `None` when the guide gives none.
    pub default: Option<String>,
    /// Where the value comes from.
    pub source: Source,
    /// The allowed values or range, e.g. `1 - 999`.
    pub values: String,
    /// Whether a change needs a service restart.
    pub restart_required: bool,
    /// For a restart that depends on something, on what.
    pub restart_condition: Option<String>,
    /// Whether the guide lists it only as no longer used or internal.
    pub no_longer_used: bool,
    /// Whether dtsuite's engine acts on it.
    pub engine_uses: bool,
    /// What it controls.
    pub description: String,
}

impl fmt::Display for SettingReport {
    /// `LogDir=/var/log/DT (default)` or `NetPort=1600 (DT.conf; default 1500)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value.as_deref().unwrap_or(""))?;
        match (self.source, &self.default) {
            (Source::Default, _) if self.value.is_none() => f.write_str(" (not set)"),
            (Source::Default, _) => f.write_str(" (default)"),
            (Source::File, Some(default)) => write!(f, " (DT.conf; default {default})"),
            (Source::File, None) => f.write_str(" (DT.conf; no default)"),
        }
    }
}

impl fmt::Display for SetOutcome {
    /// `MaxLogFileSize=1048576`, with `(service restart required)` when the guide says so.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        if self.no_longer_used {
            f.write_str(" (no longer used; kept in DT.conf and ignored)")
        } else if let Some(condition) = &self.restart_condition {
            write!(f, " (service restart required {condition})")
        } else if self.restart_required {
            f.write_str(" (service restart required)")
        } else {
            Ok(())
        }
    }
}

/// Widest a VALUE or DEFAULT cell gets in the table; longer text is cut with `...`
/// (`dtctl get` and `--json` show it whole).
const CELL_WIDTH: usize = 32;

/// `dtctl options` as a table: marks, name, value, default, then a legend. Marks: `*`
/// the value comes from DT.conf and differs from the default; `!` a change needs a
/// service restart; `-` no longer used.
pub fn options_table(entries: &[OptionEntry]) -> String {
    let rows: Vec<[String; 4]> = entries
        .iter()
        .map(|entry| {
            let changed = entry.source == Source::File && entry.value != entry.default;
            let marks = format!(
                "{}{}",
                if changed { '*' } else { ' ' },
                if entry.no_longer_used {
                    '-'
                } else if entry.restart_required {
                    '!'
                } else {
                    ' '
                }
            );
            [
                marks,
                entry.name.clone(),
                cell(entry.value.as_deref()),
                cell(entry.default.as_deref()),
            ]
        })
        .collect();
    let header = ["", "NAME", "VALUE", "DEFAULT"].map(str::to_owned);
    let widths: Vec<usize> = (0..4)
        .map(|col| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|row| row[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$} {:w1$}  {:w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0].max(2),
            w1 = widths[1],
            w2 = widths[2],
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("* set in DT.conf, differs from the default   ! service restart required   - no longer used\n");
    out
}

fn cell(text: Option<&str>) -> String {
    let text = text.unwrap_or("-");
    if text.chars().count() <= CELL_WIDTH {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(CELL_WIDTH - 3).collect();
        format!("{cut}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, value: &str, default: &str, source: Source, restart: bool) -> OptionEntry {
        OptionEntry {
            name: name.into(),
            value: Some(value.into()),
            default: Some(default.into()),
            source,
            values: String::new(),
            restart_required: restart,
            restart_condition: None,
            no_longer_used: false,
            engine_uses: true,
            description: String::new(),
        }
    }

    #[test]
    fn set_says_when_a_restart_is_required() {
        let mut outcome = SetOutcome {
            name: "MaxLogFileSize".into(),
            value: "1048576".into(),
            restart_required: false,
            restart_condition: None,
            no_longer_used: false,
        };
        assert_eq!(outcome.to_string(), "MaxLogFileSize=1048576");
        outcome.restart_required = true;
        assert_eq!(
            outcome.to_string(),
            "MaxLogFileSize=1048576 (service restart required)"
        );
        outcome.restart_condition = Some("on a source; not on a target".into());
        assert_eq!(
            outcome.to_string(),
            "MaxLogFileSize=1048576 (service restart required on a source; not on a target)"
        );
    }

    #[test]
    fn get_says_where_the_value_comes_from() {
        let mut report = SettingReport {
            name: "NetPort".into(),
            value: Some("1500".into()),
            default: Some("1500".into()),
            source: Source::Default,
        };
        assert_eq!(report.to_string(), "NetPort=1500 (default)");
        report.value = Some("1600".into());
        report.source = Source::File;
        assert_eq!(report.to_string(), "NetPort=1600 (DT.conf; default 1500)");
        let unset = SettingReport {
            name: "ActivationCode".into(),
            value: None,
            default: None,
            source: Source::Default,
        };
        assert_eq!(unset.to_string(), "ActivationCode= (not set)");
    }

    #[test]
    fn options_table_marks_changed_and_restart() {
        let mut unused = entry("Advertisement", "", "", Source::Default, false);
        unused.value = None;
        unused.default = None;
        unused.no_longer_used = true;
        let table = options_table(&[
            entry("NetPort", "1600", "1500", Source::File, true),
            entry("LogDir", "/var/log/DT", "/var/log/DT", Source::File, true),
            entry(
                "MaxLogFileSize",
                "5242880",
                "5242880",
                Source::Default,
                false,
            ),
            entry(
                "SkipCompressionFileExt",
                &"x".repeat(40),
                "",
                Source::Default,
                false,
            ),
            unused,
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "   NAME                    VALUE                             DEFAULT"
        );
        assert_eq!(
            lines[1],
            "*! NetPort                 1600                              1500"
        );
        assert_eq!(
            lines[2],
            " ! LogDir                  /var/log/DT                       /var/log/DT"
        );
        assert_eq!(
            lines[3],
            "   MaxLogFileSize          5242880                           5242880"
        );
        assert!(lines[4].contains(&format!("{}...", "x".repeat(29))));
        assert_eq!(
            lines[5],
            " - Advertisement           -                                 -"
        );
        assert!(lines[6].starts_with("* set in DT.conf"));
    }
}
