//! [`MirrorOptions`]: the settings a mirror runs with (MirrorChunkSize,
//! SmallFileThreshold, RemapLink) and the job's target path.

use std::path::PathBuf;

/// MirrorChunkSize's default: the bytes of file data in one Write (guide, chapter 12).
pub const DEFAULT_MIRROR_CHUNK_SIZE: u64 = 65_536;

/// MirrorChunkSize's largest value, and the most file data one Write ever carries.
pub const MAX_MIRROR_CHUNK_SIZE: u64 = 1_048_576;

/// SmallFileThreshold's default: files shorter than this go in one Write.
pub const DEFAULT_SMALL_FILE_THRESHOLD: u64 = 65_536;

/// How the mirror sends a symbolic link whose text is an absolute path inside the
/// replication set (the RemapLink setting). Relative links and links pointing outside
/// the set always travel as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemapLink {
    /// 0: the link keeps its original text, so on the target it still points at the
    /// source's path (`/srv/docs/a`).
    Retain,
    /// 1 (the default): the text is remapped under the job's target path
    /// (`/srv/docs/a` → `/replica/srv/docs/a`), so on the target it points into the
    /// replica.
    #[default]
    Remap,
}

impl From<bool> for RemapLink {
    /// The setting's flag: `true` (1) remaps, `false` (0) retains.
    fn from(remap: bool) -> RemapLink {
        if remap {
            RemapLink::Remap
        } else {
            RemapLink::Retain
        }
    }
}

/// What a mirror needs besides the replication set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorOptions {
    /// MirrorChunkSize: bytes of file data per Write, kept within 1 to
    /// [`MAX_MIRROR_CHUNK_SIZE`].
    pub chunk_size: u64,
    /// SmallFileThreshold: a file shorter than this goes in one Write. The whole-file
    /// read is capped at [`MAX_MIRROR_CHUNK_SIZE`] so no Write ever holds more than
    /// that; longer files go in chunks whatever the setting says.
    pub small_file_threshold: u64,
    /// RemapLink.
    pub remap_link: RemapLink,
    /// The job's target path: where the replica lives on the target, used by
    /// [`RemapLink::Remap`].
    pub target_path: PathBuf,
    /// The directory replica paths are taken relative to: `/` (a source path `/srv/a`
    /// is the replica's `srv/a`), or for a reversed job the target path it protects.
    pub source_root: PathBuf,
}

impl MirrorOptions {
    /// The guide's defaults, for a job whose replica lives under `target_path`.
    pub fn new(target_path: impl Into<PathBuf>) -> MirrorOptions {
        MirrorOptions {
            chunk_size: DEFAULT_MIRROR_CHUNK_SIZE,
            small_file_threshold: DEFAULT_SMALL_FILE_THRESHOLD,
            remap_link: RemapLink::default(),
            target_path: target_path.into(),
            source_root: PathBuf::from("/"),
        }
    }

    /// The chunk size in force: the setting kept within 1 to [`MAX_MIRROR_CHUNK_SIZE`].
    pub fn effective_chunk_size(&self) -> u64 {
        self.chunk_size.clamp(1, MAX_MIRROR_CHUNK_SIZE)
    }

    /// Whether a regular file of `len` bytes goes in one Write.
    pub fn is_small_file(&self, len: u64) -> bool {
        len < self.small_file_threshold.min(MAX_MIRROR_CHUNK_SIZE + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_size_and_threshold_are_bounded() {
        let mut options = MirrorOptions::new("/replica");
        assert_eq!(options.effective_chunk_size(), 65_536);
        assert!(options.is_small_file(65_535));
        assert!(!options.is_small_file(65_536));
        options.chunk_size = 0;
        assert_eq!(options.effective_chunk_size(), 1);
        options.chunk_size = u64::MAX;
        assert_eq!(options.effective_chunk_size(), MAX_MIRROR_CHUNK_SIZE);
        options.small_file_threshold = u64::MAX;
        assert!(options.is_small_file(MAX_MIRROR_CHUNK_SIZE));
        assert!(!options.is_small_file(MAX_MIRROR_CHUNK_SIZE + 1));
        options.small_file_threshold = 0;
        assert!(!options.is_small_file(0));
    }

    #[test]
    fn remap_link_follows_the_flag() {
        assert_eq!(RemapLink::default(), RemapLink::Remap);
        assert_eq!(RemapLink::from(false), RemapLink::Retain);
        assert_eq!(RemapLink::from(true), RemapLink::Remap);
    }
}
