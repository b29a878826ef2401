//! [`BlockHashes`]: what the target holds of one regular file, as one hash per block.
//!
//! inotify says that a file changed, not where. The capture keeps, per file, the
//! xxh3-64 hash of each fixed-size block as last sent; on a change it re-reads the file
//! and sends the blocks whose hash differs (only the new bytes when a short last block
//! merely grew), and a truncate when the file shrank.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use xxhash_rust::xxh3::xxh3_64;

/// One change that brings the target's copy of a file closer to the source's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Change {
    /// Cut the file to `len` bytes.
    Truncate {
        /// The new length.
        len: u64,
    },
    /// Write `data` at `offset`.
    Write {
        /// Byte offset.
        offset: u64,
        /// The bytes.
        data: Vec<u8>,
    },
}

/// How far an [`BlockHashes::update`] got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Progress {
    /// The target's copy matches the file as read.
    Done,
    /// The byte budget ran out; go on from this block.
    Paused {
        /// The first block not yet compared.
        next_block: u64,
    },
}

/// The target's copy of a file: its length and the hashes of its blocks.
///
/// `hashes[i]` is the hash of bytes `i*block_size .. min((i+1)*block_size, len)` as the
/// target holds them; there may be fewer hashes than blocks (a block cut by a truncate
/// has none), and a block without a hash is always sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct BlockHashes {
    len: u64,
    hashes: Vec<u64>,
}

impl BlockHashes {
    /// The target's copy's length.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// A copy of `len` bytes whose hashes are not known yet: every block of it is sent
    /// at its next change, until [`of_file`](BlockHashes::of_file) replaces it.
    pub(super) fn unhashed(len: u64) -> BlockHashes {
        BlockHashes {
            len,
            hashes: Vec::new(),
        }
    }

    /// Whether these are still [`unhashed`](BlockHashes::unhashed) (a non-empty copy
    /// with no hash at all).
    pub(super) fn is_unhashed(&self) -> bool {
        self.len > 0 && self.hashes.is_empty()
    }

    /// The hashes of `file` as it is now (a file the target already holds).
    pub(super) fn of_file(file: &File, block_size: usize) -> io::Result<BlockHashes> {
        let mut hashes = BlockHashes::default();
        let mut buf = vec![0; block_size];
        loop {
            let got = read_full_at(file, &mut buf, hashes.len)?;
            if got == 0 {
                break;
            }
            hashes.hashes.push(xxh3_64(&buf[..got]));
            hashes.len += got as u64;
            if got < block_size {
                break;
            }
        }
        Ok(hashes)
    }

    /// Compares `file`, `new_len` bytes long, with the target's copy from block
    /// `from_block` on, hands `emit` what must change, and records it as sent. Stops
    /// after a block once `byte_budget` bytes were emitted.
    pub(super) fn update(
        &mut self,
        file: &File,
        new_len: u64,
        block_size: usize,
        from_block: u64,
        byte_budget: usize,
        emit: &mut impl FnMut(Change),
    ) -> io::Result<Progress> {
        let bs = block_size as u64;
        if new_len < self.len {
            emit(Change::Truncate { len: new_len });
            self.len = new_len;
            // Whole blocks below the cut are unchanged; the cut block's hash described
            // its longer content, so it goes.
            self.hashes.truncate(block_index(new_len / bs));
        }
        let blocks = new_len.div_ceil(bs);
        let mut sent = 0usize;
        let mut buf = vec![0; block_size];
        let start_block = from_block.min(self.hashes.len() as u64);
        for i in start_block..blocks {
            if i > start_block && sent >= byte_budget {
                return Ok(Progress::Paused { next_block: i });
            }
            let start = i * bs;
            let want = (new_len - start).min(bs) as usize;
            let got = read_full_at(file, &mut buf[..want], start)?;
            let data = &buf[..got];
            if got < want {
                // The file shrank while being read: its truncate's IN_MODIFY brings
                // it back here. Until then, blocks from here on are not known.
                self.hashes.truncate(block_index(i));
                if got > 0 {
                    emit(Change::Write {
                        offset: start,
                        data: data.to_vec(),
                    });
                    self.len = self.len.max(start + got as u64);
                }
                return Ok(Progress::Done);
            }
            let hash = xxh3_64(data);
            let held = self.len.saturating_sub(start).min(bs) as usize;
            match self.hashes.get(block_index(i)) {
                Some(&old) if held == got && old == hash => {}
                Some(&old) if held > 0 && held < got && xxh3_64(&data[..held]) == old => {
                    // Only appended to: the target's bytes of this block are still right.
                    sent += got - held;
                    emit(Change::Write {
                        offset: start + held as u64,
                        data: data[held..].to_vec(),
                    });
                }
                _ => {
                    sent += got;
                    emit(Change::Write {
                        offset: start,
                        data: data.to_vec(),
                    });
                }
            }
            let index = block_index(i);
            if index < self.hashes.len() {
                self.hashes[index] = hash;
            } else {
                self.hashes.push(hash);
            }
            self.len = self.len.max(start + got as u64);
        }
        Ok(Progress::Done)
    }
}

