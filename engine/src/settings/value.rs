//! A setting's value once read: typed, and written back as DT.conf text by `Display`.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

use super::kind::UNLIMITED;

/// A valid value of some setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingValue {
    /// A whole number (ranges and enumerated values).
    Number(u64),
    /// A `0`/`1` setting.
    Flag(bool),
    /// `Unlimited` (`QJournalSpaceMax`).
    Unlimited,
    /// A directory as written (relative ones resolve against DT.conf's directory).
    Path(PathBuf),
    /// An IP address.
    Address(IpAddr),
    /// A file name or other text.
    Text(String),
}

impl fmt::Display for SettingValue {
    /// The value as DT.conf holds it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingValue::Number(n) => write!(f, "{n}"),
            SettingValue::Flag(on) => f.write_str(if *on { "1" } else { "0" }),
            SettingValue::Unlimited => f.write_str(UNLIMITED),
            SettingValue::Path(path) => write!(f, "{}", path.display()),
            SettingValue::Address(addr) => write!(f, "{addr}"),
            SettingValue::Text(text) => f.write_str(text),
        }
    }
}
