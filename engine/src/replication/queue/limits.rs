//! [`QueueLimits`]: how much of the queue stays in memory and how much may go to disk
//! (QMemoryBufferMax, MemoryQueueToDiskThreshold, QJournalDir, QJournalFileSize,
//! QJournalSpaceMax).

use std::path::{Path, PathBuf};

use crate::settings::{SettingsStore, Source};

/// Bytes in the settings' megabyte.
const MB: u64 = 1024 * 1024;

/// The bounds of one [`OpQueue`](super::OpQueue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLimits {
    /// Operations beyond this many bytes in memory go to the journal files.
    pub memory_bytes: u64,
    /// Where the journal files are.
    pub journal_dir: PathBuf,
    /// A journal file is closed and the next one started once it would grow past this
    /// (a file holds at least one operation).
    pub journal_file_bytes: u64,
    /// The most bytes the journal files may take; `None` for unlimited, `Some(0)` keeps
    /// the queue in memory only.
    pub disk_bytes: Option<u64>,
}

impl QueueLimits {
    /// The limits DT.conf sets: memory is MemoryQueueToDiskThreshold percent of
    /// QMemoryBufferMax MB; the journal is in QJournalDir (`install_dir` when DT.conf
    /// does not set it), in files of QJournalFileSize MB, taking at most
    /// QJournalSpaceMax MB (`Unlimited` for none).
    pub fn from_settings(store: &SettingsStore, install_dir: &Path) -> QueueLimits {
        let buffer = store.u64("QMemoryBufferMax").saturating_mul(MB);
        let threshold = store.u64("MemoryQueueToDiskThreshold").min(100);
        let journal_dir = match store.source("QJournalDir") {
            Some(Source::File) => store.path("QJournalDir"),
            _ => install_dir.to_path_buf(),
        };
        let disk_bytes = match store.u64("QJournalSpaceMax") {
            u64::MAX => None,
            mb => Some(mb.saturating_mul(MB)),
        };
        QueueLimits {
            memory_bytes: buffer.saturating_mul(threshold) / 100,
            journal_dir,
            journal_file_bytes: store.u64("QJournalFileSize").saturating_mul(MB),
            disk_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits_of(conf: &str) -> (tempfile::TempDir, QueueLimits) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("DT.conf");
        std::fs::write(&path, conf).unwrap();
        let (store, warnings) = SettingsStore::load(&path).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let limits = QueueLimits::from_settings(&store, Path::new("/opt/dt"));
        (dir, limits)
    }

    #[test]
    fn the_guide_defaults() {
        let (_dir, limits) = limits_of("");
        assert_eq!(
            limits,
            QueueLimits {
                memory_bytes: 256 * MB,
                journal_dir: PathBuf::from("/opt/dt"),
                journal_file_bytes: 5 * MB,
                disk_bytes: None,
            }
        );
    }

    #[test]
    fn dt_conf_values() {
        let (dir, limits) = limits_of(
            "QMemoryBufferMax=64\nMemoryQueueToDiskThreshold=50\nQJournalDir=q\n\
             QJournalFileSize=1\nQJournalSpaceMax=10\n",
        );
        assert_eq!(
            limits,
            QueueLimits {
                memory_bytes: 32 * MB,
                journal_dir: dir.path().join("q"),
                journal_file_bytes: MB,
                disk_bytes: Some(10 * MB),
            }
        );
        let (_dir, limits) = limits_of("QJournalSpaceMax=0\n");
        assert_eq!(limits.disk_bytes, Some(0));
    }
}
