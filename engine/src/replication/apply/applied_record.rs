//! [`AppliedRecord`]: the last applied sequence number of one connection key, kept in
//! a small file of the state directory.
//!
//! The file holds two 16-byte slots, each `"DTAP"`, the sequence number (u64, little
//! endian) and a CRC-32 of both. Each update is a single 16-byte `pwrite` into the slot
//! that does not hold the number stored before, so the other slot stays intact: a
//! reader takes the valid slot with the higher number, an update is seen whole or not
//! at all, and a torn slot only falls back to the number stored before it. A number is
//! [`note`](AppliedRecord::note)d in memory and written by
//! [`flush`](AppliedRecord::flush) (also on drop), so the applier decides how often the
//! file is written (see [`Applier`](super::Applier)); the file itself is created
//! atomically (temporary file, fsync, rename without replacing, fsync of the
//! directory). An exclusive `flock` keeps a second applier off the same key.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use rustix::fs::{flock, renameat_with, FlockOperation, RenameFlags, CWD};
use rustix::io::Errno;

use super::error::ApplyError;

const MAGIC: &[u8; 4] = b"DTAP";
const SLOT: usize = 16;

/// The durable "last applied" sequence number of one connection key.
#[derive(Debug)]
pub(super) struct AppliedRecord {
    file: File,
    path: PathBuf,
    /// The last number noted.
    last: u64,
    /// The last number in the file.
    stored: u64,
    /// The slot (0 or 1) that holds `stored`.
    stored_slot: u64,
}

impl AppliedRecord {
    /// Opens (creating at 0) the record of `key` in `state_dir`, and locks it.
    pub(super) fn open(state_dir: &Path, key: &str) -> Result<AppliedRecord, ApplyError> {
        let path = state_dir.join(file_name(key));
        let failed = |source| ApplyError::Record {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(state_dir).map_err(failed)?;
        let file = match OpenOptions::new().read(true).write(true).open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create(state_dir, &path).map_err(failed)?;
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&path)
                    .map_err(failed)?
            }
            Err(e) => return Err(failed(e)),
        };
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(Errno::WOULDBLOCK) => return Err(ApplyError::InUse { path }),
            Err(e) => return Err(failed(e.into())),
        }
        let mut bytes = [0u8; 2 * SLOT];
        let read = read_up_to(&file, &mut bytes).map_err(failed)?;
        let (stored_slot, last) = bytes[..read]
            .chunks_exact(SLOT)
            .zip(0..)
            .filter_map(|(slot, index)| Some((index, decode(slot)?)))
            .max_by_key(|&(_, seq)| seq)
            .ok_or_else(|| ApplyError::RecordDamaged { path: path.clone() })?;
        Ok(AppliedRecord {
            file,
            path,
            last,
            stored: last,
            stored_slot,
        })
    }

    /// The last sequence number noted (recorded once flushed).
    pub(super) fn last(&self) -> u64 {
        self.last
    }

    /// The record file.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Starts the key over at 0 (a new stream): both slots are rewritten in one write.
    pub(super) fn reset(&mut self) -> io::Result<()> {
        let mut both = [0u8; 2 * SLOT];
        both[..SLOT].copy_from_slice(&encode(0));
        both[SLOT..].copy_from_slice(&encode(0));
        self.file.write_all_at(&both, 0)?;
        self.last = 0;
        self.stored = 0;
        Ok(())
    }

    /// Notes `seq` as applied, in memory: the file has it after the next
    /// [`flush`](Self::flush).
    pub(super) fn note(&mut self, seq: u64) {
        self.last = seq;
    }

    /// Whether a number was noted that the file does not have yet.
    pub(super) fn is_dirty(&self) -> bool {
        self.last != self.stored
    }

    /// Writes the last number noted to the file, unless it has it already.
    pub(super) fn flush(&mut self) -> io::Result<()> {
        if !self.is_dirty() {
            return Ok(());
        }
        let slot = 1 - self.stored_slot;
        self.file
            .write_all_at(&encode(self.last), slot * SLOT as u64)?;
        self.stored = self.last;
        self.stored_slot = slot;
        Ok(())
    }

    /// Drops the record without writing what was noted since the last flush, as a
    /// killed process would.
    #[cfg(test)]
    pub(super) fn abandon(mut self) {
        self.last = self.stored;
    }
}

