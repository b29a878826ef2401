//! Journal file names: `<name>-<n>.dtq` in the journal directory, `n` counting up from 1.

use std::io;
use std::path::{Path, PathBuf};

use super::error::QueueError;

/// The extension of journal files.
const EXTENSION: &str = ".dtq";

/// A queue's name, checked to be usable in a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JournalName(String);

impl JournalName {
    /// `name` when it is non-empty and has no `/` or NUL.
    pub(super) fn new(name: &str) -> Result<JournalName, QueueError> {
        if name.is_empty() || name.contains(['/', '\0']) {
            return Err(QueueError::InvalidName(name.to_owned()));
        }
        Ok(JournalName(name.to_owned()))
    }

    /// The path of journal file `index` in `dir`.
    pub(super) fn file(&self, dir: &Path, index: u64) -> PathBuf {
        dir.join(format!("{}-{index}{EXTENSION}", self.0))
    }

    /// Whether `file_name` is one of this queue's journal files (`<name>-<digits>.dtq`;
    /// the queue `a` does not claim `a-b-1.dtq`).
    pub(super) fn owns(&self, file_name: &[u8]) -> bool {
        let digits = file_name
            .strip_prefix(self.0.as_bytes())
            .and_then(|rest| rest.strip_prefix(b"-"))
            .and_then(|rest| rest.strip_suffix(EXTENSION.as_bytes()));
        matches!(digits, Some(d) if !d.is_empty() && d.iter().all(u8::is_ascii_digit))
    }

    /// Removes every journal file of this name in `dir` (left by an earlier run); a
    /// missing directory (or a path through a file) has none.
    pub(super) fn remove_stale(&self, dir: &Path) -> Result<(), QueueError> {
        use std::os::unix::ffi::OsStrExt;
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(())
            }
            Err(err) => return Err(QueueError::io(dir)(err)),
        };
        for entry in entries {
            let entry = entry.map_err(QueueError::io(dir))?;
            if self.owns(entry.file_name().as_bytes()) {
                let path = entry.path();
                remove_file(&path)?;
            }
        }
        Ok(())
    }
}

/// Removes `path`; one already gone is fine.
pub(super) fn remove_file(path: &Path) -> Result<(), QueueError> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(QueueError::io(path)(err)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_fit_in_a_file_name() {
        assert!(JournalName::new("conn-7").is_ok());
        for bad in ["", "a/b", "a\0"] {
            assert!(matches!(
                JournalName::new(bad),
                Err(QueueError::InvalidName(n)) if n == bad
            ));
        }
    }

    #[test]
    fn a_queue_owns_only_its_numbered_files() {
        let name = JournalName::new("a").unwrap();
        assert_eq!(name.file(Path::new("/q"), 12), Path::new("/q/a-12.dtq"));
        assert!(name.owns(b"a-1.dtq"));
        assert!(name.owns(b"a-0042.dtq"));
        for other in [
            &b"a-.dtq"[..],
            b"a-b-1.dtq",
            b"ab-1.dtq",
            b"a-1.dtq.tmp",
            b"a-1x.dtq",
            b"b-1.dtq",
        ] {
            assert!(!name.owns(other), "{}", String::from_utf8_lossy(other));
        }
    }
}
