//! `FileContent`: one regular file's data as Write operations, read a chunk at a time.
//!
//! A file shorter than the small-file threshold goes in one Write. A longer one goes in
//! chunks; if it has holes (fewer blocks allocated than its length) only its data
//! ranges are read, found with `SEEK_DATA`/`SEEK_HOLE`, and a hole at its end is sent
//! as a Truncate to its length. The file is read as it is while the mirror runs: it is
//! never read past the length it had when opened, and if it shrinks the mirror sends
//! what there is (replication carries later changes).

use std::fs::{File, Metadata};
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use rustix::buffer::spare_capacity;
use rustix::fs::{openat, Mode, OFlags, SeekFrom};
use rustix::io::Errno;

use crate::replication::{Operation, RelPath};

use super::counters::MirrorCounters;
use super::error::MirrorError;
use super::options::MirrorOptions;

/// The bytes `st_blocks` counts in.
const BLOCK_BYTES: u64 = 512;

/// A regular file being sent.
pub(crate) struct FileContent {
    file: File,
    abs: PathBuf,
    rel: RelPath,
    /// Bytes to send: the length when opened, lowered if the file shrinks.
    len: u64,
    /// Where the next read starts.
    pos: u64,
    /// The end of the data range being read.
    data_end: u64,
    /// The end of the last Write.
    written_end: u64,
    chunk: u64,
    whole: bool,
    sparse: bool,
    done: bool,
}

