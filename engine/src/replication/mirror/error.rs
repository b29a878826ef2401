//! [`MirrorError`]: a path the mirror or the manifest could not read.

use std::io;
use std::path::PathBuf;

use crate::replication::RelPathError;

/// A path skipped by a mirror or a manifest walk; the walk goes on after it.
#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    /// The path could not be examined or read (FailedMirrorCount on the source).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The path has no replica path (e.g. a name the replica cannot hold).
    #[error("{} has no replica path: {source}", path.display())]
    Name {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: RelPathError,
    },
}

impl MirrorError {
    /// A read error on `path`.
    pub(crate) fn read(path: impl Into<PathBuf>, source: io::Error) -> MirrorError {
        MirrorError::Read {
            path: path.into(),
            source,
        }
    }
}
