//! A reader that hands out at most `chunk` bytes per read, so records straddle the
//! decoders' buffer refills.

use std::io::{self, Read};

/// Reads `data` in pieces of at most `chunk` bytes.
pub struct Chunked<'a> {
    /// What is left to read.
    pub data: &'a [u8],
    /// The most bytes one read returns.
    pub chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