/// A block number as an index (a file has fewer than `usize::MAX` blocks).
fn block_index(block: u64) -> usize {
    usize::try_from(block).unwrap_or(usize::MAX)
}

/// Reads at `offset` until `buf` is full or the file ends; the bytes read.
fn read_full_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read_at(&mut buf[got..], offset + got as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(got)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A temporary file holding `content`.
    fn file_with(content: &[u8]) -> (tempfile::NamedTempFile, File) {
        let temp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(temp.path(), content).unwrap();
        let file = File::open(temp.path()).unwrap();
        (temp, file)
    }

    /// Applies `change` to `copy` as the target would.
    fn apply(copy: &mut Vec<u8>, change: Change) {
        match change {
            Change::Truncate { len } => copy.truncate(len as usize),
            Change::Write { offset, data } => {
                let end = offset as usize + data.len();
                if copy.len() < end {
                    copy.resize(end, 0);
                }
                copy[offset as usize..end].copy_from_slice(&data);
            }
        }
    }

    /// The changes from `old` (as sent) to `new`, in one update.
    fn changes(old: &[u8], new: &[u8], block_size: usize) -> Vec<Change> {
        let (_old_temp, old_file) = file_with(old);
        let mut hashes = BlockHashes::of_file(&old_file, block_size).unwrap();
        let (_new_temp, new_file) = file_with(new);
        let mut out = Vec::new();
        let progress = hashes
            .update(
                &new_file,
                new.len() as u64,
                block_size,
                0,
                usize::MAX,
                &mut |c| out.push(c),
            )
            .unwrap();
        assert_eq!(progress, Progress::Done);
        out
    }

    #[test]
    fn an_unchanged_file_sends_nothing() {
        let content: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        assert_eq!(changes(&content, &content, 64), Vec::new());
    }

    #[test]
    fn an_append_sends_only_the_new_bytes() {
        let old = vec![7u8; 100];
        let mut new = old.clone();
        new.extend_from_slice(b"tail");
        assert_eq!(
            changes(&old, &new, 64),
            vec![Change::Write {
                offset: 100,
                data: b"tail".to_vec()
            }]
        );
    }

    #[test]
    fn an_overwrite_sends_the_changed_block() {
        let old = vec![1u8; 256];
        let mut new = old.clone();
        new[130] = 9;
        let mut block = vec![1u8; 64];
        block[2] = 9;
        assert_eq!(
            changes(&old, &new, 64),
            vec![Change::Write {
                offset: 128,
                data: block
            }]
        );
    }

    #[test]
    fn a_shrink_truncates_and_resends_only_a_cut_block() {
        let old = vec![3u8; 256];
        assert_eq!(
            changes(&old, &old[..128], 64),
            vec![Change::Truncate { len: 128 }]
        );
        assert_eq!(
            changes(&old, &old[..100], 64),
            vec![
                Change::Truncate { len: 100 },
                Change::Write {
                    offset: 64,
                    data: vec![3u8; 36]
                }
            ]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Applying the changes of every step to a copy keeps it equal to the file,
        /// whatever the budget splits them into.
        #[test]
        fn changes_bring_the_copy_up_to_date(
            versions in prop::collection::vec(prop::collection::vec(0u8..4, 0..200), 1..6),
            block_size in 1usize..40,
            budget in 1usize..100,
        ) {
            let (_temp, first) = file_with(&versions[0]);
            let mut hashes = BlockHashes::of_file(&first, block_size).unwrap();
            let mut copy = versions[0].clone();
            for version in &versions[1..] {
                let (_temp, file) = file_with(version);
                let mut from_block = 0;
                loop {
                    let progress = hashes.update(
                        &file,
                        version.len() as u64,
                        block_size,
                        from_block,
                        budget,
                        &mut |c| apply(&mut copy, c),
                    ).unwrap();
                    match progress {
                        Progress::Done => break,
                        Progress::Paused { next_block } => {
                            prop_assert!(next_block > from_block);
                            from_block = next_block;
                        }
                    }
                }
                prop_assert_eq!(&copy, version);
                prop_assert_eq!(hashes.len(), version.len() as u64);
            }
        }
    }
}
