//! Test support: a `dtsubagent` binary (this package's, or one given by path from the
//! workspace's end-to-end tests), its stderr and its own log in files, stopped with
//! SIGTERM on drop (needs `snmpd_support` beside it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::snmpd_support::terminate;

/// The `dtsubagent` binary under test, stopped with SIGTERM on drop.
pub struct Subagent {
    child: Option<Child>,
}

impl Subagent {
    /// Starts this package's `dtsubagent` with `args`, its stderr in `log` and its own
    /// log file in [`Subagent::log_file`] of `log`.
    pub fn start(args: &[&str], log: &Path) -> Self {
        Self::start_program(this_package_binary(), args, log)
    }

    /// As [`Subagent::start`], with the binary at `program`.
    pub fn start_program(program: &Path, args: &[&str], log: &Path) -> Self {
        let log_file = Self::log_file(log).display().to_string();
        Self::spawn(program, &[args, &["--log-file", &log_file]].concat(), log)
    }

    /// Starts this package's `dtsubagent` with `args` only, its stderr in `log`.
    #[allow(dead_code)] // only the tests of the options themselves give every argument
    pub fn start_as_given(args: &[&str], log: &Path) -> Self {
        Self::spawn(this_package_binary(), args, log)
    }

    fn spawn(program: &Path, args: &[&str], log: &Path) -> Self {
        let stderr = std::fs::File::create(log).expect("subagent log");
        let child = Command::new(program)
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

/// The binary Cargo built for this package's tests (none in other packages' tests).
fn this_package_binary() -> &'static Path {
    match option_env!("CARGO_BIN_EXE_dtsubagent") {
        Some(path) => Path::new(path),
        None => panic!("outside the dtsubagent package: start it with Subagent::start_program"),
    }
}

impl Drop for Subagent {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            terminate(child);
        }
    }
}
