//! The statistics file itself: a `.sts` header, then one record per snapshot, each written
//! whole and synced so a crash costs at most the record being written.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use logparse::sts::{self, EncodeError, HeaderError, Snapshot, HEADER_LEN};

use super::file_config::StatsFileConfig;

/// A failure to keep the statistics file.
#[derive(Debug, thiserror::Error)]
pub enum StatsFileError {
    /// A file operation failed.
    #[error("statistics file {path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
    /// The snapshot is too large for one record.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The blocking task doing the file work did not finish (the runtime is shutting down).
    #[error("statistics file task did not finish: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// How the file was found when it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatsFileOpened {
    /// There was no file, or an empty one: a new file was started.
    Created,
    /// A valid statistics file was there: records are appended to it.
    Appended,
    /// The file was not a statistics file: it was renamed to `bad_path` and a new one started.
    RenamedAside {
        /// Where the old file now is.
        bad_path: PathBuf,
        /// Why it was not accepted.
        reason: HeaderError,
    },
}

/// The open statistics file.
#[derive(Debug)]
pub struct StatsFile {
    config: StatsFileConfig,
    file: File,
    /// Bytes in the file: its header and the records written so far.
    len: u64,
    /// The encoding buffer, reused for every record.
    record: Vec<u8>,
}

impl StatsFile {
    /// Opens the file `config` names, appending to it if it is a valid statistics file.
    pub fn open(config: StatsFileConfig) -> Result<(StatsFile, StatsFileOpened), StatsFileError> {
        let path = config.path.clone();
        let io_err = |source| StatsFileError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(&io_err)?;
        }
        let mut head = Vec::with_capacity(HEADER_LEN);
        match File::open(&path) {
            Ok(file) => {
                file.take(HEADER_LEN as u64)
                    .read_to_end(&mut head)
                    .map_err(&io_err)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(e)),
        }
        let opened = if head.is_empty() {
            StatsFileOpened::Created
        } else {
            match sts::records(&head) {
                Ok(_) => StatsFileOpened::Appended,
                Err(reason) => {
                    let bad_path = config.bad_path();
                    fs::rename(&path, &bad_path).map_err(&io_err)?;
                    StatsFileOpened::RenamedAside { bad_path, reason }
                }
            }
        };
        let stats_file = if opened == StatsFileOpened::Appended {
            let file = OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(&io_err)?;
            let len = file.metadata().map_err(&io_err)?.len();
            StatsFile {
                config,
                file,
                len,
                record: Vec::new(),
            }
        } else {
            StatsFile {
                file: start_file(&path).map_err(&io_err)?,
                config,
                len: HEADER_LEN as u64,
                record: Vec::new(),
            }
        };
        Ok((stats_file, opened))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.config.path
    }

    /// Bytes in the file now.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file holds nothing but its header.
    pub fn is_empty(&self) -> bool {
        self.len <= HEADER_LEN as u64
    }

    /// Appends `snapshot` as one record and syncs it. When the record would take a file
    /// that holds records past StatsMaxFileSize, the file is first kept as the old file
    /// (SaveStatFile 1) or started over (SaveStatFile 0).
    pub fn append(&mut self, snapshot: &Snapshot) -> Result<(), StatsFileError> {
        self.record.clear();
        sts::encode_record(snapshot, &mut self.record)?;
        let record_len = self.record.len() as u64;
        if !self.is_empty() && self.len.saturating_add(record_len) > self.config.max_file_size {
            self.rotate()?;
        }
        let written = self
            .file
            .write_all(&self.record)
            .and_then(|()| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += record_len;
                Ok(())
            }
            Err(source) => {
                // Part of the record may be on disk; the next record follows it and
                // readers skip the torn one.
                if let Ok(meta) = self.file.metadata() {
                    self.len = meta.len();
                }
                Err(self.io_error(source))
            }
        }
    }

    /// Makes room for new records: keeps the full file as the old one or starts it over.
    fn rotate(&mut self) -> Result<(), StatsFileError> {
        let path = self.config.path.clone();
        if self.config.save_stat_file {
            fs::rename(&path, self.config.old_path()).map_err(|e| self.io_error(e))?;
        }
        self.file = start_file(&path).map_err(|e| self.io_error(e))?;
        self.len = HEADER_LEN as u64;
        Ok(())
    }

    fn io_error(&self, source: io::Error) -> StatsFileError {
        StatsFileError::Io {
            path: self.config.path.clone(),
            source,
        }
    }
}

/// Creates (or truncates) `path`, writes the header and makes both durable.
fn start_file(path: &Path) -> io::Result<File> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    sts::encode_header(&mut header);
    file.write_all(&header)?;
    file.sync_all()?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_larger_than_the_limit_still_gets_a_file_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let config = StatsFileConfig::new(dir.path(), "s.sts", 1, false);
        let (mut file, opened) = StatsFile::open(config).unwrap();
        assert_eq!(opened, StatsFileOpened::Created);
        assert!(file.is_empty());
        file.append(&Snapshot::default()).unwrap();
        file.append(&Snapshot::default()).unwrap();
        let data = fs::read(file.path()).unwrap();
        assert_eq!(data.len() as u64, file.len());
        let decoded = sts::decode_all(&data).unwrap();
        assert_eq!(decoded.snapshots.len(), 1);
        assert!(decoded.problems.is_empty());
    }

    #[test]
    fn a_truncated_header_is_renamed_aside() {
        let dir = tempfile::tempdir().unwrap();
        let config = StatsFileConfig::in_log_dir(dir.path());
        let mut header = Vec::new();
        sts::encode_header(&mut header);
        fs::write(&config.path, &header[..5]).unwrap();
        let (_, opened) = StatsFile::open(config.clone()).unwrap();
        assert_eq!(
            opened,
            StatsFileOpened::RenamedAside {
                bad_path: config.bad_path(),
                reason: HeaderError::Truncated { len: 5 }
            }
        );
        assert_eq!(fs::read(config.bad_path()).unwrap(), &header[..5]);
        assert_eq!(fs::read(&config.path).unwrap(), header);
    }
}
