//! dtsubagent against the real Net-SNMP snmpd as AgentX master: values from an in-test
//! stats port reach snmpget / snmpwalk / snmpbulkwalk, the session survives an snmpd
//! restart (and its own log file says so), and a stopped engine reads as states 0 with
//! an empty table.

mod snmpd_support;
mod subagent_support;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use chrono::{Duration as Span, TimeZone, Utc};
use dtsubagent::mib_view::MibView;
use logparse::sts::{ConState, ConnectionStats, Kernel, Snapshot, SourceState, TargetState};
use snmpd_support::{eventually, free_udp_port, Snmpd, StatsServer};
use subagent_support::Subagent;

const DT_UP_TIME_0: &str = "1.3.6.1.4.1.2592.3.2.1.0";
const DT_SOURCE_STATE_0: &str = "1.3.6.1.4.1.2592.3.3.1.0";
const NSI_DOUBLE_TAKE: &str = "1.3.6.1.4.1.2592.3";
const DT_CONNECTION_ENTRY: &str = ".1.3.6.1.4.1.2592.3.6.2.1.";

fn snapshot() -> Snapshot {
    let start = Utc
        .with_ymd_and_hms(2025, 3, 1, 8, 0, 0)
        .single()
        .expect("valid date");
    Snapshot {
        // The guide's example: up 1:37:40, 586000 ticks.
        timestamp: start + Span::seconds(97 * 60 + 40),
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: start,
            ..Kernel::default()
        },
        connections: [3u32, 7, 12]
            .into_iter()
            .map(|id| ConnectionStats {
                connection_id: id,
                replication_set: format!("rs-{id}"),
                target_name: format!("beta{id}"),
                con_peer_address: IpAddr::V4(Ipv4Addr::new(10, 0, 0, id as u8)),
                con_state: ConState::ALL[id as usize % ConState::ALL.len()],
                con_ops_tx: u64::from(id) * 1000,
                ..ConnectionStats::default()
            })
            .collect(),
        ..Snapshot::default()
    }
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// snmpget of one OID, when it succeeded and its output contains `want`.
fn get_shows(snmpd: &Snmpd, oid: &str, want: &str) -> Option<String> {
    let out = text(&snmpd.tool("snmpget", &["-t", "0.5", "-r", "0"], &[oid]));
    out.contains(want).then_some(out)
}

/// The walk's object lines, after checking it completed in increasing order.
fn walk(snmpd: &Snmpd, tool: &str, options: &[&str]) -> Vec<String> {
    let output = snmpd.tool(tool, options, &[NSI_DOUBLE_TAKE]);
    let all = text(&output);
    assert!(output.status.success(), "{tool} failed: {all}");
    assert!(!all.contains("OID not increasing"), "{tool}: {all}");
    all.lines()
        .filter(|l| l.starts_with(".1.3.6.1.4.1.2592.3."))
        .map(str::to_owned)
        .collect()
}

#[test]
fn snmpget_walk_and_bulkwalk_serve_the_stats_port_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let snmpd = Snmpd::start(dir.path(), free_udp_port(), "");
    let snapshot = snapshot();
    let stats = StatsServer::start(snapshot.clone());
    let conf = dir.path().join("dtsubagent.conf");
    std::fs::write(
        &conf,
        format!(
            "# test\nstats = {}\nmaster = unix:/nonexistent\n",
            stats.address()
        ),
    )
    .expect("write settings");
    let master = snmpd.master();
    let conf_arg = conf.display().to_string();
    let subagent = Subagent::start(
        &["--master", &master, "--config", &conf_arg],
        &dir.path().join("dtsubagent.log"),
    );

    let got = eventually(Duration::from_secs(10), || {
        get_shows(&snmpd, DT_UP_TIME_0, "Timeticks: (586000)")
    });
    assert!(
        got.is_some(),
        "dtUpTime never served; subagent log: {}\nsnmpd log: {}",
        std::fs::read_to_string(dir.path().join("dtsubagent.log")).unwrap_or_default(),
        snmpd.log()
    );

    let expected = MibView::from_snapshot(&snapshot).instance_count();
    let walked = walk(&snmpd, "snmpwalk", &[]);
    assert_eq!(walked.len(), expected, "{walked:#?}");
    for id in [3, 7, 12] {
        let ip = format!("{DT_CONNECTION_ENTRY}2.{id} = IpAddress: 10.0.0.{id}");
        assert!(walked.contains(&ip), "missing {ip}");
        let ops = format!("{DT_CONNECTION_ENTRY}11.{id} = Counter32: {}", id * 1000);
        assert!(walked.contains(&ops), "missing {ops}");
    }
    assert!(walked
        .iter()
        .any(|l| l.starts_with(".1.3.6.1.4.1.2592.3.2.1.0 = Timeticks: (586000)")));
    let bulk = walk(&snmpd, "snmpbulkwalk", &["-Cr25"]);
    assert_eq!(bulk, walked);

    // A Set reaches the sub-agent as TestSet and is refused; the session stays up.
    let set = snmpd.tool("snmpset", &["-c", "private"], &[DT_UP_TIME_0, "t", "5"]);
    assert!(!set.status.success());
    assert!(text(&set).contains("notWritable"), "{}", text(&set));
    assert!(get_shows(&snmpd, DT_UP_TIME_0, "Timeticks: (586000)").is_some());

    assert_eq!(subagent.terminate().map(|s| s.code()), Some(Some(0)));
}

