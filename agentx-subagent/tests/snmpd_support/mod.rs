//! Test support: a private Net-SNMP snmpd acting as AgentX master (own temp dir, own
//! config, loopback UDP port, Unix AgentX socket), the net-snmp client tools pointed at
//! it, and an in-test engine stats port streaming `.sts` snapshots. Every process is
//! stopped on drop. (The `dtsubagent` binary itself is in `subagent_support`.)

use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use logparse::sts::{Snapshot, StsWriter};

/// Polls `probe` every 50 ms until it gives a value or `limit` passes.
pub fn eventually<T>(limit: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = probe() {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// A free loopback UDP port (free when this returns; snmpd binds it right after).
pub fn free_udp_port() -> u16 {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind a loopback UDP port");
    socket.local_addr().expect("local address").port()
}

/// Asks `child` to stop with SIGTERM and waits up to 5 s, then kills it; its exit
/// status if it stopped by itself.
pub fn terminate(child: &mut Child) -> Option<std::process::ExitStatus> {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let stopped = eventually(Duration::from_secs(5), || child.try_wait().ok().flatten());
    if stopped.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    stopped
}

/// A private snmpd: AgentX master on `<dir>/agentx.sock`, SNMP on udp:127.0.0.1:`port`,
/// communities `public` (read) and `private` (write, to send Sets to the sub-agent).
pub struct Snmpd {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Snmpd {
    /// Starts snmpd in `dir` on `port`, with `extra` lines appended to its snmpd.conf
    /// (e.g. a trap sink), and waits until it answers (up to 10 s).
    pub fn start(dir: &Path, port: u16, extra: &str) -> Self {
        let conf = dir.join("snmpd.conf");
        std::fs::create_dir_all(dir.join("persist")).expect("persistent dir");
        std::fs::write(
            &conf,
            format!(
                "agentaddress udp:127.0.0.1:{port}\nmaster agentx\nagentXSocket unix:{}\n\
                 agentXPerms 0660 0755\nrocommunity public 127.0.0.1\n\
                 rwcommunity private 127.0.0.1\n{extra}",
                dir.join("agentx.sock").display()
            ),
        )
        .expect("write snmpd.conf");
        let log = std::fs::File::create(dir.join("snmpd.log")).expect("snmpd log");
        let child = Command::new("snmpd")
            .arg("-f")
            .arg("-Lo")
            .arg("-C")
            .arg("-c")
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
        let snmpd = Self {
            child,
            dir: dir.to_owned(),
            port,
        };
        let up = eventually(Duration::from_secs(10), || {
            let out = snmpd.tool("snmpget", &["-t", "0.2", "-r", "0"], &["1.3.6.1.2.1.1.3.0"]);
            out.status.success().then_some(())
        });
        assert!(up.is_some(), "snmpd did not start: {}", snmpd.log());
        snmpd
    }

    /// The AgentX master's Unix socket.
    pub fn socket(&self) -> PathBuf {
        self.dir.join("agentx.sock")
    }

    /// The AgentX master address for dtsubagent.
    pub fn master(&self) -> String {
        format!("unix:{}", self.socket().display())
    }

    /// snmpd's own log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("snmpd.log")).unwrap_or_default()
    }

    /// Runs a net-snmp client tool (`snmpget`, `snmpwalk`, `snmpbulkwalk`) with
    /// `-v2c -c public -On` and `options` against this snmpd, for `oids`.
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
        terminate(&mut self.child);
    }
}

/// An in-test engine stats port: every client gets the `.sts` header, then the
/// snapshot every 100 ms. Dropping it closes the port and every client.
pub struct StatsServer {
    address: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StatsServer {
    /// Serves `snapshot` on a free loopback port.
    pub fn start(snapshot: Snapshot) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the stats port");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let address = listener.local_addr().expect("local address").to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut clients = Vec::new();
            while !stopping.load(Ordering::SeqCst) {
                while let Ok((stream, _)) = listener.accept() {
                    let _ = stream.set_nonblocking(false);
                    if let Ok(writer) = StsWriter::new(stream) {
                        clients.push(writer);
                    }
                }
                clients.retain_mut(|w: &mut StsWriter<std::net::TcpStream>| {
                    w.write_snapshot(&snapshot).is_ok() && w.flush().is_ok()
                });
                thread::sleep(Duration::from_millis(100));
            }
        });
        Self {
            address,
            stop,
            thread: Some(thread),
        }
    }

    /// `HOST:PORT` of the port.
    pub fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for StatsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
