//! Standalone SNMPv2c against the real Net-SNMP tools: snmpget, snmpwalk, snmpbulkwalk
//! ask our agent; a private snmptrapd receives our trap.

use std::fs::File;
use std::net::{SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::{Duration as Span, TimeZone, Utc};
use dtsubagent::mib_view::MibView;
use dtsubagent::standalone::{parse_udp_endpoint, StandaloneAgent, TrapSender};
use dtsubagent::traps::notifications_for;
use logparse::dtl::{Level, Record};
use logparse::sts::{ConState, ConnectionStats, Kernel, Snapshot, SourceState, TargetState};
use tempfile::TempDir;

/// The agent on a background thread; stopped and joined on drop.
struct Running {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A child process killed and reaped on drop.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn snapshot() -> Snapshot {
    let start = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).single().unwrap();
    let mut snapshot = Snapshot {
        timestamp: start + Span::seconds(97 * 60 + 40),
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: start,
            ..Kernel::default()
        },
        ..Snapshot::default()
    };
    snapshot.connections = (1..=30u32)
        .map(|id| ConnectionStats {
            connection_id: id,
            con_peer_address: [10, 0, 0, id as u8].into(),
            con_state: ConState::ALL[id as usize % ConState::ALL.len()],
            con_ops_tx: u64::from(id) * 1000,
            ..ConnectionStats::default()
        })
        .collect();
    snapshot
}

fn start_agent(community: &str) -> (Running, usize) {
    let snapshot = snapshot();
    let objects = MibView::from_snapshot(&snapshot).instance_count();
    let listen = parse_udp_endpoint("udp:127.0.0.1:0").unwrap();
    let agent = StandaloneAgent::bind(listen, community.as_bytes()).unwrap();
    let addr = agent.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = thread::spawn(move || {
        agent
            .serve(|| Box::new(MibView::from_snapshot(&snapshot)), &flag)
            .unwrap();
    });
    let running = Running {
        addr,
        stop,
        thread: Some(thread),
    };
    (running, objects)
}

fn tool(name: &str, state: &Path) -> Command {
    let mut command = Command::new(name);
    command
        .env("SNMP_PERSISTENT_DIR", state)
        .env("SNMPCONFPATH", state)
        .env("MIBS", "")
        .stdin(Stdio::null());
    command
}

fn run(name: &str, args: &[&str], state: &Path) -> Output {
    tool(name, state)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{name} not runnable ({err}): apt-get install snmp snmptrapd"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn snmpget_reads_dt_up_time() {
    let state = TempDir::new().unwrap();
    let (agent, _) = start_agent("public");
    let target = format!("udp:{}", agent.addr);
    let out = run(
        "snmpget",
        &[
            "-v2c",
            "-c",
            "public",
            "-On",
            "-t",
            "2",
            "-r",
            "1",
            &target,
            "1.3.6.1.4.1.2592.3.2.1.0",
            "1.3.6.1.4.1.2592.3.3.1.0",
            "1.3.6.1.4.1.2592.3.99.0",
        ],
        state.path(),
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(".1.3.6.1.4.1.2592.3.2.1.0 = Timeticks: (586000) 1:37:40.00"),
        "{said}"
    );
    assert!(
        said.contains(".1.3.6.1.4.1.2592.3.3.1.0 = INTEGER: 2"),
        "{said}"
    );
    assert!(
        said.contains(".1.3.6.1.4.1.2592.3.99.0 = No Such Object"),
        "{said}"
    );
}

#[test]
fn a_wrong_community_gets_no_answer() {
    let state = TempDir::new().unwrap();
    let (agent, _) = start_agent("public");
    let target = format!("udp:{}", agent.addr);
    let out = run(
        "snmpget",
        &[
            "-v2c",
            "-c",
            "wrong",
            "-On",
            "-t",
            "0.3",
            "-r",
            "0",
            &target,
            "1.3.6.1.4.1.2592.3.2.1.0",
        ],
        state.path(),
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("Timeout"), "{}", text(&out));
}

fn check_walk(name: &str, extra: &[&str]) {
    let state = TempDir::new().unwrap();
    let (agent, objects) = start_agent("public");
    let target = format!("udp:{}", agent.addr);
    let mut args = vec!["-v2c", "-c", "public", "-On", "-t", "2", "-r", "1"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[&target, "1.3.6.1.4.1.2592.3"]);
    let out = run(name, &args, state.path());
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("not increasing"), "{said}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The walk ends at the end of the agent's whole view, which net-snmp reports as a
    // last "No more variables" line.
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|line| !line.contains("No more variables left"))
        .collect();
    assert_eq!(lines.len(), objects, "{said}");
    assert!(
        lines[0].starts_with(".1.3.6.1.4.1.2592.3.2.1.0 = Timeticks"),
        "{said}"
    );
    // Row 7 of the connection table: its address and ops sent.
    assert!(
        lines.contains(&".1.3.6.1.4.1.2592.3.6.2.1.2.7 = IpAddress: 10.0.0.7"),
        "{said}"
    );
    assert!(
        lines.contains(&".1.3.6.1.4.1.2592.3.6.2.1.11.7 = Counter32: 7000"),
        "{said}"
    );
}

#[test]
fn snmpwalk_walks_the_whole_subtree() {
    check_walk("snmpwalk", &[]);
}

#[test]
fn snmpbulkwalk_walks_the_whole_subtree() {
    check_walk("snmpbulkwalk", &["-Cr25"]);
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(path: &Path, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seen = std::fs::read_to_string(path).unwrap_or_default();
        if seen.contains(needle) || Instant::now() > deadline {
            return seen;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn snmptrapd_receives_our_trap() {
    let dir = TempDir::new().unwrap();
    let port = free_udp_port();
    let conf: PathBuf = dir.path().join("snmptrapd.conf");
    std::fs::write(&conf, "disableAuthorization yes\n").unwrap();
    let log = dir.path().join("traps.log");
    let _trapd = Killed(
        tool("snmptrapd", dir.path())
            .args(["-f", "-Lo", "-On", "-C", "-c"])
            .arg(&conf)
            .args(["-p"])
            .arg(dir.path().join("trapd.pid"))
            .arg(format!("udp:127.0.0.1:{port}"))
            .stdout(File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("snmptrapd not runnable: apt-get install snmptrapd"),
    );
    let ready = wait_for(&log, "NET-SNMP version");
    assert!(
        ready.contains("NET-SNMP version"),
        "snmptrapd did not start: {ready}"
    );

    let record = Record {
        timestamp: Utc::now().naive_local(),
        pid: 1,
        tid: 1,
        seq: 1,
        level: Level::Info,
        id: 4000,
        text: "Kernel started".to_owned(),
    };
    let notifications = notifications_for(&record, 4242, None);
    assert_eq!(notifications.len(), 1);
    let sink = parse_udp_endpoint(&format!("udp:127.0.0.1:{port}")).unwrap();
    let mut sender = TrapSender::new(sink, b"public").unwrap();
    sender.send(&notifications[0]).unwrap();
    let seen = wait_for(&log, "Kernel started");
    assert!(
        seen.contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.2592.0.1"),
        "{seen}"
    );
    assert!(
        seen.contains(".1.3.6.1.4.1.2592.3.9.1.0 = Gauge32: 4000"),
        "{seen}"
    );
    assert!(seen.contains("\"Kernel started\""), "{seen}");
}
