//! Where and how statistics are logged to file: StatsFileName in LogDir, StatsMaxFileSize,
//! SaveStatFile and StatsWriteInterval (guide chapter 12).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// StatsFileName's default: `statistic.sts`, in LogDir.
pub const DEFAULT_STATS_FILE_NAME: &str = "statistic.sts";
/// StatsMaxFileSize's default, 10485760. The guide says the setting is in MB, but its
/// default is plainly a byte count (10 MiB), so dtsuite reads the setting as bytes.
pub const DEFAULT_STATS_MAX_FILE_SIZE: u64 = 10_485_760;
/// SaveStatFile's default: 1, keep the full file as `statistic-old.sts`.
pub const DEFAULT_SAVE_STAT_FILE: bool = true;
/// StatsWriteInterval's default: 5 minutes between records.
pub const DEFAULT_STATS_WRITE_INTERVAL_MINUTES: u16 = 5;

/// How the statistics file is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsFileConfig {
    /// The file written to: StatsFileName in LogDir (an absolute StatsFileName is used as is).
    pub path: PathBuf,
    /// StatsMaxFileSize in bytes: a record that would take the file past this size goes to a new file.
    pub max_file_size: u64,
    /// SaveStatFile: `true` keeps the full file as `<stem>-old.<ext>` (replacing an older
    /// one), `false` starts the file over.
    pub save_stat_file: bool,
}

impl StatsFileConfig {
    /// The file `stats_file_name` in `log_dir` with the given StatsMaxFileSize and SaveStatFile.
    pub fn new(
        log_dir: &Path,
        stats_file_name: &str,
        max_file_size: u64,
        save_stat_file: bool,
    ) -> StatsFileConfig {
        StatsFileConfig {
            path: log_dir.join(stats_file_name),
            max_file_size,
            save_stat_file,
        }
    }

    /// The guide's defaults (`statistic.sts`, 10485760 bytes, SaveStatFile 1) in `log_dir`.
    pub fn in_log_dir(log_dir: &Path) -> StatsFileConfig {
        StatsFileConfig::new(
            log_dir,
            DEFAULT_STATS_FILE_NAME,
            DEFAULT_STATS_MAX_FILE_SIZE,
            DEFAULT_SAVE_STAT_FILE,
        )
    }

    /// Where a full file is kept with SaveStatFile 1: `statistic.sts` → `statistic-old.sts`.
    pub fn old_path(&self) -> PathBuf {
        let stem = self.path.file_stem().unwrap_or_default();
        let mut name = OsString::from(stem);
        name.push("-old");
        if let Some(extension) = self.path.extension() {
            name.push(".");
            name.push(extension);
        }
        self.path.with_file_name(name)
    }

    /// Where a file that is not a statistics file is moved aside: `statistic.sts.bad`.
    pub fn bad_path(&self) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(".bad");
        PathBuf::from(name)
    }
}

/// StatsWriteInterval in minutes as a period between records. 0 gives [`Duration::ZERO`]:
/// no periodic records, only the one written when logging starts and the one when it stops.
pub fn stats_write_interval(minutes: u16) -> Duration {
    Duration::from_secs(u64::from(minutes) * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_bad_names_follow_the_file_name() {
        let config = StatsFileConfig::in_log_dir(Path::new("/var/log/DT"));
        assert_eq!(config.path, Path::new("/var/log/DT/statistic.sts"));
        assert_eq!(
            config.old_path(),
            Path::new("/var/log/DT/statistic-old.sts")
        );
        assert_eq!(
            config.bad_path(),
            Path::new("/var/log/DT/statistic.sts.bad")
        );
        let plain = StatsFileConfig::new(Path::new("/x"), "stats", 1, false);
        assert_eq!(plain.old_path(), Path::new("/x/stats-old"));
        let absolute = StatsFileConfig::new(Path::new("/x"), "/y/s.sts", 1, false);
        assert_eq!(absolute.path, Path::new("/y/s.sts"));
    }

    #[test]
    fn write_interval_is_in_minutes() {
        assert_eq!(stats_write_interval(5), Duration::from_secs(300));
        assert_eq!(stats_write_interval(0), Duration::ZERO);
        assert_eq!(
            stats_write_interval(u16::MAX),
            Duration::from_secs(65_535 * 60)
        );
    }
}
