//! The follower's cursor, persisted in a state directory with an atomic replace.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use logparse::dtl::Cursor;

use super::error::TrapError;

/// The cursor's file name inside the state directory.
pub const CURSOR_FILE_NAME: &str = "traps.cursor.json";

/// Loads and saves a [`Cursor`] as JSON in `<state dir>/traps.cursor.json`.
#[derive(Debug, Clone)]
pub struct CursorStore {
    path: PathBuf,
}

impl CursorStore {
    /// A store in `state_dir` (created on the first save).
    pub fn new(state_dir: &Path) -> Self {
        CursorStore {
            path: state_dir.join(CURSOR_FILE_NAME),
        }
    }

    /// The cursor file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved cursor, or `None` when none was saved yet.
    pub fn load(&self) -> Result<Option<Cursor>, TrapError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(self.io_error(source)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| TrapError::CursorFormat {
                path: self.path.clone(),
                source,
            })
    }

    /// Saves `cursor`: written to a temporary file, synced, then renamed over the old
    /// one, so a crash leaves either the old cursor or the new one.
    pub fn save(&self, cursor: &Cursor) -> Result<(), TrapError> {
        self.write(cursor).map_err(|source| self.io_error(source))
    }

    fn write(&self, cursor: &Cursor) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec(cursor).map_err(io::Error::other)?;
        let temp = self.path.with_extension("json.tmp");
        let mut file = File::create(&temp)?;
        file.write_all(&json)?;
        file.sync_all()?;
        fs::rename(&temp, &self.path)
    }

    fn io_error(&self, source: io::Error) -> TrapError {
        TrapError::CursorIo {
            path: self.path.clone(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::dtl::{FileId, FilePosition};

    #[test]
    fn saves_and_loads_a_cursor() {
        let dir = tempfile::tempdir().unwrap();
        let store = CursorStore::new(&dir.path().join("state"));
        assert!(store.load().unwrap().is_none());
        let cursor = Cursor {
            file: Some(FilePosition {
                file_number: 3,
                file_id: FileId { dev: 1, ino: 2 },
                offset: 99,
                line_no: 4,
            }),
            last_seq: 17,
        };
        store.save(&cursor).unwrap();
        assert_eq!(store.load().unwrap(), Some(cursor));
        store.save(&Cursor::default()).unwrap();
        assert_eq!(store.load().unwrap(), Some(Cursor::default()));
    }

    #[test]
    fn a_damaged_cursor_file_is_a_format_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = CursorStore::new(dir.path());
        fs::write(store.path(), b"{not json").unwrap();
        assert!(matches!(store.load(), Err(TrapError::CursorFormat { .. })));
    }
}
