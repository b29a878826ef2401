//! `[smtp]`: the relay, its TLS mode (with the port rule), AUTH and the delivery timings.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// How the connection to the relay is protected; always an explicit choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain SMTP (port 25 or a local relay).
    None,
    /// Plain connection upgraded with STARTTLS, required (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl TlsMode {
    /// The mode's name as written in the file.
    pub const fn name(self) -> &'static str {
        match self {
            TlsMode::None => "none",
            TlsMode::Starttls => "starttls",
            TlsMode::Tls => "tls",
        }
    }

    /// The mode a well-known port implies: 465 `tls`, 587 `starttls`.
    pub const fn implied_by(port: u16) -> Option<TlsMode> {
        match port {
            465 => Some(TlsMode::Tls),
            587 => Some(TlsMode::Starttls),
            _ => None,
        }
    }

    /// The usual port for the mode: 25, 587 or 465.
    pub const fn default_port(self) -> u16 {
        match self {
            TlsMode::None => 25,
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
        }
    }
}

/// Where the TLS mode came from, shown by `dtnotify check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsChoice {
    /// Written as `tls = "…"`.
    Explicit,
    /// Implied by port 465 or 587.
    ImpliedByPort,
}

/// A password: never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password read from a file or the environment.
    pub fn new(password: String) -> Password {
        Password(password)
    }

    /// The password itself, for the SMTP AUTH exchange only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("********")
    }
}

impl fmt::Display for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("********")
    }
}

/// Where the AUTH password comes from, shown by `dtnotify check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// A file whose first line is the password.
    File(PathBuf),
    /// An environment variable.
    Env(String),
}

/// SMTP AUTH credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: Password,
    /// Where the password was read from.
    pub source: PasswordSource,
}

/// Default time allowed for one whole send (connect, TLS, AUTH, the message).
pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of pooled connections (and concurrent sends).
pub const DEFAULT_CONNECTIONS: u32 = 4;
/// Default wait before the first retry; doubled at each further failure.
pub const DEFAULT_RETRY_INITIAL: Duration = Duration::from_secs(1);
/// Default longest wait between retries.
pub const DEFAULT_RETRY_MAX: Duration = Duration::from_secs(300);

/// The validated `[smtp]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Relay host name or address.
    pub host: String,
    /// Relay port.
    pub port: u16,
    /// TLS mode.
    pub tls: TlsMode,
    /// Whether the mode was written or implied by the port.
    pub tls_choice: TlsChoice,
    /// PEM file with the CA certificate(s) of a private relay.
    pub ca_file: Option<PathBuf>,
    /// AUTH credentials, if the relay wants them.
    pub auth: Option<Auth>,
    /// Time allowed for one send, end to end.
    pub timeout: Duration,
    /// Pooled connections and concurrent sends.
    pub connections: u32,
    /// Wait before the first retry.
    pub retry_initial: Duration,
    /// Longest wait between retries.
    pub retry_max: Duration,
}
