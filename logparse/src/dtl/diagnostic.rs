//! A report about a line that could not be read, with file and line number.

use std::fmt;
use std::io;
use std::path::PathBuf;

use thiserror::Error;

use super::line_error::LineError;

/// A line (or a file) that could not be read; reading goes on after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, when reading one (`None` for an anonymous stream).
    pub path: Option<PathBuf>,
    /// 1-based number of the line concerned; `0` when the problem is not about a line.
    pub line_no: u64,
    /// Byte offset in the file where that line starts.
    pub offset: u64,
    /// What went wrong.
    pub reason: DiagnosticReason,
}

/// What a [`Diagnostic`] reports.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DiagnosticReason {
    /// The line is malformed.
    #[error(transparent)]
    Line(#[from] LineError),
    /// The line exceeds the reader's maximum length; it was skipped.
    #[error("line of {len} bytes is longer than the maximum of {limit} bytes; skipped")]
    TooLong {
        /// Length of the line without its terminator.
        len: u64,
        /// The reader's maximum line length.
        limit: usize,
    },
    /// A file that is no longer written to ends in the middle of a line.
    #[error("file ends with an incomplete line of {len} bytes")]
    TornLine {
        /// Bytes after the last line terminator.
        len: u64,
    },
    /// Reading the file failed.
    #[error("read error: {message}")]
    Io {
        /// The kind of the underlying error.
        kind: io::ErrorKind,
        /// The underlying error's message.
        message: String,
    },
}

impl DiagnosticReason {
    /// The reason for a failed read or open.
    pub fn io(err: &io::Error) -> DiagnosticReason {
        DiagnosticReason::Io {
            kind: err.kind(),
            message: err.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: reason`, e.g. `dtlog3.dtl:17: column 6 (type): expected 1 or 2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line_no) {
            (Some(path), 0) => write!(f, "{}: {}", path.display(), self.reason),
            (Some(path), line) => write!(f, "{}:{line}: {}", path.display(), self.reason),
            (None, 0) => write!(f, "{}", self.reason),
            (None, line) => write!(f, "line {line}: {}", self.reason),
        }
    }
}

impl std::error::Error for Diagnostic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtl::line_error::{Column, Reason};

    #[test]
    fn displays_like_a_compiler_message() {
        let reason = DiagnosticReason::Line(LineError {
            column: Column::Type,
            reason: Reason::ExpectedType,
        });
        let diagnostic = Diagnostic {
            path: Some(PathBuf::from("dtlog3.dtl")),
            line_no: 17,
            offset: 1800,
            reason: reason.clone(),
        };
        assert_eq!(
            diagnostic.to_string(),
            "dtlog3.dtl:17: column 6 (type): expected 1 or 2"
        );
        let anonymous = Diagnostic {
            path: None,
            ..diagnostic
        };
        assert_eq!(
            anonymous.to_string(),
            "line 17: column 6 (type): expected 1 or 2"
        );
        let whole_file = Diagnostic {
            path: Some(PathBuf::from("dtlog4.dtl")),
            line_no: 0,
            offset: 0,
            reason: DiagnosticReason::io(&io::Error::from(io::ErrorKind::PermissionDenied)),
        };
        assert!(whole_file
            .to_string()
            .starts_with("dtlog4.dtl: read error: "));
    }
}
