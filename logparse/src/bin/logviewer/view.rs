//! Printing a log file or a whole series through the filter, then following it.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use logparse::dtl::{
    parse_line, peek_level_and_id, Cursor, DirWakeup, FileId, FilePosition, FollowItem, Follower,
    LogReader, LogSeries,
};

use crate::columns::Columns;
use crate::filter::Filter;
use crate::read_ahead::ReadAhead;

/// Longest wait between two checks of a followed log (inotify wakes it sooner).
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Prints the messages the filter accepts, in the columns asked for.
pub struct View<W: Write> {
    /// Which messages are shown.
    pub filter: Filter,
    /// Which columns are shown.
    pub columns: Columns,
    /// Where shown messages go.
    pub out: W,
    /// Lines that could not be read, reported on stderr as they are met.
    pub bad_lines: u64,
    /// The highest sequence number shown.
    pub last_seq: u64,
}

impl<W: Write> View<W> {
    /// Prints every complete line `reader` has now.
    fn print_available<R: Read>(&mut self, reader: &mut LogReader<R>) -> io::Result<()> {
        let place = reader
            .path()
            .map_or_else(String::new, |p| p.display().to_string());
        while let Some(next) = reader.next_line() {
            let line = match next {
                Ok(line) => line,
                Err(diagnostic) => {
                    self.report(&diagnostic.to_string());
                    continue;
                }
            };
            if let Some((level, id)) = peek_level_and_id(line.bytes) {
                if !self.filter.accepts(level, id) {
                    continue;
                }
            }
            match parse_line(line.bytes) {
                Ok(record) if self.filter.accepts(record.level, record.id) => {
                    self.last_seq = self.last_seq.max(record.seq);
                    self.columns.write_line(line.bytes, &mut self.out)?;
                }
                Ok(_) => {}
                Err(err) => {
                    self.report(&format!("{place}:{}: {err}", line.line_no));
                }
            }
        }
        Ok(())
    }

    fn report(&mut self, message: &str) {
        self.bad_lines += 1;
        eprintln!("logviewer: skipped {message}");
    }

    /// Prints one file; when following, keeps printing what is appended to it.
    pub fn file(&mut self, path: &Path, follow: bool) -> io::Result<()> {
        let (mut identity, end) = self.print_file(path)?;
        self.out.flush()?;
        if !follow {
            return Ok(());
        }
        let mut reader = open_at(path, end.offset, end.line_no)?;
        let dir = path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut wakeup = DirWakeup::new(dir);
        loop {
            wakeup.wait(POLL_INTERVAL);
            // The engine re-creates a file of the same name when its numbering wraps.
            if let Ok(meta) = std::fs::metadata(path) {
                if FileId::of(&meta) != identity || meta.len() < reader.offset() {
                    reader = open_at(path, 0, 0)?;
                    identity = FileId::of(&meta);
                }
            }
            self.print_available(&mut reader)?;
            self.out.flush()?;
        }
    }

    /// Prints what a file holds now, reading ahead on a second thread; returns the
    /// file's identity and the position after its last complete line.
    fn print_file(&mut self, path: &Path) -> io::Result<(FileId, FilePosition)> {
        let file = File::open(path).map_err(|e| named(e, path))?;
        let file_id = FileId::of(&file.metadata()?);
        let mut reader = LogReader::new(ReadAhead::new(file)).with_path(path);
        self.print_available(&mut reader)?;
        let end = FilePosition {
            file_number: 0,
            file_id,
            offset: reader.offset(),
            line_no: reader.line_no(),
        };
        Ok((file_id, end))
    }

    /// Prints every file of the series, oldest first; when following, hands over to a
    /// [`Follower`] positioned just after the last line printed.
    pub fn series(&mut self, series: LogSeries, follow: bool) -> io::Result<()> {
        let mut end: Option<FilePosition> = None;
        for file in series.files()? {
            match self.print_file(&file.path) {
                Ok((_, position)) => {
                    end = Some(FilePosition {
                        file_number: file.number,
                        ..position
                    })
                }
                // Rotation deleted it since the listing.
                Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
                Err(err) => return Err(err),
            }
        }
        self.out.flush()?;
        if !follow {
            return Ok(());
        }
        let cursor = Cursor {
            file: end,
            last_seq: self.last_seq,
        };
        let mut follower = Follower::new(series, Some(cursor));
        let never = std::sync::atomic::AtomicBool::new(false);
        loop {
            for item in follower.wait(POLL_INTERVAL, &never)? {
                match item {
                    FollowItem::Record(record) if self.filter.accepts(record.level, record.id) => {
                        self.last_seq = record.seq;
                        let line = record.to_line();
                        self.columns
                            .write_line(line.trim_end_matches('\n').as_bytes(), &mut self.out)?;
                    }
                    FollowItem::Record(_) => {}
                    FollowItem::Diagnostic(d) => self.report(&d.to_string()),
                    FollowItem::Missing(missing) => eprintln!("logviewer: {missing}"),
                }
            }
            self.out.flush()?;
        }
    }
}

/// A reader of `path` from `offset`, which is just after line `line_no`.
fn open_at(path: &Path, offset: u64, line_no: u64) -> io::Result<LogReader<File>> {
    let mut file = File::open(path).map_err(|e| named(e, path))?;
    file.seek(SeekFrom::Start(offset))?;
    Ok(LogReader::new(file)
        .with_path(path)
        .with_position(offset, line_no))
}

fn named(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// The log folder when `-PATH` is not given: LogDir from DT.conf, else the guide's default.
pub fn default_log_dir() -> io::Result<PathBuf> {
    let conf_path = logparse::dtconf::DtConf::default_path();
    let conf = logparse::dtconf::DtConf::load(&conf_path).map_err(|e| named(e, &conf_path))?;
    Ok(conf
        .get("LogDir")
        .filter(|dir| !dir.is_empty())
        .map_or_else(
            || PathBuf::from(logparse::dtl::DEFAULT_LOG_DIR),
            PathBuf::from,
        ))
}
