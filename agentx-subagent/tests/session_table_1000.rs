//! A connection table of 1,000 rows through the real stats protocol and the real
//! snmpd: a recorded `.sts` (written with `StsWriter`) is replayed byte for byte by an
//! in-test stats port, dtsubagent serves it under a private snmpd, and `snmpbulkwalk`
//! returns every row with the snapshot's values, Counter32 wrapped, Counter64 exact.

// The support is shared with session_snmpd.rs; this file replays its own recording
// instead of using the support's stats port.
#[allow(dead_code)]
mod snmpd_support;
#[allow(dead_code)]
mod subagent_support;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use chrono::{Duration as Span, TimeZone, Utc};
use dtsubagent::mib_view::MibView;
use logparse::sts::{ConState, ConnectionStats, Kernel, Snapshot, SourceState, StsWriter};
use snmpd_support::{eventually, free_udp_port, Snmpd};
use subagent_support::Subagent;

const NSI_DOUBLE_TAKE: &str = "1.3.6.1.4.1.2592.3";
const DT_CONNECTION_ENTRY: &str = ".1.3.6.1.4.1.2592.3.6.2.1.";
const DT_CONNECTION_EXT_ENTRY: &str = ".1.3.6.1.4.1.2592.3.8.1.1.";
const ROWS: u32 = 1000;
const TWO_TO_32: u64 = 1 << 32;

/// Connection IDs are not contiguous: 5, 8, 11, … so an index gap shows up.
fn connection_id(row: u32) -> u32 {
    5 + row * 3
}

fn connection(id: u32) -> ConnectionStats {
    let id64 = u64::from(id);
    ConnectionStats {
        connection_id: id,
        replication_set: format!("rs-{id}"),
        target_name: format!("beta{id}"),
        con_peer_address: IpAddr::V4(Ipv4Addr::new(
            10,
            (id >> 16) as u8,
            (id >> 8) as u8,
            id as u8,
        )),
        con_state: ConState::ALL[id as usize % ConState::ALL.len()],
        con_ops_tx: id64 * 1000,
        // Above 2^32: the Counter32 column wraps, the Counter64 twin is exact.
        con_bytes_tx: 3 * TWO_TO_32 + 12_345 + id64,
        con_ops_rx: id64 * 7,
        ..ConnectionStats::default()
    }
}

fn snapshot(rows: u32, seconds: i64) -> Snapshot {
    let start = Utc
        .with_ymd_and_hms(2025, 3, 1, 8, 0, 0)
        .single()
        .expect("valid date");
    Snapshot {
        timestamp: start + Span::seconds(seconds),
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            start_time: start,
            ..Kernel::default()
        },
        connections: (0..rows)
            .map(|row| connection(connection_id(row)))
            .collect(),
        ..Snapshot::default()
    }
}

/// Records `snapshots` into an `.sts` file and returns its bytes.
fn record(path: &Path, snapshots: &[Snapshot]) -> Vec<u8> {
    let file = std::fs::File::create(path).expect("create the recording");
    let mut writer = StsWriter::new(file).expect("write the .sts header");
    for snapshot in snapshots {
        writer.write_snapshot(snapshot).expect("record a snapshot");
    }
    writer.flush().expect("flush the recording");
    drop(writer);
    std::fs::read(path).expect("read the recording back")
}

