//! Test support for dtnotify: a real SMTP server (aiosmtpd) on loopback, certificates made
//! with openssl, job logs written with `logparse`'s appender, and the `dtnotify` process.
//! Each test binary uses part of it.
#![allow(dead_code)]

pub mod certs;
pub mod job_logs;
pub mod notifier;
pub mod postfix;
pub mod smtp;

use std::net::TcpListener;
use std::time::{Duration, Instant};

/// How long any wait in these tests may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Polls `done` every 20 ms until it holds; panics with `what` after [`PATIENCE`].
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A loopback TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free loopback port")
}
