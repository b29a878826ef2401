//! The sub-agent's settings file (default `/etc/DT/dtsubagent.conf`): `key = value`
//! lines for the same settings as the command line flags, which win over it.
//!
//! Keys: `master` (`unix:PATH` or `tcp:HOST:PORT`), `stats` (`HOST:PORT` of the
//! engine's stats port), `log_dir` (the engine's LogDir, followed for traps),
//! `state_dir` (where the trap cursor is kept), `listen` (`udp:HOST:PORT`: standalone
//! SNMPv2c instead of AgentX), `community` and `trap_sink` (`HOST:PORT`, standalone
//! traps), `log_file` (the sub-agent's own log). Blank lines and lines starting with `#` are ignored.

use std::io;
use std::path::{Path, PathBuf};

use crate::session::{Master, MasterParseError};

/// The default master address, Net-SNMP's.
pub const DEFAULT_MASTER: &str = "unix:/var/agentx/master";
/// The default stats port address, the engine's.
pub const DEFAULT_STATS: &str = "127.0.0.1:1506";
/// The default directory of the trap cursor.
pub const DEFAULT_STATE_DIR: &str = "/var/lib/dtsubagent";
/// The default standalone community.
pub const DEFAULT_COMMUNITY: &str = "public";
/// The default settings file.
pub const DEFAULT_CONFIG_FILE: &str = "/etc/DT/dtsubagent.conf";
/// The default file of the sub-agent's own log: beside the engine's logs, in the
/// engine's default LogDir.
pub const DEFAULT_LOG_FILE: &str = "/var/log/DT/dtsubagent.log";

/// Settings read from a file; a missing key is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    /// `master = …`.
    pub master: Option<Master>,
    /// `stats = …`.
    pub stats: Option<String>,
    /// `log_dir = …`.
    pub log_dir: Option<PathBuf>,
    /// `state_dir = …`.
    pub state_dir: Option<PathBuf>,
    /// `listen = …`.
    pub listen: Option<String>,
    /// `community = …`.
    pub community: Option<String>,
    /// `trap_sink = …`.
    pub trap_sink: Option<String>,
    /// `log_file = …`.
    pub log_file: Option<PathBuf>,
}

/// A settings file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// A line is not `key = value`.
    #[error("line {line}: expected `key = value`")]
    Syntax {
        /// 1-based line number.
        line: usize,
    },
    /// A key this program does not know.
    #[error("line {line}: unknown key {key:?}")]
    UnknownKey {
        /// 1-based line number.
        line: usize,
        /// The key.
        key: String,
    },
    /// A bad master address.
    #[error("line {line}: {source}")]
    Master {
        /// 1-based line number.
        line: usize,
        /// Why.
        source: MasterParseError,
    },
}

impl FileSettings {
    /// Parses the text of a settings file.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut settings = Self::default();
        for (number, raw) in text.lines().enumerate() {
            let line = number + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (key, value) = trimmed
                .split_once('=')
                .ok_or(ConfigError::Syntax { line })?;
            let (key, value) = (key.trim(), value.trim());
            if value.is_empty() {
                return Err(ConfigError::Syntax { line });
            }
            match key.to_ascii_lowercase().as_str() {
                "master" => {
                    let master = value
                        .parse()
                        .map_err(|source| ConfigError::Master { line, source })?;
                    settings.master = Some(master);
                }
                "stats" => settings.stats = Some(value.to_owned()),
                "log_dir" => settings.log_dir = Some(PathBuf::from(value)),
                "state_dir" => settings.state_dir = Some(PathBuf::from(value)),
                "listen" => settings.listen = Some(value.to_owned()),
                "community" => settings.community = Some(value.to_owned()),
                "trap_sink" => settings.trap_sink = Some(value.to_owned()),
                "log_file" => settings.log_file = Some(PathBuf::from(value)),
                _ => {
                    return Err(ConfigError::UnknownKey {
                        line,
                        key: key.to_owned(),
                    })
                }
            }
        }
        Ok(settings)
    }

    /// Reads `path`; a missing file gives empty settings when `optional`.
    pub fn load(path: &Path, optional: bool) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text),
            Err(e) if optional && e.kind() == io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_comments_and_spacing() {
        let text = "# dtsubagent\n\n  master = tcp:127.0.0.1:705 \nSTATS=10.0.0.1:1506\n";
        let settings = FileSettings::parse(text).unwrap();
        assert_eq!(settings.master, Some(Master::Tcp("127.0.0.1:705".into())));
        assert_eq!(settings.stats.as_deref(), Some("10.0.0.1:1506"));
    }

    #[test]
    fn parses_the_trap_and_standalone_keys() {
        let text = "log_dir = /var/log/dt\nstate_dir=/tmp/s\nlisten = udp:127.0.0.1:1161\n\
                    community = secret\ntrap_sink = 127.0.0.1:162\nlog_file = /tmp/a.log\n";
        let settings = FileSettings::parse(text).unwrap();
        assert_eq!(settings.log_dir, Some(PathBuf::from("/var/log/dt")));
        assert_eq!(settings.state_dir, Some(PathBuf::from("/tmp/s")));
        assert_eq!(settings.listen.as_deref(), Some("udp:127.0.0.1:1161"));
        assert_eq!(settings.community.as_deref(), Some("secret"));
        assert_eq!(settings.trap_sink.as_deref(), Some("127.0.0.1:162"));
        assert_eq!(settings.log_file, Some(PathBuf::from("/tmp/a.log")));
    }

    #[test]
    fn rejects_bad_lines_with_their_number() {
        assert!(matches!(
            FileSettings::parse("master = unix:/x\nnonsense\n"),
            Err(ConfigError::Syntax { line: 2 })
        ));
        assert!(matches!(
            FileSettings::parse("port = 1\n"),
            Err(ConfigError::UnknownKey { line: 1, .. })
        ));
        assert!(matches!(
            FileSettings::parse("master = udp:1.2.3.4:5\n"),
            Err(ConfigError::Master { line: 1, .. })
        ));
    }

    #[test]
    fn a_missing_default_file_is_empty_but_a_named_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.conf");
        assert_eq!(
            FileSettings::load(&missing, true).unwrap(),
            FileSettings::default()
        );
        assert!(matches!(
            FileSettings::load(&missing, false),
            Err(ConfigError::Read { .. })
        ));
    }
}
