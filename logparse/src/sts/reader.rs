//! Streaming decoder over any `Read`: a `.sts` file, or a stats-port TCP connection.

use std::io::{self, Read};

use super::error::StsError;
use super::frame::MAX_FRAME_LEN;
use super::header::{check_header, HEADER_LEN};
use super::problem::{Problem, ProblemKind};
use super::scanner::{decode_record, decode_record_into, Scanner, Step};
use super::snapshot::Snapshot;

/// Bytes asked of the underlying reader at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Reads snapshots from a byte stream, reporting damage as it goes.
///
/// It holds at most [`MAX_FRAME_LEN`] unread bytes, blocks when the stream has no data
/// yet (a live stats port), and at end of stream reports a torn last record once. After
/// an I/O error it reports the error and ends.
#[derive(Debug)]
pub struct StsReader<R> {
    inner: R,
    /// Storage for unread bytes; only grows, so it is zeroed once, not on every read.
    buffer: Vec<u8>,
    /// Start of the unread bytes in `buffer`.
    start: usize,
    /// End of the unread bytes in `buffer`.
    end: usize,
    /// Stream offset of `buffer[start]`.
    offset: u64,
    scanner: Scanner,
    eof: bool,
    done: bool,
}

impl<R: Read> StsReader<R> {
    /// Reads and checks the stream header; a stream that is not `.sts` is a [`StsError::Header`].
    pub fn new(mut inner: R) -> Result<Self, StsError> {
        let mut header = [0u8; HEADER_LEN];
        let mut len = 0;
        while len < HEADER_LEN {
            match inner.read(&mut header[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        check_header(&header[..len])?;
        Ok(StsReader {
            inner,
            buffer: Vec::new(),
            start: 0,
            end: 0,
            offset: HEADER_LEN as u64,
            scanner: Scanner::default(),
            eof: false,
            done: false,
        })
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The underlying reader, consuming this one (unread buffered bytes are lost).
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.offset += n as u64;
    }

    /// Moves the unread bytes to the front and appends what one read returns.
    fn fill(&mut self) -> io::Result<()> {
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        // The scanner only asks for more while the bytes it waits for fit one frame, so
        // there is always room here.
        let room = MAX_FRAME_LEN.saturating_sub(self.end).min(READ_CHUNK);
        if self.buffer.len() < self.end + room {
            self.buffer
                .reserve_exact(self.end + room - self.buffer.len());
            self.buffer.resize(self.end + room, 0);
        }
        loop {
            match self.inner.read(&mut self.buffer[self.end..self.end + room]) {
                Ok(n) => {
                    self.end += n;
                    self.eof = n == 0;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl<R: Read> StsReader<R> {
    /// As [`Iterator::next`], but decoding over `snapshot` and reusing its storage (its
    /// lists, its connections' names) instead of building a new snapshot: the fast way
    /// through a long file. After a problem `snapshot` holds nothing meaningful.
    pub fn next_into(&mut self, snapshot: &mut Snapshot) -> Option<Result<(), Problem>> {
        self.advance(|record| decode_record_into(record, snapshot))
    }

    /// Goes to the next record and decodes it with `decode`, or reports the next problem.
    fn advance<T>(
        &mut self,
        mut decode: impl FnMut(&[u8]) -> Result<T, ProblemKind>,
    ) -> Option<Result<T, Problem>> {
        while !self.done {
            match self
                .scanner
                .step(&self.buffer[self.start..self.end], self.eof)
            {
                Step::Record(len) => {
                    let offset = self.offset;
                    let record = &self.buffer[self.start..self.start + len];
                    let item = decode(record).map_err(|kind| Problem { offset, kind });
                    self.consume(len);
                    return Some(item);
                }
                Step::Problem { consumed, kind } => {
                    let offset = self.offset;
                    self.consume(consumed);
                    return Some(Err(Problem { offset, kind }));
                }
                Step::Skip(skipped) => self.consume(skipped),
                Step::NeedMore => {
                    if let Err(e) = self.fill() {
                        self.done = true;
                        let offset = self.offset + (self.end - self.start) as u64;
                        let kind = ProblemKind::Io(e.to_string());
                        return Some(Err(Problem { offset, kind }));
                    }
                }
                Step::End => self.done = true,
            }
        }
        None
    }
}

impl<R: Read> Iterator for StsReader<R> {
    type Item = Result<Snapshot, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        self.advance(decode_record)
    }
}

impl<R: Read> std::iter::FusedIterator for StsReader<R> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sts::{encode_header, encode_record, MAX_RECORD_LEN, SYNC_MARKER};

    /// Plays `prefix`, then `zeros` zero bytes, then the error `fail` (or end of stream).
    struct Script {
        prefix: Vec<u8>,
        zeros: usize,
        fail: Option<io::ErrorKind>,
        interrupt_next: bool,
    }

    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if std::mem::take(&mut self.interrupt_next) {
                return Err(io::ErrorKind::Interrupted.into());
            }
            self.interrupt_next = true;
            if !self.prefix.is_empty() {
                let n = buf.len().min(self.prefix.len());
                buf[..n].copy_from_slice(&self.prefix[..n]);
                self.prefix.drain(..n);
                return Ok(n);
            }
            if self.zeros > 0 {
                let n = buf.len().min(self.zeros);
                buf[..n].fill(0);
                self.zeros -= n;
                return Ok(n);
            }
            match self.fail {
                Some(kind) => Err(kind.into()),
                None => Ok(0),
            }
        }
    }

    fn header_and_record() -> Vec<u8> {
        let mut data = Vec::new();
        encode_header(&mut data);
        encode_record(&Snapshot::default(), &mut data).expect("encodes");
        data
    }

    #[test]
    fn the_largest_claimed_record_is_buffered_and_no_more() {
        let mut prefix = Vec::new();
        encode_header(&mut prefix);
        let max = MAX_RECORD_LEN as u32;
        prefix.extend_from_slice(&SYNC_MARKER);
        prefix.extend_from_slice(&max.to_le_bytes());
        prefix.extend_from_slice(&(!max).to_le_bytes());
        prefix.extend_from_slice(&[0xAB; 4]);
        let script = Script {
            prefix,
            zeros: MAX_RECORD_LEN + 3 * READ_CHUNK,
            fail: None,
            interrupt_next: true,
        };
        let mut reader = StsReader::new(script).expect("valid header");
        let first = reader.next();
        assert!(reader.buffer.capacity() <= MAX_FRAME_LEN);
        let problem = Problem {
            offset: HEADER_LEN as u64,
            kind: ProblemKind::BadChecksum,
        };
        assert_eq!(first, Some(Err(problem)));
        assert_eq!(reader.next(), None);
        assert!(reader.buffer.capacity() <= MAX_FRAME_LEN);
    }

    #[test]
    fn a_read_error_is_reported_once_after_the_good_records() {
        let script = Script {
            prefix: header_and_record(),
            zeros: 0,
            fail: Some(io::ErrorKind::ConnectionReset),
            interrupt_next: false,
        };
        let mut reader = StsReader::new(script).expect("valid header");
        assert_eq!(reader.next(), Some(Ok(Snapshot::default())));
        match reader.next() {
            Some(Err(Problem {
                kind: ProblemKind::Io(_),
                ..
            })) => {}
            other => panic!("expected an I/O problem, got {other:?}"),
        }
        assert_eq!(reader.next(), None);
    }
}
