//! Test support: a private Net-SNMP snmptrapd on a loopback UDP port (own temp dir, own
//! config accepting every community), printing numeric OIDs to a log file; killed on drop.

use std::fs::File;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// A running snmptrapd.
pub struct Snmptrapd {
    child: Child,
    log: PathBuf,
    port: u16,
}

impl Snmptrapd {
    /// Starts snmptrapd in `dir` on a free loopback port and waits until it is ready.
    pub fn start(dir: &Path) -> Self {
        std::fs::create_dir_all(dir).expect("snmptrapd dir");
        let port = UdpSocket::bind("127.0.0.1:0")
            .and_then(|socket| socket.local_addr())
            .expect("a loopback UDP port")
            .port();
        let conf = dir.join("snmptrapd.conf");
        std::fs::write(&conf, "disableAuthorization yes\n").expect("write snmptrapd.conf");
        let log = dir.join("traps.log");
        let child = Command::new("snmptrapd")
            .args(["-f", "-Lo", "-On", "-C", "-c"])
            .arg(&conf)
            .arg("-p")
            .arg(dir.join("snmptrapd.pid"))
            .arg(format!("udp:127.0.0.1:{port}"))
            .env("SNMP_PERSISTENT_DIR", dir)
            .env("SNMPCONFPATH", dir)
            .env("MIBS", "")
            .stdin(Stdio::null())
            .stdout(File::create(&log).expect("snmptrapd log"))
            .stderr(Stdio::null())
            .spawn()
            .expect("snmptrapd not found: install the Debian package `snmptrapd`");
        let trapd = Self { child, log, port };
        let ready = trapd.wait_for("NET-SNMP version", Duration::from_secs(10));
        assert!(
            ready.is_some(),
            "snmptrapd did not start: {}",
            trapd.output()
        );
        trapd
    }

    /// The `HOST:PORT` it listens on.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Everything it printed so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Its output once it contains `needle`, waiting at most `limit`.
    pub fn wait_for(&self, needle: &str, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            let seen = self.output();
            if seen.contains(needle) {
                return Some(seen);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Snmptrapd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
