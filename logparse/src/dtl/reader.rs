//! Reading a `.dtl` file or stream: large reads, memchr line splitting, diagnostics.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, DiagnosticReason};
use super::line::parse_line;
use super::record::{Record, RecordRef};

/// Largest number of bytes requested from the underlying reader in one read call.
///
/// Reads start at [`FIRST_READ_SIZE`] and double while they come back full, so a large
/// file is read in chunks of this size while a small one (or a follower's few new lines)
/// costs no large buffer.
pub const READ_CHUNK_SIZE: usize = 256 * 1024;

/// Bytes requested by a reader's first read call.
pub const FIRST_READ_SIZE: usize = 8 * 1024;

/// Longest line (without terminator) a [`LogReader`] accepts; longer ones are skipped
/// with a diagnostic, and the reader never buffers much more than this.
pub const MAX_LINE_LEN: usize = 1024 * 1024;

/// One complete line, not yet parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line's bytes without `\n` (a `\r` before it is still there).
    pub bytes: &'a [u8],
    /// 1-based line number.
    pub line_no: u64,
    /// Byte offset of the line's start.
    pub offset: u64,
}

/// A parsed record and where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordItem<'a> {
    /// The record, borrowing from the reader's buffer.
    pub record: RecordRef<'a>,
    /// 1-based line number.
    pub line_no: u64,
    /// Byte offset of the line's start.
    pub offset: u64,
    /// The text is not valid UTF-8; [`RecordRef::text`] replaces the bad bytes.
    pub invalid_utf8: bool,
}

/// What [`LogReader::next_item`] yields: a record or a report about a bad line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<'a> {
    /// A well-formed line.
    Record(RecordItem<'a>),
    /// A line (or read) that failed; reading goes on after it.
    Diagnostic(Diagnostic),
}

/// Where [`LogReader::advance`] found a line: valid until the next call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineBounds {
    start: usize,
    end: usize,
    line_no: u64,
    offset: u64,
}

/// Streaming reader of `.dtl` lines from any [`Read`].
///
/// A bad line yields a [`Diagnostic`] and reading continues with the next one. Bytes after
/// the last `\n` (a torn last line, still being written) are neither yielded nor reported:
/// they show in [`pending_bytes`](Self::pending_bytes), and if the input grows the next
/// call reads on and yields the completed line. A read error is reported once as a
/// diagnostic and ends the reader.
#[derive(Debug)]
pub struct LogReader<R> {
    inner: R,
    path: Option<PathBuf>,
    buf: Vec<u8>,
    /// First byte of `buf` not yet part of a complete line.
    start: usize,
    /// End of the valid data in `buf`.
    end: usize,
    /// `buf[start..scanned]` is known to hold no `\n`.
    scanned: usize,
    /// Stream offset of `buf[end]`.
    read_pos: u64,
    /// Stream offset just after the last complete line.
    resume: u64,
    line_no: u64,
    /// Bytes requested by the next read: grows from `FIRST_READ_SIZE` to `chunk`.
    read_size: usize,
    chunk: usize,
    max_line_len: usize,
    /// The current line is too long and its bytes are being discarded.
    skipping: bool,
    failed: bool,
}

impl LogReader<File> {
    /// Opens a file; diagnostics will name its path.
    pub fn open(path: impl AsRef<Path>) -> io::Result<LogReader<File>> {
        let path = path.as_ref();
        Ok(LogReader::new(File::open(path)?).with_path(path))
    }
}

impl<R: Read> LogReader<R> {
    /// A reader at the start of `inner`, reading [`READ_CHUNK_SIZE`] bytes at a time.
    pub fn new(inner: R) -> LogReader<R> {
        LogReader {
            inner,
            path: None,
            buf: Vec::new(),
            start: 0,
            end: 0,
            scanned: 0,
            read_pos: 0,
            resume: 0,
            line_no: 0,
            read_size: FIRST_READ_SIZE,
            chunk: READ_CHUNK_SIZE,
            max_line_len: MAX_LINE_LEN,
            skipping: false,
            failed: false,
        }
    }

    /// Names the file in diagnostics.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Declares that `inner` is already positioned at `offset`, after `line_no` lines.
    pub fn with_position(mut self, offset: u64, line_no: u64) -> Self {
        self.read_pos = offset;
        self.resume = offset;
        self.line_no = line_no;
        self
    }

    /// Sets the largest number of bytes requested per read (at least 1).
    pub fn with_chunk_size(mut self, chunk: usize) -> Self {
        self.chunk = chunk.max(1);
        self.read_size = self.read_size.min(self.chunk);
        self
    }

