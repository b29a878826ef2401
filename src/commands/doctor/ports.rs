//! The engine's ports: free to bind, or held by a dtengine that answers on its
//! management port.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;
use engine::settings::EngineSettings;
use serde_json::Value;

use super::outcome::{Check, Outcome};

/// Checks the management, replication and stats ports of `settings`.
pub fn check(settings: &EngineSettings) -> Vec<Check> {
    let management = settings.management_endpoint();
    // A dtengine answering on the management port tells which ports it holds.
    let status = Client::connect(&management.to_string(), Duration::from_secs(2))
        .and_then(|mut client| client.request(&Request::Status))
        .ok();
    [
        ("ManagementPort", management, "management"),
        ("NetPort", settings.net_endpoint(), "net"),
        ("StatsPort", settings.stats_endpoint(), "stats"),
    ]
    .into_iter()
    .map(|(setting, address, key)| {
        let name = format!("{setting} {address}");
        Check::new(name, port_outcome(address, status.as_ref(), key))
    })
    .collect()
}

fn port_outcome(address: SocketAddr, status: Option<&Value>, key: &str) -> Outcome {
    match TcpListener::bind(address) {
        Ok(_) => Outcome::Pass("free".into()),
        Err(err) => {
            let held = status.and_then(|s| {
                let port = s[key].as_str()?.parse::<SocketAddr>().ok()?.port();
                (port == address.port()).then(|| s["pid"].as_u64().unwrap_or(0))
            });
            match held {
                Some(pid) => Outcome::Pass(format!("in use by dtengine (pid {pid})")),
                None => Outcome::Fail(format!(
                    "cannot be bound ({err}) and no dtengine answers for it"
                )),
            }
        }
    }
}
