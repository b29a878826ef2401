//! Writing a `.sts` stream: the header once, then one record per snapshot.

use std::io::{self, Write};

use super::error::StsError;
use super::frame::encode_record;
use super::header::{encode_header, HEADER_LEN};
use super::snapshot::Snapshot;

/// Writes snapshots as `.sts` records to a file or a stats-port connection.
#[derive(Debug)]
pub struct StsWriter<W: Write> {
    inner: W,
    record: Vec<u8>,
    bytes_written: u64,
}

impl<W: Write> StsWriter<W> {
    /// Starts a stream on `inner` by writing the header.
    pub fn new(mut inner: W) -> io::Result<Self> {
        let mut header = Vec::with_capacity(HEADER_LEN);
        encode_header(&mut header);
        inner.write_all(&header)?;
        Ok(StsWriter {
            inner,
            record: Vec::new(),
            bytes_written: HEADER_LEN as u64,
        })
    }

    /// Writes `snapshot` as one record with a single `write_all`.
    pub fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StsError> {
        self.record.clear();
        encode_record(snapshot, &mut self.record)?;
        self.inner.write_all(&self.record)?;
        self.bytes_written += self.record.len() as u64;
        Ok(())
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// Bytes of the header and of the records written in full so far (for StatsMaxFileSize).
    pub fn bytes_written(&self) -> u64 {
        self.bytes_written
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The underlying writer, consuming this one.
    pub fn into_inner(self) -> W {
        self.inner
    }
}
