//! A private Net-SNMP snmpd for end-to-end tests: AgentX master on a Unix socket in
//! its own folder, SNMP on a loopback UDP port, `public` read-only, optional extra
//! snmpd.conf lines (e.g. a `trap2sink`); stopped on drop.

use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A running snmpd.
pub struct Snmpd {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Snmpd {
    /// Starts snmpd in `dir` on a free port with `extra` snmpd.conf lines and waits
    /// (up to 10 s) until it answers.
    pub fn start(dir: &Path, extra: &str) -> Snmpd {
        std::fs::create_dir_all(dir.join("persist")).expect("snmpd folder");
        let port = UdpSocket::bind("127.0.0.1:0")
            .and_then(|s| s.local_addr())
            .expect("a loopback UDP port")
            .port();
        let conf = dir.join("snmpd.conf");
        std::fs::write(
            &conf,
            format!(
                "agentaddress udp:127.0.0.1:{port}\nmaster agentx\nagentXSocket unix:{}\n\
                 agentXPerms 0660 0755\nrocommunity public 127.0.0.1\n{extra}",
                dir.join("agentx.sock").display()
            ),
        )
        .expect("write snmpd.conf");
        let log = std::fs::File::create(dir.join("snmpd.log")).expect("snmpd log");
        let child = Command::new("snmpd")
            .args(["-f", "-Lo", "-C", "-c"])
            .arg(&conf)
            .args(["-I", "-smux,mteTrigger,mteTriggerConf", "-p"])
            .arg(dir.join("snmpd.pid"))
            .env("SNMP_PERSISTENT_DIR", dir.join("persist"))
            .env("MIBS", "")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("snmpd not found: install the Debian package `snmpd`");
        let snmpd = Snmpd {
            child,
            dir: dir.to_owned(),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !snmpd
            .tool("snmpget", &["-t", "0.2", "-r", "0"], &["1.3.6.1.2.1.1.3.0"])
            .status
            .success()
        {
            assert!(
                Instant::now() < deadline,
                "snmpd did not start: {}",
                snmpd.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        snmpd
    }

    /// The AgentX socket.
    pub fn socket(&self) -> PathBuf {
        self.dir.join("agentx.sock")
    }

    /// snmpd's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("snmpd.log")).unwrap_or_default()
    }

    /// Runs `tool` (`snmpget`, `snmpwalk`, …) with `-v2c -c public -On` and `options`
    /// against this snmpd for `oids`.
    pub fn tool(&self, tool: &str, options: &[&str], oids: &[&str]) -> Output {
        Command::new(tool)
            .args(["-v2c", "-c", "public", "-On"])
            .args(options)
            .arg(format!("udp:127.0.0.1:{}", self.port))
            .args(oids)
            .env("SNMP_PERSISTENT_DIR", self.dir.join("persist"))
            .env("MIBS", "")
            .output()
            .unwrap_or_else(|e| panic!("{tool} not found ({e}): install the Debian package `snmp`"))
    }
}

impl Drop for Snmpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
