//! The `dtsubagent` binary wired end to end with real processes: engine events appended
//! to a LogDir reach a private snmptrapd as `dttrap*` notifications, through a private
//! snmpd (AgentX Notify, `trap2sink`) or directly in standalone mode; a restart of the
//! sub-agent repeats nothing.

mod snmpd_support;
mod snmptrapd_support;
mod subagent_support;

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use dtsubagent::traps::CURSOR_FILE_NAME;
use logparse::catalog::{engine_event, traps_raised_by, EventId};
use logparse::dtl::{Appender, AppenderConfig, LogMessageLevel, Severity, DEFAULT_BASE_NAME};
use logparse::sts::{ConnectionStats, Snapshot};
use snmpd_support::{eventually, free_udp_port, Snmpd, StatsServer};
use snmptrapd_support::Snmptrapd;
use subagent_support::Subagent;

/// dtconIpAddress of connection 5.
const CONNECTION_ADDRESS: &str = ".1.3.6.1.4.1.2592.3.6.2.1.2.5";
const MIRROR_STARTED: u32 = 4019;
const MIRROR_COMPLETED: u32 = 4023;
const KERNEL_STARTED: u32 = 4000;
const KERNEL_STOPPED: u32 = 4005;
const CONNECTION_ID: u32 = 5;
const WAIT: Duration = Duration::from_secs(20);

/// The engine's log in `dir`, written as the engine writes it.
fn appender(dir: &Path) -> Appender {
    Appender::open(AppenderConfig {
        dir: dir.to_owned(),
        base_name: DEFAULT_BASE_NAME.to_owned(),
        max_file_size: 1 << 20,
        max_files: 10,
        message_level: LogMessageLevel::AlertsAndRelease,
    })
    .expect("open the engine log")
}

/// Logs event `id` with the catalog's text for `args`.
fn log_event(log: &mut Appender, id: u32, args: &[&str]) {
    let text = engine_event(EventId(id))
        .expect("a catalogued engine event")
        .format(args);
    log.append(Severity::Release, id, 1, &text)
        .expect("append")
        .expect("logged at this message level");
}

/// The catalog's trap number for event `id` (the mirror start and end traps).
fn trap_number(id: u32) -> u32 {
    traps_raised_by(EventId(id))
        .next()
        .expect("the event raises a trap")
        .number
}

fn trap_line(id: u32) -> String {
    format!(
        ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.2592.0.{}",
        trap_number(id)
    )
}

fn event_line(id: u32) -> String {
    format!(".1.3.6.1.4.1.2592.3.9.1.0 = Gauge32: {id}")
}

fn log_mirror(log: &mut Appender) {
    let id = CONNECTION_ID.to_string();
    log_event(log, MIRROR_STARTED, &["beta", "10.0.0.5", "Documents", &id]);
    log_event(
        log,
        MIRROR_COMPLETED,
        &["beta", "(10.0.0.5)", "Documents", &id, "1024 bytes"],
    );
}

/// An engine with connection 5 to 10.0.0.5.
fn snapshot() -> Snapshot {
    Snapshot {
        connections: vec![ConnectionStats {
            connection_id: CONNECTION_ID,
            replication_set: "Documents".into(),
            target_name: "beta".into(),
            con_peer_address: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 5)),
            ..ConnectionStats::default()
        }],
        ..Snapshot::default()
    }
}

struct Dirs {
    _root: tempfile::TempDir,
    log: PathBuf,
    state: PathBuf,
    root: PathBuf,
}

fn dirs() -> Dirs {
    let root = tempfile::tempdir().expect("temp dir");
    let path = root.path().to_owned();
    Dirs {
        log: path.join("log"),
        state: path.join("state"),
        root: path,
        _root: root,
    }
}

impl Dirs {
    /// Starts the sub-agent in `mode` (`--master …` or `--listen … --trap-sink …`) on the
    /// stats port `stats`, with these dirs' LogDir and state dir; its stderr in `log`.
    fn subagent(&self, mode: &[&str], stats: &str, log: &Path) -> Subagent {
        let (log_dir, state_dir) = (
            self.log.display().to_string(),
            self.state.display().to_string(),
        );
        let common = [
            "--stats",
            stats,
            "--log-dir",
            &log_dir,
            "--state-dir",
            &state_dir,
        ];
        Subagent::start(&[&["--config", "/dev/null"], mode, &common].concat(), log)
    }
}

