//! Test support: the `dtsubagent` binary of this package, its stderr and its own log in
//! files, stopped with SIGTERM on drop (needs `snmpd_support` beside it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::snmpd_support::terminate;

/// The `dtsubagent` binary under test, stopped with SIGTERM on drop.
pub struct Subagent {
    child: Option<Child>,
}

impl Subagent {
    /// Starts `dtsubagent` with `args`, its stderr in `log` and its own log file in
    /// [`Subagent::log_file`] of `log`.
    pub fn start(args: &[&str], log: &Path) -> Self {
        let log_file = Self::log_file(log).display().to_string();
        Self::start_as_given(&[args, &["--log-file", &log_file]].concat(), log)
    }

    /// Starts `dtsubagent` with `args` only, its stderr in `log`.
    pub fn start_as_given(args: &[&str], log: &Path) -> Self {
        let stderr = std::fs::File::create(log).expect("subagent log");
        let child = Command::new(env!("CARGO_BIN_EXE_dtsubagent"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("start dtsubagent");
        Self { child: Some(child) }
    }

    /// The sub-agent's own log file for the stderr capture `log`: `<log>.file`.
    pub fn log_file(log: &Path) -> PathBuf {
        let mut name = log.as_os_str().to_owned();
        name.push(".file");
        PathBuf::from(name)
    }

    /// Stops it with SIGTERM; its exit status, if it stopped by itself within 5 s.
    pub fn terminate(mut self) -> Option<std::process::ExitStatus> {
        self.child
            .take()
            .and_then(|mut child| terminate(&mut child))
    }
}

impl Drop for Subagent {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            terminate(child);
        }
    }
}
