//! The engine's stats port as DTStat reads it: the same records as the .sts file.

#[path = "support/engine_process.rs"]
mod engine_process;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use engine_process::TestEngine;
use logparse::sts::{SourceState, StsReader, TargetState};

#[test]
fn the_stats_port_serves_live_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = TestEngine::configure(dir.path(), "");
    engine.start();
    let status: serde_json::Value =
        serde_json::from_str(&engine.dtctl_ok(&["--json", "status"])).unwrap();

    let mut stream = TcpStream::connect(("127.0.0.1", engine.stats_port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(b"interval 100\n").unwrap();
    let snapshots: Vec<_> = StsReader::new(stream)
        .unwrap()
        .take(3)
        .map(Result::unwrap)
        .collect();
    assert_eq!(snapshots.len(), 3);
    let first = &snapshots[0];
    assert_eq!(first.kernel.target_state, TargetState::Running);
    assert_eq!(first.kernel.source_state, SourceState::RunningWithoutDriver);
    let started: chrono::DateTime<chrono::Utc> =
        status["started"].as_str().unwrap().parse().unwrap();
    // The .sts format keeps milliseconds.
    assert_eq!(
        first.kernel.start_time.timestamp_millis(),
        started.timestamp_millis()
    );
    assert!(
        first.system_allocator_total_bytes > 0,
        "memory in use is real"
    );
    assert!(snapshots
        .windows(2)
        .all(|w| w[0].timestamp < w[1].timestamp));
    engine.stop();
}