impl Drop for AppliedRecord {
    /// Writes what was noted; a failure leaves the file one flush behind, which the
    /// next applier of the key replays safely.
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// The record's file name: the key with every byte but `[A-Za-z0-9._-]` as `%XX`
/// (so distinct keys never share a file).
fn file_name(key: &str) -> String {
    let mut name = String::from("applied-");
    for &b in key.as_bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' {
            name.push(char::from(b));
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    name.push_str(".seq");
    name
}

fn encode(seq: u64) -> [u8; SLOT] {
    let mut slot = [0u8; SLOT];
    slot[..4].copy_from_slice(MAGIC);
    slot[4..12].copy_from_slice(&seq.to_le_bytes());
    let crc = crc32fast::hash(&slot[..12]);
    slot[12..].copy_from_slice(&crc.to_le_bytes());
    slot
}

fn decode(slot: &[u8]) -> Option<u64> {
    let (body, crc) = slot.split_at(12);
    if &body[..4] != MAGIC || crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut seq = [0u8; 8];
    seq.copy_from_slice(&body[4..]);
    Some(u64::from_le_bytes(seq))
}

fn read_up_to(file: &File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read_at(&mut buf[filled..], filled as u64)? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Makes a record at 0 appear whole at `path`, unless one appeared meanwhile.
fn create(dir: &Path, path: &Path) -> io::Result<()> {
    let temp = dir.join(format!(
        ".applied.tmp{}",
        rustix::thread::gettid().as_raw_nonzero()
    ));
    let written = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(&encode(0))?;
        file.write_all(&encode(0))?;
        file.sync_all()?;
        match renameat_with(CWD, &temp, CWD, path, RenameFlags::NOREPLACE) {
            Ok(()) | Err(Errno::EXIST) => Ok(()),
            Err(e) => Err(io::Error::from(e)),
        }
    })();
    // Gone after a rename; otherwise useless.
    let _ = fs::remove_file(&temp);
    written?;
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(record: &mut AppliedRecord, seq: u64) {
        record.note(seq);
        record.flush().unwrap();
    }

    #[test]
    fn starts_at_zero_and_remembers_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let mut record = AppliedRecord::open(dir.path(), "set@10.0.0.1").unwrap();
        assert_eq!(record.last(), 0);
        for seq in 1..=5 {
            store(&mut record, seq);
        }
        drop(record);
        let record = AppliedRecord::open(dir.path(), "set@10.0.0.1").unwrap();
        assert_eq!(record.last(), 5);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(record.path().ends_with("applied-set%4010.0.0.1.seq"));
    }

    #[test]
    fn a_reset_starts_over_at_zero_for_good() {
        let dir = tempfile::tempdir().unwrap();
        let mut record = AppliedRecord::open(dir.path(), "k").unwrap();
        store(&mut record, 7);
        store(&mut record, 8);
        record.reset().unwrap();
        assert_eq!(record.last(), 0);
        drop(record);
        assert_eq!(AppliedRecord::open(dir.path(), "k").unwrap().last(), 0);
    }

    #[test]
    fn keys_are_kept_apart_and_locked() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = AppliedRecord::open(dir.path(), "a/b").unwrap();
        let b = AppliedRecord::open(dir.path(), "a%2Fb").unwrap();
        store(&mut a, 1);
        assert_eq!(b.last(), 0);
        assert!(matches!(
            AppliedRecord::open(dir.path(), "a/b"),
            Err(ApplyError::InUse { .. })
        ));
        drop(a);
        assert_eq!(AppliedRecord::open(dir.path(), "a/b").unwrap().last(), 1);
    }

    #[test]
    fn a_torn_slot_falls_back_to_the_previous_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut record = AppliedRecord::open(dir.path(), "k").unwrap();
        store(&mut record, 41);
        store(&mut record, 42);
        let path = record.path().to_path_buf();
        drop(record);
        let mut bytes = fs::read(&path).unwrap();
        bytes[SLOT + 4] ^= 0xff; // slot 1 holds 42 (a new record writes slot 0 first)
        fs::write(&path, &bytes).unwrap();
        assert_eq!(AppliedRecord::open(dir.path(), "k").unwrap().last(), 41);
        bytes[4] ^= 0xff;
        fs::write(&path, &bytes).unwrap();
        assert!(matches!(
            AppliedRecord::open(dir.path(), "k"),
            Err(ApplyError::RecordDamaged { .. })
        ));
        fs::write(&path, b"").unwrap();
        assert!(matches!(
            AppliedRecord::open(dir.path(), "k"),
            Err(ApplyError::RecordDamaged { .. })
        ));
    }

    #[test]
    fn noted_numbers_reach_the_file_on_flush_and_drop_and_never_overwrite_the_last_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut record = AppliedRecord::open(dir.path(), "k").unwrap();
        record.note(4);
        assert!(record.is_dirty());
        record.flush().unwrap();
        record.note(5);
        record.note(6);
        assert_eq!(record.last(), 6);
        let path = record.path().to_path_buf();
        let slots =
            |bytes: &[u8]| -> Vec<Option<u64>> { bytes.chunks_exact(SLOT).map(decode).collect() };
        assert_eq!(slots(&fs::read(&path).unwrap()), [Some(4), Some(0)]);
        record.flush().unwrap();
        // 6 went into the slot that did not hold 4, though both are even.
        assert_eq!(slots(&fs::read(&path).unwrap()), [Some(4), Some(6)]);
        record.note(8);
        drop(record);
        assert_eq!(AppliedRecord::open(dir.path(), "k").unwrap().last(), 8);
        let mut record = AppliedRecord::open(dir.path(), "k").unwrap();
        record.note(9);
        record.abandon();
        assert_eq!(AppliedRecord::open(dir.path(), "k").unwrap().last(), 8);
    }
}
