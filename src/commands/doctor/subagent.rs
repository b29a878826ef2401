//! dtsubagent's settings file and the AgentX master it talks to.

use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use dtsubagent::config::{FileSettings, DEFAULT_MASTER};
use dtsubagent::session::Master;

use super::outcome::{Check, Outcome};

/// Checks the settings file at `path` (parsed by dtsubagent's own parser) and that the
/// AgentX master it names (or Net-SNMP's default) accepts a connection.
pub fn check(path: &Path, explicit: bool) -> Vec<Check> {
    let name = format!("dtsubagent.conf {}", path.display());
    let settings = if path.exists() || explicit {
        match FileSettings::load(path, false) {
            Ok(settings) => {
                let check = Check::new(name, Outcome::Pass("parses".into()));
                (check, settings)
            }
            Err(err) => return vec![Check::new(name, Outcome::Fail(err.to_string()))],
        }
    } else {
        let check = Check::new(
            name,
            Outcome::Skip("not present; flags and defaults apply".into()),
        );
        (check, FileSettings::default())
    };
    let (file_check, settings) = settings;
    let agentx = match (&settings.listen, &settings.master) {
        (Some(listen), _) => Check::new(
            "AgentX master",
            Outcome::Skip(format!("dtsubagent runs standalone on {listen}")),
        ),
        (None, Some(master)) => master_check(master),
        (None, None) => match DEFAULT_MASTER.parse() {
            Ok(master) => master_check(&master),
            Err(err) => Check::new("AgentX master", Outcome::Fail(err.to_string())),
        },
    };
    vec![file_check, agentx]
}

fn master_check(master: &Master) -> Check {
    let timeout = Duration::from_secs(2);
    let (name, result) = match master {
        Master::Unix(path) => (
            format!("AgentX master unix:{}", path.display()),
            UnixStream::connect(path).map(drop),
        ),
        Master::Tcp(address) => (
            format!("AgentX master tcp:{address}"),
            address
                .to_socket_addrs()
                .and_then(|mut addrs| {
                    addrs
                        .next()
                        .ok_or_else(|| std::io::Error::other("no address"))
                })
                .and_then(|addr| TcpStream::connect_timeout(&addr, timeout).map(drop)),
        ),
    };
    let outcome = match result {
        Ok(()) => Outcome::Pass("accepts connections".into()),
        Err(err) => Outcome::Fail(format!("{err}; is snmpd running with `master agentx`?")),
    };
    Check::new(name, outcome)
}