#[test]
fn sessions_survive_an_snmpd_restart_and_engine_down_reads_as_state_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_udp_port();
    let snmpd = Snmpd::start(dir.path(), port, "");
    let stats = StatsServer::start(snapshot());
    let master = snmpd.master();
    let stderr_log = dir.path().join("dtsubagent.log");
    let _subagent = Subagent::start(
        &["--master", &master, "--stats", stats.address()],
        &stderr_log,
    );
    let served = eventually(Duration::from_secs(10), || {
        get_shows(&snmpd, DT_UP_TIME_0, "Timeticks: (586000)")
    });
    assert!(served.is_some(), "dtUpTime never served");

    drop(snmpd);
    let snmpd = Snmpd::start(dir.path(), port, "");
    let back = eventually(Duration::from_secs(20), || {
        get_shows(&snmpd, DT_UP_TIME_0, "Timeticks: (586000)")
    });
    assert!(back.is_some(), "not served again after the restart");
    // The sub-agent's own file has stamped lines: the start, the loss, the reconnect.
    let own = std::fs::read_to_string(Subagent::log_file(&stderr_log)).expect("own log file");
    for line in own.lines() {
        assert!(is_stamped(line), "no timestamp and level: {line:?}");
    }
    let position = |needle: &str| own.lines().position(|line| line.contains(needle));
    let started = position("started: master unix:");
    let lost = position("WARN  session with unix:");
    let reconnected = position("(reconnected)");
    assert!(
        started.is_some() && lost.is_some() && reconnected.is_some(),
        "{own}"
    );
    assert!(started < lost && lost < reconnected, "{own}");
    assert!(
        std::fs::read_to_string(&stderr_log).is_ok_and(|text| text.contains("(reconnected)")),
        "stderr has the same lines"
    );
    let walked = walk(&snmpd, "snmpwalk", &[]);
    assert!(walked.iter().any(|l| l.starts_with(DT_CONNECTION_ENTRY)));

    drop(stats);
    let down = eventually(Duration::from_secs(10), || {
        get_shows(&snmpd, DT_SOURCE_STATE_0, "INTEGER: 0")
    });
    assert!(
        down.is_some(),
        "source state never 0 after the engine stopped"
    );
    let walked = walk(&snmpd, "snmpbulkwalk", &["-Cr25"]);
    assert!(!walked.is_empty());
    assert!(
        !walked.iter().any(|l| l.starts_with(DT_CONNECTION_ENTRY)),
        "{walked:#?}"
    );
}

/// Whether `line` starts with `YYYY-MM-DD HH:MM:SS.mmm LEVEL `.
fn is_stamped(line: &str) -> bool {
    let (Some(stamp), Some(rest)) = (line.get(..23), line.get(24..)) else {
        return false;
    };
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S%.3f").is_ok()
        && ["ERROR", "WARN", "INFO"]
            .iter()
            .any(|level| rest.starts_with(level))
}
