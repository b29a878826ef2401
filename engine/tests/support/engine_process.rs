//! A real `dtengine` process in a temp dir, on free loopback ports, and `dtctl` against it.

#![allow(dead_code)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One engine's files and ports; the process runs while `child` is set.
pub struct TestEngine {
    /// Its folder: DT.conf, log/, data/, jobs/.
    pub dir: PathBuf,
    /// Management port.
    pub port: u16,
    /// Stats port.
    pub stats_port: u16,
    /// Replication port (NetPort).
    pub net_port: u16,
    child: Option<Child>,
}

impl TestEngine {
    /// Writes a DT.conf in `dir` (with `extra` lines) for free ports; does not start.
    pub fn configure(dir: &Path, extra: &str) -> TestEngine {
        std::fs::create_dir_all(dir).unwrap();
        let (port, stats_port, net_port) = (free_port(), free_port(), free_port());
        let conf = format!(
            "# test engine\nLogDir={d}/log\nDataDir={d}/data\nJobLogDir={d}/jobs\nManagementPort={port}\nStatsPort={stats_port}\nNetAddress=127.0.0.1\nNetPort={net_port}\nQJournalDir={d}/queue\n{extra}\n",
            d = dir.display()
        );
        std::fs::write(dir.join("DT.conf"), conf).unwrap();
        TestEngine {
            dir: dir.to_path_buf(),
            port,
            stats_port,
            net_port,
            child: None,
        }
    }

    /// Starts dtengine and waits until its management port answers.
    pub fn start(&mut self) {
        let child = Command::cargo_bin("dtengine")
            .unwrap()
            .arg("--config")
            .arg(self.dir.join("DT.conf"))
            .env_remove("DT_CONF")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.dtctl(&["status"]).status.success() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("dtengine did not start in {}", self.dir.display());
    }

    /// `HOST:PORT` of the management port.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Runs `dtctl --engine <this engine> args…`.
    pub fn dtctl(&self, args: &[&str]) -> Output {
        Command::cargo_bin("dtctl")
            .unwrap()
            .arg("--engine")
            .arg(self.address())
            .args(args)
            .env_remove("DTCTL_ENGINE")
            .output()
            .unwrap()
    }

    /// Runs dtctl and returns its stdout, failing the test if dtctl failed.
    pub fn dtctl_ok(&self, args: &[&str]) -> String {
        let out = self.dtctl(args);
        assert!(
            out.status.success(),
            "dtctl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The process ID, while running.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn stop(&mut self) {
        let mut child = self.child.take().expect("running");
        let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "dtengine exited with {status}");
    }

    /// Kills the process outright (no clean stop), as a crash would.
    pub fn kill(&mut self) {
        let mut child = self.child.take().expect("running");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Appends a line to DT.conf.
    pub fn add_setting(&self, line: &str) {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(self.dir.join("DT.conf"))
            .unwrap();
        writeln!(f, "{line}").unwrap();
    }
}

impl Drop for TestEngine {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
