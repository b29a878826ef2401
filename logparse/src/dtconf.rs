//! The `DT.conf` settings file (guide chapter 12): `Name=Value` lines and `#` comments.
//!
//! This is the file format only: it keeps every line, comment and blank as written so
//! that a setting can be changed without disturbing the rest of the file. What each
//! setting means, its range and its default belong to the engine.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Where the guide puts DT.conf on Linux.
pub const DEFAULT_PATH: &str = "/etc/DT/DT.conf";
/// Environment variable naming another DT.conf.
pub const PATH_ENV: &str = "DT_CONF";

/// One line of DT.conf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A `Name=Value` setting (name and value trimmed of surrounding blanks).
    Setting {
        /// The setting's name as written.
        name: String,
        /// The value as written, possibly empty.
        value: String,
    },
    /// A comment, a blank line, or a line that is not `Name=Value`, kept verbatim.
    Other(String),
}

/// A line of DT.conf that is neither blank, a comment, nor `Name=Value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based line number.
    pub line_no: usize,
    /// The line as written.
    pub text: String,
}

/// A whole DT.conf, line by line, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DtConf {
    lines: Vec<Line>,
}

impl DtConf {
    /// Reads DT.conf text; never fails, malformed lines are kept and listed by [`DtConf::malformed`].
    pub fn parse(text: &str) -> DtConf {
        let lines = text
            .lines()
            .map(|raw| {
                let trimmed = raw.trim();
                match trimmed.split_once('=') {
                    Some((name, value)) if !trimmed.starts_with('#') && is_name(name.trim()) => {
                        Line::Setting {
                            name: name.trim().to_string(),
                            value: value.trim().to_string(),
                        }
                    }
                    _ => Line::Other(raw.to_string()),
                }
            })
            .collect();
        DtConf { lines }
    }

    /// Reads DT.conf from `path`; a missing file is an empty configuration.
    pub fn load(path: &Path) -> io::Result<DtConf> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(DtConf::parse(&String::from_utf8_lossy(&bytes))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(DtConf::default()),
            Err(e) => Err(e),
        }
    }

    /// The DT.conf to use: `DT_CONF` when set, otherwise the guide's default path.
    pub fn default_path() -> PathBuf {
        std::env::var_os(PATH_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_PATH))
    }

    /// The value of setting `name` (names compare case-insensitively; the last one wins).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.settings()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .last()
            .map(|(_, v)| v)
    }

    /// Sets `name` to `value` in place, or appends it when the file does not have it.
    pub fn set(&mut self, name: &str, value: &str) {
        let existing = self.lines.iter_mut().rev().find_map(|line| match line {
            Line::Setting { name: n, value: v } if n.eq_ignore_ascii_case(name) => Some(v),
            _ => None,
        });
        match existing {
            Some(v) => *v = value.to_string(),
            None => self.lines.push(Line::Setting {
                name: name.to_string(),
                value: value.to_string(),
            }),
        }
    }

    /// Every `Name=Value` setting in file order.
    pub fn settings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lines.iter().filter_map(|line| match line {
            Line::Setting { name, value } => Some((name.as_str(), value.as_str())),
            Line::Other(_) => None,
        })
    }

    /// Lines that are neither blank, a comment, nor `Name=Value`.
    pub fn malformed(&self) -> Vec<Malformed> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| match line {
                Line::Other(text) if !text.trim().is_empty() && !text.trim().starts_with('#') => {
                    Some(Malformed {
                        line_no: i + 1,
                        text: text.clone(),
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// All lines in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }
}

impl fmt::Display for DtConf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            match line {
                Line::Setting { name, value } => writeln!(f, "{name}={value}")?,
                Line::Other(text) => writeln!(f, "{text}")?,
            }
        }
        Ok(())
    }
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# engine settings\nLogDir = /srv/dt/log\n\nMaxLogFileSize=1048576\nnot a setting\nlogdir=/var/tmp/dt\n";

    #[test]
    fn reads_settings_comments_and_malformed_lines() {
        let conf = DtConf::parse(SAMPLE);
        assert_eq!(conf.get("LOGDIR"), Some("/var/tmp/dt"), "last one wins");
        assert_eq!(conf.get("MaxLogFileSize"), Some("1048576"));
        assert_eq!(conf.get("StatsPort"), None);
        assert_eq!(
            conf.malformed(),
            vec![Malformed {
                line_no: 5,
                text: "not a setting".into()
            }]
        );
    }

    #[test]
    fn set_keeps_comments_and_order() {
        let mut conf = DtConf::parse(SAMPLE);
        conf.set("MaxLogFileSize", "2097152");
        conf.set("StatsPort", "1507");
        assert_eq!(
            conf.to_string(),
            "# engine settings\nLogDir=/srv/dt/log\n\nMaxLogFileSize=2097152\nnot a setting\nlogdir=/var/tmp/dt\nStatsPort=1507\n"
        );
        assert_eq!(DtConf::parse(&conf.to_string()), conf);
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let conf = DtConf::load(&dir.path().join("DT.conf")).unwrap();
        assert_eq!(conf.settings().count(), 0);
    }
}
