//! The guide's e-mail notification codes (chapter 5, 2200–2219) that dtnotify reports.

use std::fmt;

use logparse::catalog::{error_message, ErrorCode};

/// An e-mail notification code from the guide's error code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailCode {
    /// 2200: "E-mail notification is functioning properly".
    Functioning,
    /// 2201: "Error communicating with e-mail server" (the server answered with an error).
    Communicating,
    /// 2202: "Error connecting to e-mail server" (no connection, TLS, or time-out).
    Connecting,
    /// 2207: "Error sending e-mail".
    Sending,
    /// 2208: "Error sending test e-mail".
    SendingTest,
    /// 2212: "E-mail notification setting is invalid".
    SettingInvalid,
    /// 2215: "E-mail notification format is invalid".
    FormatInvalid,
    /// 2217: "E-mail notification address notification list is empty".
    AddressListEmpty,
}

impl EmailCode {
    /// The numeric code.
    pub const fn number(self) -> u32 {
        match self {
            EmailCode::Functioning => 2200,
            EmailCode::Communicating => 2201,
            EmailCode::Connecting => 2202,
            EmailCode::Sending => 2207,
            EmailCode::SendingTest => 2208,
            EmailCode::SettingInvalid => 2212,
            EmailCode::FormatInvalid => 2215,
            EmailCode::AddressListEmpty => 2217,
        }
    }

    /// The guide's message for the code.
    pub fn message(self) -> &'static str {
        error_message(ErrorCode(self.number())).unwrap_or("E-mail notification error")
    }
}

impl fmt::Display for EmailCode {
    /// `2202 Error connecting to e-mail server`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.number(), self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_from_the_guides_table() {
        assert_eq!(
            EmailCode::Connecting.to_string(),
            "2202 Error connecting to e-mail server"
        );
        assert_eq!(
            EmailCode::AddressListEmpty.to_string(),
            "2217 E-mail notification address notification list is empty"
        );
        assert_eq!(
            EmailCode::Functioning.message(),
            "E-mail notification is functioning properly"
        );
    }
}
