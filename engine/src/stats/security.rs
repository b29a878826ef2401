//! The Security section: login attempts on the engine.

use logparse::sts::Security;

use super::counter::Counter;

/// The live Security statistics.
#[derive(Debug, Default)]
pub struct SecurityCounters {
    /// Security, Logins: successful login attempts.
    pub logins: Counter,
    /// Security, Failed Logins: failed login attempts.
    pub failed_logins: Counter,
}

impl SecurityCounters {
    /// The Security section as it stands now.
    pub fn snapshot(&self) -> Security {
        Security {
            logins: self.logins.get(),
            failed_logins: self.failed_logins.get(),
        }
    }
}
