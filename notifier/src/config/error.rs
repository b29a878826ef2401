//! Why a configuration cannot be used: one line naming the file and the option.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::email_code::EmailCode;

/// A configuration that cannot be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{}: cannot read the configuration: {source}", path.display())]
    Read {
        /// The configuration file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not valid TOML or has an unknown key or a wrong type.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message (one line).
        message: String,
    },
    /// An option has a value that cannot be used.
    #[error("{}: {option}: {message}", path.display())]
    Invalid {
        /// The configuration file.
        path: PathBuf,
        /// The option, e.g. `smtp.port`.
        option: String,
        /// What is wrong with it.
        message: String,
        /// The guide's code for this kind of problem.
        code: EmailCode,
    },
}

impl ConfigError {
    /// The guide's e-mail code for the problem (2212, 2215 or 2217).
    pub fn code(&self) -> EmailCode {
        match self {
            ConfigError::Read { .. } | ConfigError::Syntax { .. } => EmailCode::SettingInvalid,
            ConfigError::Invalid { code, .. } => *code,
        }
    }
}
