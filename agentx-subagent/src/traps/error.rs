//! Why the trap feed failed.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

/// An error of the trap feed.
#[derive(Debug, Error)]
pub enum TrapError {
    /// The log series could not be read.
    #[error("reading the engine log: {0}")]
    Log(#[source] io::Error),
    /// The cursor file could not be read or written.
    #[error("cursor file {path}: {source}")]
    CursorIo {
        /// The cursor file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The cursor file does not hold a cursor.
    #[error("cursor file {path} is not a cursor: {source}")]
    CursorFormat {
        /// The cursor file.
        path: PathBuf,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
}
