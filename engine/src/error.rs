//! Errors the engine returns to its clients: each carries an error code of the guide's
//! chapter 5 with its message, and a detail saying what exactly was wrong.

use std::fmt;

use logparse::catalog::ErrorCode;
use serde::{Deserialize, Serialize};

/// An error with the guide's code, its catalogue message, and a specific detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct EngineError {
    /// The guide's error code (chapter 5).
    pub code: u32,
    /// The guide's message for `code`.
    pub message: String,
    /// What exactly went wrong, e.g. the offending name or value.
    pub detail: String,
}

impl EngineError {
    /// An error with `code`'s catalogue message and `detail`.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> EngineError {
        EngineError {
            code: code.0,
            message: code.message().unwrap_or("Unknown error code").to_string(),
            detail: detail.into(),
        }
    }

    /// 101 "Invalid parameter was supplied".
    pub fn invalid_parameter(detail: impl Into<String>) -> EngineError {
        EngineError::new(ErrorCode::INVALID_PARAMETER, detail)
    }

    /// 1, the guide's code for a failure no other code describes.
    pub fn unknown(detail: impl Into<String>) -> EngineError {
        EngineError::new(ErrorCode::UNKNOWN_ERROR_CODE, detail)
    }
}

impl fmt::Display for EngineError {
    /// `error 101: Invalid parameter was supplied: <detail>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error {}: {}", self.code, self.message)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_the_guides_code_and_message() {
        let err = EngineError::new(ErrorCode::JOB_DOES_NOT_EXIST, "no job 1234");
        assert_eq!(err.code, 123);
        assert_eq!(
            err.to_string(),
            "error 123: Job does not exist: no job 1234"
        );
        let err = EngineError::invalid_parameter("MaxLogFileSize=abc");
        assert_eq!(err.code, 101);
        assert!(err.to_string().contains("Invalid parameter was supplied"));
    }
}
