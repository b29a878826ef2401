//! Why snapshots cannot be read or saved: the guide's errors 110 and 143, and file errors.
//! The reason of a file error is its `source()`; print with `{:#}` (anyhow) to show both.

use std::io;
use std::path::PathBuf;

use logparse::catalog::ErrorCode;
use logparse::sts::HeaderError;
use thiserror::Error;

/// A source of snapshots failed; each variant's message is one line naming what failed.
#[derive(Debug, Error)]
pub enum SourceError {
    /// Nothing answers at the stats port, or it stopped answering (guide error 110).
    #[error("error 110: Server is not responding ({server}: {reason})")]
    NotResponding {
        /// The stats port, `host:port`.
        server: String,
        /// What happened: refused, timed out, closed, not a statistics stream.
        reason: String,
    },
    /// `-f` names a file that is not a `.sts` file (guide error 143).
    #[error("error 143: Invalid statistics file {}", path.display())]
    InvalidStatisticsFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with its header.
        source: HeaderError,
    },
    /// The `-f` file is missing or cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The `-t` file cannot be created or written.
    #[error("cannot save snapshots to {}", path.display())]
    Save {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
}

impl SourceError {
    /// The guide's error code of this failure, if it has one (110 or 143).
    pub fn guide_code(&self) -> Option<ErrorCode> {
        match self {
            SourceError::NotResponding { .. } => Some(ErrorCode::SERVER_NOT_RESPONDING),
            SourceError::InvalidStatisticsFile { .. } => Some(ErrorCode::INVALID_STATISTICS_FILE),
            SourceError::Read { .. } | SourceError::Save { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_guides_code_and_text() {
        let not_responding = SourceError::NotResponding {
            server: "10.0.0.5:1506".into(),
            reason: "connection refused".into(),
        };
        let code = not_responding.guide_code().expect("has a code");
        let message = format!("error {code}: {}", code.message().expect("listed"));
        assert!(not_responding.to_string().starts_with(&message));
        let invalid = SourceError::InvalidStatisticsFile {
            path: "x.sts".into(),
            source: HeaderError::BadMagic,
        };
        let code = invalid.guide_code().expect("has a code");
        let message = format!("error {code}: {}", code.message().expect("listed"));
        assert!(invalid.to_string().starts_with(&message), "{invalid}");
        let read = SourceError::Read {
            path: "x.sts".into(),
            source: io::ErrorKind::NotFound.into(),
        };
        assert_eq!(read.guide_code(), None);
    }
}
