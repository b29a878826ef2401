//! The project's one SMTP test server, shared with dtnotify's tests: aiosmtpd
//! (`notifier/tests/support/smtp_server.py`; scripts/test installs aiosmtpd) on a free
//! loopback port, writing each mail it accepts to a maildir; killed on drop.
#![allow(dead_code, unused_imports)] // each test binary uses part of it

#[path = "../../notifier/tests/support/certs.rs"]
pub mod certs;
#[path = "../../notifier/tests/support/smtp.rs"]
mod smtp;

pub use smtp::{Received, SmtpServer};

/// A loopback TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free loopback port")
}
