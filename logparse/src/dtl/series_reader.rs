//! Reading a whole series, oldest file first, as one stream of items.

use std::fs::File;
use std::io;
use std::path::PathBuf;

use super::diagnostic::{Diagnostic, DiagnosticReason};
use super::reader::{Item, LogReader};
use super::record::Record;
use super::series::LogFile;

/// Reads the files of a [`LogSeries`](super::LogSeries) in order, as listed when it was
/// created.
///
/// A file that has disappeared since is skipped; one that cannot be opened is reported.
/// A file other than the newest that ends in the middle of a line gets a
/// [`DiagnosticReason::TornLine`]; the newest one may still be being written, so its torn
/// last line is left out silently.
#[derive(Debug)]
pub struct SeriesReader {
    /// Files still to read, with the file itself when it was opened as it was listed.
    files: std::vec::IntoIter<(PathBuf, Option<File>)>,
    current: Option<LogReader<File>>,
    current_is_newest: bool,
}

impl SeriesReader {
    /// Reads `files` in the order given.
    pub fn new(files: Vec<LogFile>) -> SeriesReader {
        SeriesReader::with_files(files.into_iter().map(|file| (file.path, None)).collect())
    }

    /// Reads files already opened, in the order given; `path` names each in diagnostics.
    pub(crate) fn of_open(files: Vec<(PathBuf, File)>) -> SeriesReader {
        SeriesReader::with_files(
            files
                .into_iter()
                .map(|(path, file)| (path, Some(file)))
                .collect(),
        )
    }

    fn with_files(files: Vec<(PathBuf, Option<File>)>) -> SeriesReader {
        SeriesReader {
            files: files.into_iter(),
            current: None,
            current_is_newest: false,
        }
    }

    /// The next record or diagnostic of the series, or `None` after the newest file.
    pub fn next_item(&mut self) -> Option<Item<'_>> {
        loop {
            let reader = match self.current.as_mut() {
                Some(reader) => reader,
                None => {
                    let (path, opened) = self.files.next()?;
                    self.current_is_newest = self.files.len() == 0;
                    let reader = match opened {
                        Some(file) => Ok(LogReader::new(file).with_path(&path)),
                        None => LogReader::open(&path),
                    };
                    match reader {
                        Ok(reader) => self.current.insert(reader),
                        Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
                        Err(err) => {
                            return Some(Item::Diagnostic(Diagnostic {
                                path: Some(path),
                                line_no: 0,
                                offset: 0,
                                reason: DiagnosticReason::io(&err),
                            }))
                        }
                    }
                }
            };
            match reader.advance() {
                Some(Ok(bounds)) => return self.current.as_ref().map(|r| r.item(bounds)),
                Some(Err(diagnostic)) => return Some(Item::Diagnostic(diagnostic)),
                None => {
                    let torn = (reader.pending_bytes() > 0 && !self.current_is_newest).then(|| {
                        Diagnostic {
                            path: reader.path().map(Into::into),
                            line_no: reader.line_no() + 1,
                            offset: reader.offset(),
                            reason: DiagnosticReason::TornLine {
                                len: reader.pending_bytes(),
                            },
                        }
                    });
                    self.current = None;
                    if let Some(diagnostic) = torn {
                        return Some(Item::Diagnostic(diagnostic));
                    }
                }
            }
        }
    }

    /// Owned records (`Ok`) and diagnostics (`Err`) of the whole series.
    pub fn records(self) -> SeriesRecords {
        SeriesRecords { reader: self }
    }
}

/// Iterator of owned records and diagnostics over a [`SeriesReader`].
#[derive(Debug)]
pub struct SeriesRecords {
    reader: SeriesReader,
}

impl Iterator for SeriesRecords {
    type Item = Result<Record, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.reader.next_item()? {
            Item::Record(item) => Ok(item.record.to_record()),
            Item::Diagnostic(diagnostic) => Err(diagnostic),
        })
    }
}
