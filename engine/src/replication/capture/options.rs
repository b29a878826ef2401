//! [`CaptureOptions`]: how the capture hashes files, gathers changes and bounds a batch.

use std::path::PathBuf;
use std::time::Duration;

use super::error::CaptureError;

/// The block size of the per-file hash cache: 64 KiB.
pub const DEFAULT_BLOCK_SIZE: usize = 64 * 1024;

/// How long the modifications of one file are gathered before the file is read: 5 ms.
pub const DEFAULT_COALESCE_WINDOW: Duration = Duration::from_millis(5);

/// How long an IN_MOVED_FROM waits for the IN_MOVED_TO with its cookie: 2 ms.
pub const DEFAULT_MOVE_PAIR_WAIT: Duration = Duration::from_millis(2);

/// How much file data one batch carries at most (a file larger than this goes in
/// several batches): 8 MiB.
pub const DEFAULT_MAX_BATCH_BYTES: usize = 8 << 20;

/// The largest block size accepted: 64 MiB.
pub const MAX_BLOCK_SIZE: usize = 64 << 20;

/// The longest coalescing window or rename-pairing wait accepted: one minute.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// How a [`Capture`](super::Capture) works; [`Default`] gives the values above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureOptions {
    /// Block size of the hash cache; a changed block travels whole (an append only
    /// its new bytes).
    pub block_size: usize,
    /// How long a file's modifications are gathered before it is read (a close after
    /// writing reads it at once).
    pub coalesce_window: Duration,
    /// How long a rename's IN_MOVED_FROM waits for its IN_MOVED_TO before it counts as
    /// a move out of the watched directories.
    pub move_pair_wait: Duration,
    /// The file data one batch carries at most (at least one block always goes).
    pub max_batch_bytes: usize,
    /// The most directories watched at once; past it a directory is left unwatched and
    /// a mirror is required, as when the kernel's max_user_watches is reached.
    pub max_watches: Option<usize>,
    /// The directory replica paths are taken relative to (see
    /// [`MirrorOptions::source_root`](crate::replication::mirror::MirrorOptions::source_root)).
    pub source_root: PathBuf,
}

impl Default for CaptureOptions {
    fn default() -> CaptureOptions {
        CaptureOptions {
            block_size: DEFAULT_BLOCK_SIZE,
            coalesce_window: DEFAULT_COALESCE_WINDOW,
            move_pair_wait: DEFAULT_MOVE_PAIR_WAIT,
            max_batch_bytes: DEFAULT_MAX_BATCH_BYTES,
            max_watches: None,
            source_root: PathBuf::from("/"),
        }
    }
}

impl CaptureOptions {
    /// These options, or why they cannot work.
    pub fn checked(self) -> Result<CaptureOptions, CaptureError> {
        if self.block_size == 0 || self.block_size > MAX_BLOCK_SIZE {
            return Err(CaptureError::InvalidOptions(format!(
                "block_size {} is not between 1 and {MAX_BLOCK_SIZE}",
                self.block_size
            )));
        }
        if self.coalesce_window > MAX_WAIT || self.move_pair_wait > MAX_WAIT {
            return Err(CaptureError::InvalidOptions(format!(
                "coalesce_window {:?} or move_pair_wait {:?} is longer than {MAX_WAIT:?}",
                self.coalesce_window, self.move_pair_wait
            )));
        }
        if self.max_batch_bytes == 0 {
            return Err(CaptureError::InvalidOptions("max_batch_bytes is 0".into()));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_waits_out_of_range_are_refused() {
        assert!(CaptureOptions::default().checked().is_ok());
        let zero_block = CaptureOptions {
            block_size: 0,
            ..CaptureOptions::default()
        };
        assert!(matches!(
            zero_block.checked(),
            Err(CaptureError::InvalidOptions(_))
        ));
        let zero_batch = CaptureOptions {
            max_batch_bytes: 0,
            ..CaptureOptions::default()
        };
        assert!(zero_batch.checked().is_err());
        let huge_block = CaptureOptions {
            block_size: MAX_BLOCK_SIZE + 1,
            ..CaptureOptions::default()
        };
        assert!(huge_block.checked().is_err());
        let endless_window = CaptureOptions {
            coalesce_window: Duration::MAX,
            ..CaptureOptions::default()
        };
        assert!(endless_window.checked().is_err());
    }
}
