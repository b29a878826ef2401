//! [`EngineProbe`]: how the job monitor finds out whether an engine is reachable, and
//! [`ManagementProbe`], which asks the engine's management port for its status.

use std::fmt;
use std::time::Duration;

use logparse::catalog::ErrorCode;
use serde::{Deserialize, Serialize};

use crate::mgmt::client::Client;
use crate::mgmt::protocol::Request;

/// How long [`ManagementProbe`] waits for a connection by default.
pub const DEFAULT_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What one probe of an engine's management port found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reachability {
    /// The engine answered its status request.
    Up,
    /// No connection could be made: the engine is down or not reachable.
    Down,
    /// The engine accepted the connection but gave no valid answer (a communication error).
    NoAnswer,
    /// The engine answered with an error (a communication warning).
    ErrorAnswer,
}

impl Reachability {
    /// Whether a connection to the engine could be made at all.
    pub fn is_reachable(self) -> bool {
        self != Reachability::Down
    }
}

impl fmt::Display for Reachability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reachability::Up => "Up",
            Reachability::Down => "Down",
            Reachability::NoAnswer => "No answer",
            Reachability::ErrorAnswer => "Error answer",
        })
    }
}

/// Probes engines by their management address (`HOST:PORT`).
pub trait EngineProbe: Send + Sync {
    /// Probes the engine at `engine` once.
    fn probe(&self, engine: &str) -> Reachability;
}

/// The real probe: connects to the management port and sends a status request.
#[derive(Debug, Clone, Copy)]
pub struct ManagementProbe {
    timeout: Duration,
}

impl ManagementProbe {
    /// A probe that waits at most `timeout` for each connection (the answer itself may
    /// take up to the client's request timeout).
    pub fn new(timeout: Duration) -> ManagementProbe {
        ManagementProbe { timeout }
    }
}

impl Default for ManagementProbe {
    fn default() -> ManagementProbe {
        ManagementProbe::new(DEFAULT_PROBE_TIMEOUT)
    }
}

impl EngineProbe for ManagementProbe {
    fn probe(&self, engine: &str) -> Reachability {
        let Ok(mut client) = Client::connect(engine, self.timeout) else {
            return Reachability::Down;
        };
        match client.request(&Request::Status) {
            Ok(_) => Reachability::Up,
            // The client reports a lost, silent or garbled exchange as 110.
            Err(err) if err.code == ErrorCode::SERVER_NOT_RESPONDING.0 => Reachability::NoAnswer,
            Err(_) => Reachability::ErrorAnswer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn nothing_listening_is_down() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        drop(listener);
        assert_eq!(ManagementProbe::default().probe(&addr), Reachability::Down);
        assert_eq!(
            ManagementProbe::default().probe("no port here"),
            Reachability::Down
        );
    }

    #[test]
    fn only_down_is_unreachable() {
        assert!(!Reachability::Down.is_reachable());
        assert!(Reachability::Up.is_reachable());
        assert!(Reachability::NoAnswer.is_reachable());
        assert!(Reachability::ErrorAnswer.is_reachable());
    }
}