    /// Sets the longest accepted line (default [`MAX_LINE_LEN`]).
    pub fn with_max_line_len(mut self, max_line_len: usize) -> Self {
        self.max_line_len = max_line_len;
        self
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The path diagnostics name, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Byte offset just after the last complete line: where reading would resume.
    pub fn offset(&self) -> u64 {
        self.resume
    }

    /// Number of complete lines consumed (including bad ones).
    pub fn line_no(&self) -> u64 {
        self.line_no
    }

    /// Bytes read after the last `\n`: at end of input, the torn last line.
    pub fn pending_bytes(&self) -> u64 {
        self.read_pos - self.resume
    }

    /// The next record or diagnostic, or `None` at the (current) end of input.
    pub fn next_item(&mut self) -> Option<Item<'_>> {
        match self.advance()? {
            Ok(bounds) => Some(self.item(bounds)),
            Err(diagnostic) => Some(Item::Diagnostic(diagnostic)),
        }
    }

    /// The next complete line, unparsed (for filtering with
    /// [`peek_level_and_id`](super::peek_level_and_id) first), or a diagnostic for an
    /// overlong line or a read error.
    pub fn next_line(&mut self) -> Option<Result<Line<'_>, Diagnostic>> {
        match self.advance()? {
            Ok(bounds) => Some(Ok(self.line(bounds))),
            Err(diagnostic) => Some(Err(diagnostic)),
        }
    }

    /// Owned records and diagnostics until the end of input.
    pub fn records(self) -> Records<R> {
        Records { reader: self }
    }

    /// The line that [`advance`](Self::advance) found.
    pub(crate) fn line(&self, bounds: LineBounds) -> Line<'_> {
        Line {
            bytes: &self.buf[bounds.start..bounds.end],
            line_no: bounds.line_no,
            offset: bounds.offset,
        }
    }

    /// The line that [`advance`](Self::advance) found, parsed.
    pub(crate) fn item(&self, bounds: LineBounds) -> Item<'_> {
        let line = self.line(bounds);
        match parse_line(line.bytes) {
            Ok(record) => Item::Record(RecordItem {
                invalid_utf8: !record.text_is_utf8(),
                record,
                line_no: line.line_no,
                offset: line.offset,
            }),
            Err(err) => Item::Diagnostic(self.diagnostic(line.line_no, line.offset, err.into())),
        }
    }

    /// Finds the next complete line, or reports an overlong line or a read error.
    ///
    /// Split from [`item`](Self::item) so that callers juggling several readers can
    /// decide what to do before borrowing the line.
    pub(crate) fn advance(&mut self) -> Option<Result<LineBounds, Diagnostic>> {
        if self.failed {
            return None;
        }
        loop {
            if let Some(at) = memchr::memchr(b'\n', &self.buf[self.scanned..self.end]) {
                let newline = self.scanned + at;
                let offset = self.resume;
                let newline_pos = self.read_pos - (self.end - newline) as u64;
                let len = newline_pos - offset;
                let start = self.start;
                self.line_no += 1;
                self.resume = newline_pos + 1;
                self.start = newline + 1;
                self.scanned = self.start;
                if self.skipping || len > self.max_line_len as u64 {
                    self.skipping = false;
                    return Some(Err(self.diagnostic(
                        self.line_no,
                        offset,
                        DiagnosticReason::TooLong {
                            len,
                            limit: self.max_line_len,
                        },
                    )));
                }
                return Some(Ok(LineBounds {
                    start,
                    end: newline,
                    line_no: self.line_no,
                    offset,
                }));
            }
            self.scanned = self.end;
            if self.skipping || self.end - self.start > self.max_line_len {
                self.skipping = true;
                self.start = self.end;
            }
            match self.fill() {
                Ok(0) => return None,
                Ok(_) => {}
                Err(err) => {
                    self.failed = true;
                    let line_no = self.line_no + 1;
                    return Some(Err(self.diagnostic(
                        line_no,
                        self.resume,
                        DiagnosticReason::io(&err),
                    )));
                }
            }
        }
    }

    /// Reads once into the buffer; returns the bytes read (0 at end of input).
    fn fill(&mut self) -> io::Result<usize> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            self.scanned = 0;
        }
        let want = self.read_size;
        if self.buf.len() - self.end < want && self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.scanned -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < want {
            self.buf.resize(self.end + want, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..self.end + want]) {
                Ok(n) => {
                    self.end += n;
                    self.read_pos += n as u64;
                    if n == want {
                        self.read_size = (want * 2).min(self.chunk);
                    }
                    return Ok(n);
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }

    fn diagnostic(&self, line_no: u64, offset: u64, reason: DiagnosticReason) -> Diagnostic {
        Diagnostic {
            path: self.path.clone(),
            line_no,
            offset,
            reason,
        }
    }
}