fn wait_for_open(log: &Path) {
    let open = eventually(WAIT, || {
        std::fs::read_to_string(log)
            .ok()
            .filter(|text| text.contains("open with"))
    });
    assert!(
        open.is_some(),
        "dtsubagent did not open a session: {}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

#[test]
fn mirror_events_reach_snmptrapd_through_snmpd_and_a_restart_repeats_nothing() {
    // The engine (its stats port) runs: each start of the sub-agent sends one
    // dttrapKernelStarted (the guide's step 13), the log's events are never repeated.
    let dirs = dirs();
    let trapd = Snmptrapd::start(&dirs.root.join("trapd"));
    let snmpd = Snmpd::start(
        &dirs.root.join("snmpd"),
        free_udp_port(),
        &format!("trap2sink {} public\n", trapd.address()),
    );
    let stats = StatsServer::start(snapshot());
    let mut log = appender(&dirs.log);
    let master = snmpd.master();
    let mode = ["--master", master.as_str()];
    let first_log = dirs.root.join("subagent-1.log");
    let subagent = dirs.subagent(&mode, stats.address(), &first_log);
    wait_for_open(&first_log);
    let announced = trapd.wait_for(&event_line(KERNEL_STARTED), WAIT);
    assert!(
        announced.is_some(),
        "no dttrapKernelStarted at the start: {}",
        trapd.output()
    );
    assert!(trapd.output().contains(&trap_line(KERNEL_STARTED)));
    // A trap carries the connection's address once the sub-agent has its statistics.
    let served = eventually(WAIT, || {
        let out = snmpd.tool("snmpget", &["-t", "0.5", "-r", "0"], &[CONNECTION_ADDRESS]);
        String::from_utf8_lossy(&out.stdout)
            .contains("IpAddress: 10.0.0.5")
            .then_some(())
    });
    assert!(served.is_some(), "connection 5 is never served");

    log_mirror(&mut log);
    let seen = trapd.wait_for(&trap_line(MIRROR_COMPLETED), WAIT);
    let subagent_log = std::fs::read_to_string(&first_log).unwrap_or_default();
    assert!(
        seen.is_some(),
        "no mirror end trap: {}\n{subagent_log}",
        trapd.output()
    );
    let seen = trapd.output();
    let subagent_log = std::fs::read_to_string(&first_log).unwrap_or_default();
    for id in [MIRROR_STARTED, MIRROR_COMPLETED] {
        assert_eq!(seen.matches(&trap_line(id)).count(), 1, "{subagent_log}");
        assert_eq!(seen.matches(&event_line(id)).count(), 1, "{seen}");
    }
    assert!(
        seen.find(&trap_line(MIRROR_STARTED)) < seen.find(&trap_line(MIRROR_COMPLETED)),
        "{seen}"
    );
    assert!(
        seen.contains(&format!("{CONNECTION_ADDRESS} = IpAddress: 10.0.0.5")),
        "the connection's address is missing: {seen}"
    );
    assert!(
        seen.contains(&format!("ID: {CONNECTION_ID}")),
        "the message is missing: {seen}"
    );
    assert!(subagent.terminate().is_some_and(|status| status.success()));

    // A restart resumes after what was handed over: the next event comes, nothing again.
    let second_log = dirs.root.join("subagent-2.log");
    let _subagent = dirs.subagent(&mode, stats.address(), &second_log);
    wait_for_open(&second_log);
    log_event(&mut log, KERNEL_STOPPED, &[]);
    let seen = trapd.wait_for(&event_line(KERNEL_STOPPED), WAIT);
    assert!(
        seen.is_some(),
        "no trap after the restart: {}",
        trapd.output()
    );
    let restarted = eventually(WAIT, || {
        let seen = trapd.output();
        (seen.matches(&event_line(KERNEL_STARTED)).count() == 2).then_some(())
    });
    let seen = trapd.output();
    assert!(
        restarted.is_some(),
        "one dttrapKernelStarted per start: {seen}"
    );
    for id in [MIRROR_STARTED, MIRROR_COMPLETED, KERNEL_STOPPED] {
        assert_eq!(seen.matches(&event_line(id)).count(), 1, "{seen}");
    }
    assert!(!snmpd.log().contains("ERROR"), "{}", snmpd.log());
}

#[test]
fn standalone_answers_snmpget_and_sends_traps_to_the_sink() {
    let dirs = dirs();
    let trapd = Snmptrapd::start(&dirs.root.join("trapd"));
    let stats = StatsServer::start(snapshot());
    let port = free_udp_port();
    let listen = format!("udp:127.0.0.1:{port}");
    let sink = trapd.address();
    let mut log = appender(&dirs.log);
    let _subagent = dirs.subagent(
        &["--listen", &listen, "--trap-sink", &sink],
        stats.address(),
        &dirs.root.join("subagent.log"),
    );
    let got = eventually(WAIT, || {
        let out = std::process::Command::new("snmpget")
            .args(["-v2c", "-c", "public", "-On", "-t", "0.5", "-r", "0"])
            .arg(&listen)
            .arg("1.3.6.1.4.1.2592.3.6.2.1.2.5")
            .env("MIBS", "")
            .env("SNMP_PERSISTENT_DIR", &dirs.root)
            .output()
            .expect("snmpget not found: install the Debian package `snmp`");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.contains("IpAddress: 10.0.0.5").then_some(text)
    });
    assert!(got.is_some(), "snmpget got no answer from --listen");

    log_mirror(&mut log);
    let seen = trapd.wait_for(&trap_line(MIRROR_COMPLETED), WAIT);
    assert!(seen.is_some(), "no mirror end trap: {}", trapd.output());
    let seen = trapd.output();
    for id in [MIRROR_STARTED, MIRROR_COMPLETED] {
        assert_eq!(seen.matches(&trap_line(id)).count(), 1, "{seen}");
        assert_eq!(seen.matches(&event_line(id)).count(), 1, "{seen}");
    }
    // The engine (its stats port) was running at the start: one dttrapKernelStarted.
    assert_eq!(
        seen.matches(&event_line(KERNEL_STARTED)).count(),
        1,
        "{seen}"
    );
}

#[test]
fn events_logged_while_snmpd_is_away_are_sent_after_the_reconnect() {
    let dirs = dirs();
    let trapd = Snmptrapd::start(&dirs.root.join("trapd"));
    let (snmpd_dir, port) = (dirs.root.join("snmpd"), free_udp_port());
    let sink = format!("trap2sink {} public\n", trapd.address());
    let snmpd = Snmpd::start(&snmpd_dir, port, &sink);
    let stats = StatsServer::start(snapshot());
    let mut log = appender(&dirs.log);
    let master = snmpd.master();
    let subagent_log = dirs.root.join("subagent.log");
    let _subagent = dirs.subagent(&["--master", &master], stats.address(), &subagent_log);
    wait_for_open(&subagent_log);

    drop(snmpd);
    log_mirror(&mut log);
    let away = eventually(WAIT, || {
        std::fs::read_to_string(&subagent_log)
            .ok()
            .filter(|text| text.contains("cannot open a session"))
    });
    assert!(away.is_some(), "the sub-agent never noticed snmpd was gone");
    assert!(!trapd.output().contains(&event_line(MIRROR_STARTED)));

    let _snmpd = Snmpd::start(&snmpd_dir, port, &sink);
    let seen = trapd.wait_for(&trap_line(MIRROR_COMPLETED), WAIT);
    assert!(
        seen.is_some(),
        "queued traps never sent: {}",
        trapd.output()
    );
    let seen = trapd.output();
    for id in [MIRROR_STARTED, MIRROR_COMPLETED] {
        assert_eq!(seen.matches(&event_line(id)).count(), 1, "{seen}");
    }
}

#[test]
fn a_start_while_the_engine_is_down_sends_no_kernel_started() {
    let dirs = dirs();
    let trapd = Snmptrapd::start(&dirs.root.join("trapd"));
    // A stats port nobody listens on.
    let stats = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a loopback port")
        .to_string();
    let sink = trapd.address();
    let mut log = appender(&dirs.log);
    let subagent_log = dirs.root.join("subagent.log");
    let _subagent = dirs.subagent(
        &[
            "--listen",
            &format!("udp:127.0.0.1:{}", free_udp_port()),
            "--trap-sink",
            &sink,
        ],
        &stats,
        &subagent_log,
    );
    let feed_open = eventually(WAIT, || {
        dirs.state.join(CURSOR_FILE_NAME).exists().then_some(())
    });
    assert!(
        feed_open.is_some(),
        "the sub-agent never opened its trap feed"
    );
    log_event(&mut log, KERNEL_STOPPED, &[]);
    let seen = trapd.wait_for(&event_line(KERNEL_STOPPED), WAIT);
    assert!(
        seen.is_some(),
        "the logged event never arrived: {}",
        trapd.output()
    );
    assert!(
        !trapd.output().contains(&event_line(KERNEL_STARTED)),
        "dttrapKernelStarted without a running engine: {}",
        trapd.output()
    );
}

#[test]
fn a_log_dir_the_engine_creates_after_the_start_is_followed() {
    let dirs = dirs();
    let trapd = Snmptrapd::start(&dirs.root.join("trapd"));
    let stats = StatsServer::start(snapshot());
    let sink = trapd.address();
    let stderr_log = dirs.root.join("subagent.log");
    let _subagent = dirs.subagent(
        &[
            "--listen",
            &format!("udp:127.0.0.1:{}", free_udp_port()),
            "--trap-sink",
            &sink,
        ],
        stats.address(),
        &stderr_log,
    );
    // The sub-agent runs, says once that the LogDir is missing, and keeps polling.
    let own_log = Subagent::log_file(&stderr_log);
    let missing = eventually(WAIT, || {
        std::fs::read_to_string(&own_log)
            .ok()
            .filter(|text| text.contains(&format!("ERROR engine log in {}: ", dirs.log.display())))
    });
    assert!(missing.is_some(), "the missing LogDir is not reported");
    let mut log = appender(&dirs.log);
    log_mirror(&mut log);
    let seen = trapd.wait_for(&trap_line(MIRROR_COMPLETED), WAIT);
    assert!(seen.is_some(), "no mirror end trap: {}", trapd.output());
    let seen = trapd.output();
    assert_eq!(
        seen.matches(&event_line(MIRROR_STARTED)).count(),
        1,
        "{seen}"
    );
    let own = std::fs::read_to_string(&own_log).unwrap_or_default();
    assert_eq!(own.matches("ERROR engine log in").count(), 1, "{own}");
    assert!(own.contains("reading the engine log again"), "{own}");
}
