//! The engine log's settings (guide chapter 12, Linux) and what the appender is given.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::level::Level;

/// `LogDir` on a Linux server or appliance: where the `.dtl` files live (guide chapter 2).
pub const DEFAULT_LOG_DIR: &str = "/var/log/DT";

/// The files' base name, `dtlog` as in `dtlog1.dtl` (guide chapter 2; the `LogFile`
/// setting lists `DTLog`, the file names in chapter 2 are lower case).
pub const DEFAULT_BASE_NAME: &str = "dtlog";

/// The files' extension, without the dot.
pub const EXTENSION: &str = "dtl";

/// `MaxLogFileSize`: bytes after which logging moves to the next file (5 MB).
pub const DEFAULT_MAX_LOG_FILE_SIZE: u64 = 5_242_880;

/// `MaxNumberofLogFiles`: files kept before the oldest is deleted (range 1–999).
pub const DEFAULT_MAX_NUMBER_OF_LOG_FILES: u16 = 20;

/// `LogMessageLevel` default, `2`: alert and release messages are logged.
pub const DEFAULT_LOG_MESSAGE_LEVEL: LogMessageLevel = LogMessageLevel::AlertsAndRelease;

/// The highest series number: after `dtlog999.dtl` numbering wraps to `dtlog1.dtl`.
pub const MAX_SERIES_NUMBER: u16 = 999;

/// `LogMessageLevel`: which messages are written to the `.dtl` files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum LogMessageLevel {
    /// `0`: no messages are logged.
    NoMessages = 0,
    /// `1`: only alert messages.
    Alerts = 1,
    /// `2`: alert and release messages.
    AlertsAndRelease = 2,
    /// `3`: alert, release and debug messages.
    AlertsReleaseAndDebug = 3,
}

impl LogMessageLevel {
    /// The setting's number, 0 to 3.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }

    /// The level for a setting value, if it is 0 to 3.
    pub const fn from_u8(value: u8) -> Option<LogMessageLevel> {
        match value {
            0 => Some(LogMessageLevel::NoMessages),
            1 => Some(LogMessageLevel::Alerts),
            2 => Some(LogMessageLevel::AlertsAndRelease),
            3 => Some(LogMessageLevel::AlertsReleaseAndDebug),
            _ => None,
        }
    }

    /// Whether a message of `severity` is written at this level.
    pub const fn logs(self, severity: Severity) -> bool {
        self.as_u8() >= severity.minimum_level().as_u8()
    }
}

/// How the engine classifies a message it logs; decides [`LogMessageLevel`] filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// A warning or error: written as TYPE `1`.
    Alert,
    /// An ordinary informational message: TYPE `2`.
    Release,
    /// A debugging message: TYPE `2`, written only at level 3.
    Debug,
}

impl Severity {
    /// The TYPE column written for this severity.
    pub const fn level(self) -> Level {
        match self {
            Severity::Alert => Level::Alert,
            Severity::Release | Severity::Debug => Level::Info,
        }
    }

    /// The lowest `LogMessageLevel` that writes this severity.
    pub const fn minimum_level(self) -> LogMessageLevel {
        match self {
            Severity::Alert => LogMessageLevel::Alerts,
            Severity::Release => LogMessageLevel::AlertsAndRelease,
            Severity::Debug => LogMessageLevel::AlertsReleaseAndDebug,
        }
    }
}

/// What the [`Appender`](super::Appender) needs: the guide's logging settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppenderConfig {
    /// `LogDir`: the directory of the series.
    pub dir: PathBuf,
    /// The base name before the series number.
    pub base_name: String,
    /// `MaxLogFileSize` in bytes.
    pub max_file_size: u64,
    /// `MaxNumberofLogFiles`, 1 to 999.
    pub max_files: u16,
    /// `LogMessageLevel`.
    pub message_level: LogMessageLevel,
}

impl Default for AppenderConfig {
    /// The guide's Linux defaults.
    fn default() -> Self {
        AppenderConfig {
            dir: PathBuf::from(DEFAULT_LOG_DIR),
            base_name: DEFAULT_BASE_NAME.to_owned(),
            max_file_size: DEFAULT_MAX_LOG_FILE_SIZE,
            max_files: DEFAULT_MAX_NUMBER_OF_LOG_FILES,
            message_level: DEFAULT_LOG_MESSAGE_LEVEL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_levels_filter_as_the_guide_says() {
        use LogMessageLevel::*;
        use Severity::*;
        let table = [
            (NoMessages, [false, false, false]),
            (Alerts, [true, false, false]),
            (AlertsAndRelease, [true, true, false]),
            (AlertsReleaseAndDebug, [true, true, true]),
        ];
        for (level, expected) in table {
            assert_eq!(
                [Alert, Release, Debug].map(|s| level.logs(s)),
                expected,
                "{level:?}"
            );
            assert_eq!(LogMessageLevel::from_u8(level.as_u8()), Some(level));
        }
        assert_eq!(LogMessageLevel::from_u8(4), None);
    }

    #[test]
    fn severities_map_to_types() {
        assert_eq!(Severity::Alert.level(), Level::Alert);
        assert_eq!(Severity::Release.level(), Level::Info);
        assert_eq!(Severity::Debug.level(), Level::Info);
    }

    #[test]
    fn defaults_are_the_guides() {
        let config = AppenderConfig::default();
        assert_eq!(config.dir, PathBuf::from("/var/log/DT"));
        assert_eq!(config.base_name, "dtlog");
        assert_eq!(config.max_file_size, 5_242_880);
        assert_eq!(config.max_files, 20);
        assert_eq!(config.message_level.as_u8(), 2);
    }
}