/// Iterator of owned records (`Ok`) and diagnostics (`Err`) over a [`LogReader`].
#[derive(Debug)]
pub struct Records<R> {
    reader: LogReader<R>,
}

impl<R> Records<R> {
    /// The reader, e.g. to look at [`LogReader::pending_bytes`] after the end.
    pub fn reader(&self) -> &LogReader<R> {
        &self.reader
    }
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Record, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.reader.next_item()? {
            Item::Record(item) => Ok(item.record.to_record()),
            Item::Diagnostic(diagnostic) => Err(diagnostic),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const GOOD: &str = "06/22/2017\t14:42:55.318\t2411\t2417\t1\t2\t4019\tstarted\n";

    fn collect<R: Read>(reader: &mut LogReader<R>) -> Vec<Result<(u64, u64, u64), String>> {
        let mut out = Vec::new();
        while let Some(item) = reader.next_item() {
            out.push(match item {
                Item::Record(r) => Ok((r.record.seq, r.line_no, r.offset)),
                Item::Diagnostic(d) => Err(d.to_string()),
            });
        }
        out
    }

    #[test]
    fn lines_spanning_chunks_are_joined() {
        let data = GOOD.repeat(50);
        let mut reader = LogReader::new(Cursor::new(data.as_bytes())).with_chunk_size(7);
        let items = collect(&mut reader);
        assert_eq!(items.len(), 50);
        let line_len = GOOD.len() as u64;
        for (i, item) in items.iter().enumerate() {
            let i = i as u64;
            assert_eq!(item, &Ok((1, i + 1, i * line_len)));
        }
        assert_eq!(reader.offset(), 50 * line_len);
        assert_eq!(reader.pending_bytes(), 0);
    }

    #[test]
    fn position_is_relative_to_the_declared_start() {
        let mut reader = LogReader::new(Cursor::new(GOOD.as_bytes()))
            .with_position(1000, 10)
            .with_path("dtlog2.dtl");
        assert_eq!(collect(&mut reader), vec![Ok((1, 11, 1000))]);
        assert_eq!(reader.offset(), 1000 + GOOD.len() as u64);
        assert_eq!(reader.line_no(), 11);
    }

    #[test]
    fn overlong_lines_are_skipped_with_bounded_buffer() {
        let long = "x".repeat(10_000);
        let data = format!("{GOOD}{long}\n{GOOD}{long}");
        let mut reader = LogReader::new(Cursor::new(data.as_bytes()))
            .with_chunk_size(64)
            .with_max_line_len(100)
            .with_path("f.dtl");
        let items = collect(&mut reader);
        assert_eq!(
            items,
            vec![
                Ok((1, 1, 0)),
                Err(
                    "f.dtl:2: line of 10000 bytes is longer than the maximum of 100 bytes; skipped"
                        .into()
                ),
                Ok((1, 3, GOOD.len() as u64 + 10_001)),
            ]
        );
        assert!(reader.buf.len() <= 100 + 2 * 64, "{}", reader.buf.len());
        assert_eq!(reader.pending_bytes(), 10_000);
    }

    #[test]
    fn line_of_exactly_the_maximum_is_accepted() {
        let limit = GOOD.len() - 1;
        let mut reader = LogReader::new(Cursor::new(GOOD.as_bytes())).with_max_line_len(limit);
        assert_eq!(collect(&mut reader), vec![Ok((1, 1, 0))]);
        let mut reader = LogReader::new(Cursor::new(GOOD.as_bytes())).with_max_line_len(limit - 1);
        assert!(matches!(collect(&mut reader)[..], [Err(_)]));
    }

    /// Records the size of every read request.
    struct Recording<'a> {
        data: &'a [u8],
        requests: Vec<usize>,
    }

    impl Read for Recording<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.requests.push(buf.len());
            self.data.read(buf)
        }
    }

    #[test]
    fn reads_grow_to_the_chunk_size_on_large_input() {
        let data = GOOD.repeat(40_000);
        let mut reader = LogReader::new(Recording {
            data: data.as_bytes(),
            requests: Vec::new(),
        });
        assert_eq!(collect(&mut reader).len(), 40_000);
        let requests = &reader.get_ref().requests;
        assert_eq!(requests[0], FIRST_READ_SIZE);
        assert!(requests.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(requests.iter().max(), Some(&READ_CHUNK_SIZE));
        assert!(requests.len() < 20, "{} reads", requests.len());
    }

    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }

    #[test]
    fn read_error_is_reported_once_then_ends() {
        let mut reader = LogReader::new(Failing);
        let items = collect(&mut reader);
        assert_eq!(items, vec![Err("line 1: read error: disk on fire".into())]);
        assert!(reader.next_item().is_none());
    }
}