/// A stats port replaying a recording: every client gets the file's bytes, then the
/// connection stays open (the engine is up, nothing new) until the server is dropped.
struct Replay {
    address: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Replay {
    fn start(recording: Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the stats port");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let address = listener.local_addr().expect("local address").to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut clients: Vec<TcpStream> = Vec::new();
            while !stopping.load(Ordering::SeqCst) {
                while let Ok((mut stream, _)) = listener.accept() {
                    let _ = stream.set_nonblocking(false);
                    if stream.write_all(&recording).is_ok() && stream.flush().is_ok() {
                        clients.push(stream);
                    }
                }
                thread::sleep(Duration::from_millis(50));
            }
        });
        Self {
            address,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn snmpbulkwalk_returns_every_row_of_a_replayed_1000_connection_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let last = snapshot(ROWS, 600);
    let recording = record(
        &dir.path().join("replay.sts"),
        &[snapshot(10, 300), last.clone()],
    );
    let replay = Replay::start(recording);
    let snmpd = Snmpd::start(dir.path(), free_udp_port(), "");
    let master = snmpd.master();
    let log = dir.path().join("dtsubagent.log");
    let _subagent = Subagent::start(&["--master", &master, "--stats", &replay.address], &log);

    // The last row exists only in the last recorded snapshot.
    let last_id = connection_id(ROWS - 1);
    let last_ip = format!("1.3.6.1.4.1.2592.3.6.2.1.2.{last_id}");
    let served = eventually(Duration::from_secs(10), || {
        let out = snmpd.tool("snmpget", &["-t", "0.5", "-r", "0"], &[&last_ip]);
        String::from_utf8_lossy(&out.stdout)
            .contains("IpAddress: 10.0.")
            .then_some(())
    });
    assert!(
        served.is_some(),
        "row {last_id} never served; subagent log: {}\nsnmpd log: {}",
        std::fs::read_to_string(&log).unwrap_or_default(),
        snmpd.log()
    );

    let output = snmpd.tool("snmpbulkwalk", &["-Cr50"], &[NSI_DOUBLE_TAKE]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "snmpbulkwalk failed: {stderr}");
    assert!(!stderr.contains("OID not increasing"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("OID not increasing"));
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(".1.3.6.1.4.1.2592.3."))
        .collect();
    assert_eq!(
        lines.len(),
        MibView::from_snapshot(&last).instance_count(),
        "every object once"
    );
    let rows = lines
        .iter()
        .filter(|l| l.starts_with(&format!("{DT_CONNECTION_ENTRY}2.")))
        .count();
    assert_eq!(rows, ROWS as usize, "every connection row");
    let ext_rows = lines
        .iter()
        .filter(|l| l.starts_with(&format!("{DT_CONNECTION_EXT_ENTRY}3.")))
        .count();
    assert_eq!(ext_rows, ROWS as usize, "every extension row");

    for row in [0, 1, 333, 500, 998, ROWS - 1] {
        let id = connection_id(row);
        let c = connection(id);
        let want = [
            format!(
                "{DT_CONNECTION_ENTRY}2.{id} = IpAddress: {}",
                c.con_peer_address
            ),
            format!(
                "{DT_CONNECTION_ENTRY}4.{id} = INTEGER: {}",
                c.con_state.value()
            ),
            format!("{DT_CONNECTION_ENTRY}11.{id} = Counter32: {}", c.con_ops_tx),
            format!(
                "{DT_CONNECTION_ENTRY}12.{id} = Counter32: {}",
                c.con_bytes_tx % TWO_TO_32
            ),
            format!("{DT_CONNECTION_ENTRY}13.{id} = Counter32: {}", c.con_ops_rx),
            format!(
                "{DT_CONNECTION_EXT_ENTRY}3.{id} = Counter64: {}",
                c.con_bytes_tx
            ),
            format!("{DT_CONNECTION_EXT_ENTRY}8.{id} = STRING: \"rs-{id}\""),
            format!("{DT_CONNECTION_EXT_ENTRY}9.{id} = STRING: \"beta{id}\""),
        ];
        for line in want {
            assert!(lines.contains(&line.as_str()), "missing {line}");
        }
    }
    // The exact value above 2^32 is really there, not a wrapped one.
    assert!(c_bytes_above_2_32(&lines));
}

/// Some Counter64 in the walk is above 2^32 (the wrap would hide it).
fn c_bytes_above_2_32(lines: &[&str]) -> bool {
    lines.iter().any(|l| {
        l.starts_with(DT_CONNECTION_EXT_ENTRY)
            && l.split("Counter64: ")
                .nth(1)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .is_some_and(|v| v > TWO_TO_32)
    })
}
