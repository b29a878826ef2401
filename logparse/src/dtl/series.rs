//! The rotated series `dtlog1.dtl … dtlog999.dtl` in one directory.

use std::ffi::OsStr;
use std::fs::{self, File, Metadata};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::diagnostic::DiagnosticReason;
use super::reader::{Item, LogReader};
use super::series_reader::SeriesReader;
use super::settings::{DEFAULT_BASE_NAME, EXTENSION, MAX_SERIES_NUMBER};

/// Read size for peeking at a file's first record: a few lines, as only the start is needed.
const PEEK_CHUNK_SIZE: usize = 1024;

/// Identity of a file that survives renames and tells a re-created name apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileId {
    /// Device number (`st_dev`).
    pub dev: u64,
    /// Inode number (`st_ino`).
    pub ino: u64,
}

impl FileId {
    /// The identity of the file `metadata` describes.
    pub fn of(metadata: &Metadata) -> FileId {
        FileId {
            dev: metadata.dev(),
            ino: metadata.ino(),
        }
    }
}

/// One file of the series, as found when the directory was listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    /// Series number, 1 to 999.
    pub number: u16,
    /// Full path.
    pub path: PathBuf,
    /// Sequence number of the file's first well-formed record; `None` if it has none.
    pub first_seq: Option<u64>,
    /// Device and inode.
    pub file_id: FileId,
    /// Size in bytes.
    pub len: u64,
    /// Last modification time.
    pub modified: SystemTime,
}

/// The files `<base_name><number>.dtl` (number 1–999, no leading zeros) in `dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSeries {
    /// The directory (`LogDir`).
    pub dir: PathBuf,
    /// The base name, matched case-sensitively.
    pub base_name: String,
}

impl LogSeries {
    /// The series `base_name*.dtl` in `dir`.
    pub fn new(dir: impl Into<PathBuf>, base_name: impl Into<String>) -> LogSeries {
        LogSeries {
            dir: dir.into(),
            base_name: base_name.into(),
        }
    }