impl FileContent {
    /// Opens `abs` (replica path `rel`), whose `lstat` is `metadata`.
    /// When the walk has `abs`'s directory open (`dir`), the file is opened relative to
    /// it.
    pub(crate) fn open(
        abs: PathBuf,
        dir: Option<&OwnedFd>,
        rel: RelPath,
        metadata: &Metadata,
        options: &MirrorOptions,
    ) -> Result<FileContent, MirrorError> {
        let opened = match dir.zip(abs.file_name()) {
            Some((dir, name)) => openat(dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
                .map(File::from)
                .map_err(io::Error::from),
            None => File::open(&abs),
        };
        let file = match opened {
            Ok(file) => file,
            Err(err) => return Err(MirrorError::read(abs, err)),
        };
        let len = metadata.len();
        Ok(FileContent {
            file,
            abs,
            rel,
            len,
            pos: 0,
            data_end: 0,
            written_end: 0,
            chunk: options.effective_chunk_size(),
            whole: options.is_small_file(len),
            sparse: metadata.blocks().saturating_mul(BLOCK_BYTES) < len,
            done: len == 0,
        })
    }

    /// The next Write or the final Truncate; `None` once the file is sent. Adds the
    /// bytes dealt with to `counters`' bytes done.
    pub(crate) fn next_op(
        &mut self,
        counters: &MirrorCounters,
    ) -> Option<Result<Operation, MirrorError>> {
        if self.done {
            return None;
        }
        if self.whole {
            self.done = true;
            counters.done(self.len);
            return match self.read(0, self.len) {
                Ok(data) if data.is_empty() => None,
                Ok(data) => Some(Ok(self.write(0, data))),
                Err(err) => Some(Err(err)),
            };
        }
        loop {
            if self.pos >= self.len {
                self.done = true;
                return (self.written_end < self.len).then(|| {
                    Ok(Operation::Truncate {
                        path: self.rel.clone(),
                        len: self.len,
                    })
                });
            }
            if self.pos >= self.data_end {
                let (start, end) = self.next_data_range();
                counters.done(start - self.pos);
                self.pos = start;
                self.data_end = end;
                continue;
            }
            let want = self.chunk.min(self.data_end - self.pos);
            let data = match self.read(self.pos, want) {
                Ok(data) => data,
                Err(err) => {
                    self.done = true;
                    return Some(Err(err));
                }
            };
            if data.is_empty() {
                // The file shrank: what was there is sent.
                counters.done(self.len - self.pos);
                self.len = self.pos;
                continue;
            }
            let offset = self.pos;
            self.pos += data.len() as u64;
            self.written_end = self.pos;
            counters.done(data.len() as u64);
            return Some(Ok(self.write(offset, data)));
        }
    }

    /// The next data range at or after `pos`, within the length; `(len, len)` when
    /// only a hole is left.
    fn next_data_range(&self) -> (u64, u64) {
        if !self.sparse {
            return (self.pos, self.len);
        }
        let start = match rustix::fs::seek(&self.file, SeekFrom::Data(self.pos)) {
            Ok(start) => start.min(self.len),
            Err(Errno::NXIO) => self.len,
            // No hole support here: all of it is data.
            Err(_) => return (self.pos, self.len),
        };
        let end = match rustix::fs::seek(&self.file, SeekFrom::Hole(start)) {
            Ok(end) if end > start => end.min(self.len),
            _ => self.len,
        };
        (start, end)
    }

    /// Up to `want` bytes at `offset`; fewer at the end of the file. (Read with
    /// `pread` straight into the buffer's spare capacity: no zeroing first, no seek,
    /// one call for a whole chunk.)
    fn read(&self, offset: u64, want: u64) -> Result<Vec<u8>, MirrorError> {
        let want = usize::try_from(want).unwrap_or(usize::MAX);
        let mut data = Vec::with_capacity(want);
        // The capacity is `want`: each read fills what is left of it.
        while data.len() < want {
            let at = offset + data.len() as u64;
            match rustix::io::pread(&self.file, spare_capacity(&mut data), at) {
                Ok(0) => break,
                Ok(_) => {}
                Err(Errno::INTR) => continue,
                Err(err) => return Err(MirrorError::read(self.abs.clone(), err.into())),
            }
        }
        Ok(data)
    }

    fn write(&self, offset: u64, data: Vec<u8>) -> Operation {
        Operation::Write {
            path: self.rel.clone(),
            offset,
            data: data.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::{Seek, Write};

    fn ops(path: &std::path::Path, options: &MirrorOptions) -> (Vec<Operation>, u64) {
        let metadata = fs::symlink_metadata(path).unwrap();
        let rel = RelPath::from_bytes(b"f").unwrap();
        let mut content =
            FileContent::open(path.to_path_buf(), None, rel, &metadata, options).unwrap();
        let counters = MirrorCounters::default();
        counters.restart(None);
        let mut out = Vec::new();
        while let Some(op) = content.next_op(&counters) {
            out.push(op.unwrap());
        }
        (out, counters.progress().bytes_done)
    }

    fn shape(ops: &[Operation]) -> Vec<(char, u64, u64)> {
        ops.iter()
            .map(|op| match op {
                Operation::Write { offset, data, .. } => ('w', *offset, data.len() as u64),
                Operation::Truncate { len, .. } => ('t', *len, 0),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn files_go_whole_or_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let mut options = MirrorOptions::new("/replica");
        options.chunk_size = 4;
        options.small_file_threshold = 8;
        fs::write(&path, b"").unwrap();
        assert_eq!(ops(&path, &options), (vec![], 0));
        fs::write(&path, b"1234567").unwrap();
        let (small, done) = ops(&path, &options);
        assert_eq!((shape(&small), done), (vec![('w', 0, 7)], 7));
        fs::write(&path, b"123456789").unwrap();
        let (big, done) = ops(&path, &options);
        assert_eq!(
            (shape(&big), done),
            (vec![('w', 0, 4), ('w', 4, 4), ('w', 8, 1)], 9)
        );
        let sent: Vec<u8> = big
            .iter()
            .flat_map(|op| match op {
                Operation::Write { data, .. } => data.to_vec(),
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(sent, b"123456789");
    }

    #[test]
    fn a_sparse_file_sends_its_data_and_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse");
        let mut file = File::create(&path).unwrap();
        file.seek(io::SeekFrom::Start(1 << 20)).unwrap();
        file.write_all(&[7; 4096]).unwrap();
        file.set_len(4 << 20).unwrap();
        file.sync_all().unwrap();
        let options = MirrorOptions::new("/replica");
        let metadata = fs::metadata(&path).unwrap();
        if metadata.blocks() * BLOCK_BYTES >= metadata.len() {
            return; // This file system does not keep holes.
        }
        let (sent, done) = ops(&path, &options);
        let shape = shape(&sent);
        assert_eq!(shape.last(), Some(&('t', 4 << 20, 0)));
        let data: u64 = shape.iter().filter(|s| s.0 == 'w').map(|s| s.2).sum();
        assert!((4096..(1 << 20)).contains(&data), "{shape:?}");
        assert!(shape.iter().all(|s| s.0 == 't' || s.1 + s.2 > 1 << 20));
        assert_eq!(done, 4 << 20);
    }
}
