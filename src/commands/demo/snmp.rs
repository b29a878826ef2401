//! How the demo serves NSI-MIB: through a running Net-SNMP master agent (AgentX) when
//! its socket answers, else dtsubagent's own SNMPv2c agent on a free UDP port.

use std::ffi::OsString;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use super::layout::Layout;

/// Which way to serve NSI-MIB (`--snmp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SnmpChoice {
    /// AgentX when the master socket answers, else standalone.
    Auto,
    /// dtsubagent's standalone SNMPv2c agent on 127.0.0.1.
    Standalone,
    /// AgentX through the master agent's socket.
    Agentx,
}

/// The way chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnmpMode {
    /// Standalone SNMPv2c on `127.0.0.1:port`.
    Standalone(u16),
    /// AgentX sub-agent of the master at this socket.
    Agentx(PathBuf),
}

impl SnmpMode {
    /// Resolves `choice`: `auto` takes AgentX when `socket` accepts a connection.
    pub fn choose(choice: SnmpChoice, socket: &Path, layout: &Layout) -> SnmpMode {
        let agentx = match choice {
            SnmpChoice::Auto => UnixStream::connect(socket).is_ok(),
            SnmpChoice::Standalone => false,
            SnmpChoice::Agentx => true,
        };
        if agentx {
            SnmpMode::Agentx(socket.to_path_buf())
        } else {
            SnmpMode::Standalone(layout.snmp_port)
        }
    }

    /// dtsubagent's arguments: the source engine's stats port and log, and the mode.
    pub fn subagent_args(&self, layout: &Layout) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![
            "--stats".into(),
            format!("127.0.0.1:{}", layout.source.stats).into(),
            "--log-dir".into(),
            layout.source.log_dir().into(),
            "--state-dir".into(),
            layout.subagent_state.clone().into(),
            // No settings file of the host's: everything comes from these flags.
            "--config".into(),
            "/dev/null".into(),
        ];
        match self {
            SnmpMode::Standalone(port) => {
                args.push("--listen".into());
                args.push(format!("udp:127.0.0.1:{port}").into());
            }
            SnmpMode::Agentx(socket) => {
                let mut master = OsString::from("unix:");
                master.push(socket);
                args.push("--master".into());
                args.push(master);
            }
        }
        args
    }

    /// The `HOST:PORT` an SNMP manager queries.
    pub fn agent_address(&self) -> String {
        match self {
            SnmpMode::Standalone(port) => format!("127.0.0.1:{port}"),
            SnmpMode::Agentx(_) => "127.0.0.1".to_string(),
        }
    }
}