    /// The series with the default base name `dtlog` in `dir`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> LogSeries {
        LogSeries::new(dir, DEFAULT_BASE_NAME)
    }

    /// The path of file `number`.
    pub fn path_of(&self, number: u16) -> PathBuf {
        self.dir
            .join(format!("{}{number}.{EXTENSION}", self.base_name))
    }

    /// The series number a file name stands for, if it belongs to this series.
    pub fn number_of(&self, file_name: &OsStr) -> Option<u16> {
        let digits = file_name
            .to_str()?
            .strip_prefix(self.base_name.as_str())?
            .strip_suffix(EXTENSION)?
            .strip_suffix('.')?;
        if digits.is_empty() || digits.len() > 3 || digits.starts_with('0') {
            return None;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number: u16 = digits.parse().ok()?;
        (1..=MAX_SERIES_NUMBER).contains(&number).then_some(number)
    }

    /// The regular files of the series, oldest first.
    ///
    /// Files are ordered by the sequence number of their first record, not by name, since
    /// numbering wraps from 999 to 1. A file without any well-formed record (empty, just
    /// created, or garbage) is placed by modification time: before the first file with
    /// records that was modified later than it, so an empty file just created by rotation
    /// comes last. Ties are broken by number.
    pub fn files(&self) -> io::Result<Vec<LogFile>> {
        let mut found = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(number) = self.number_of(&entry.file_name()) else {
                continue;
            };
            match self.inspect(number, entry.path()) {
                Ok(Some(file)) => found.push(file),
                Ok(None) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
        Ok(order(found))
    }

    /// The identities of the series' regular files, cheaply (no file is opened).
    pub(crate) fn file_ids(&self) -> io::Result<Vec<FileId>> {
        let mut ids = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            if self.number_of(&entry.file_name()).is_none() {
                continue;
            }
            match fs::metadata(entry.path()) {
                Ok(metadata) if metadata.is_file() => ids.push(FileId::of(&metadata)),
                Ok(_) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
        Ok(ids)
    }

    /// Reads the whole series, oldest file first.
    pub fn reader(&self) -> io::Result<SeriesReader> {
        Ok(SeriesReader::new(self.files()?))
    }

    /// The highest sequence number in the series: the last record of the newest file
    /// that has any.
    pub fn last_seq(&self) -> io::Result<Option<u64>> {
        for file in self.files()?.iter().rev() {
            match highest_seq(&file.path) {
                Ok(Some(seq)) => return Ok(Some(seq)),
                Ok(None) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
        Ok(None)
    }

    /// Describes file `number` at `path`; `None` if it is not a regular file.
    fn inspect(&self, number: u16, path: PathBuf) -> io::Result<Option<LogFile>> {
        // Metadata and first record come from the same open file, so they agree even if
        // the name is re-created meanwhile.
        let file = File::open(&path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Ok(None);
        }
        Ok(Some(LogFile {
            number,
            first_seq: first_seq(file, &path)?,
            file_id: FileId::of(&metadata),
            len: metadata.len(),
            modified: metadata.modified()?,
            path,
        }))
    }
}

/// Sequence number of the first well-formed record in `file`.
pub(crate) fn first_seq(file: File, path: &Path) -> io::Result<Option<u64>> {
    let mut reader = LogReader::new(file)
        .with_path(path)
        .with_chunk_size(PEEK_CHUNK_SIZE);
    while let Some(item) = reader.next_item() {
        match item {
            Item::Record(item) => return Ok(Some(item.record.seq)),
            Item::Diagnostic(diagnostic) => {
                if let DiagnosticReason::Io { kind, message } = diagnostic.reason {
                    return Err(io::Error::new(kind, message));
                }
            }
        }
    }
    Ok(None)
}

/// The highest sequence number of any well-formed record in the file at `path`.
pub(crate) fn highest_seq(path: &Path) -> io::Result<Option<u64>> {
    let mut reader = LogReader::open(path)?;
    let mut highest = None;
    while let Some(item) = reader.next_item() {
        match item {
            Item::Record(item) => highest = highest.max(Some(item.record.seq)),
            Item::Diagnostic(diagnostic) => {
                if let DiagnosticReason::Io { kind, message } = diagnostic.reason {
                    return Err(io::Error::new(kind, message));
                }
            }
        }
    }
    Ok(highest)
}

/// Orders files oldest first; see [`LogSeries::files`].
fn order(files: Vec<LogFile>) -> Vec<LogFile> {
    let (mut with_records, mut without): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|f| f.first_seq.is_some());
    with_records.sort_by_key(|f| (f.first_seq, f.number));
    without.sort_by_key(|f| (f.modified, f.number));
    let mut ordered = Vec::with_capacity(with_records.len() + without.len());
    let mut without = without.into_iter().peekable();
    for file in with_records {
        while let Some(earlier) = without.next_if(|w| w.modified < file.modified) {
            ordered.push(earlier);
        }
        ordered.push(file);
    }
    ordered.extend(without);
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn file(number: u16, first_seq: Option<u64>, modified_secs: u64) -> LogFile {
        LogFile {
            number,
            path: PathBuf::from(format!("dtlog{number}.dtl")),
            first_seq,
            file_id: FileId {
                dev: 1,
                ino: u64::from(number),
            },
            len: 0,
            modified: SystemTime::UNIX_EPOCH + Duration::from_secs(modified_secs),
        }
    }

    fn numbers(files: &[LogFile]) -> Vec<u16> {
        files.iter().map(|f| f.number).collect()
    }

    #[test]
    fn names_and_numbers() {
        let series = LogSeries::new("/logs", "dtlog");
        assert_eq!(series.path_of(7), PathBuf::from("/logs/dtlog7.dtl"));
        let number = |name: &str| series.number_of(OsStr::new(name));
        assert_eq!(number("dtlog1.dtl"), Some(1));
        assert_eq!(number("dtlog999.dtl"), Some(999));
        for bad in [
            "dtlog0.dtl",
            "dtlog1000.dtl",
            "dtlog01.dtl",
            "dtlog.dtl",
            "dtlog1.dtlx",
            "dtlog1dtl",
            "DTLog1.dtl",
            "dtlog+1.dtl",
            "dtlog1.log",
        ] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn orders_by_first_sequence_across_the_wrap() {
        let ordered = order(vec![
            file(1, Some(300), 3),
            file(999, Some(200), 2),
            file(2, Some(400), 4),
            file(998, Some(100), 1),
        ]);
        assert_eq!(numbers(&ordered), [998, 999, 1, 2]);
    }

    #[test]
    fn files_without_records_go_by_modification_time() {
        let ordered = order(vec![
            file(3, None, 10),
            file(5, None, 2),
            file(1, Some(1), 1),
            file(2, Some(50), 5),
            file(4, None, 5),
        ]);
        assert_eq!(numbers(&ordered), [1, 5, 2, 4, 3]);
    }
}
