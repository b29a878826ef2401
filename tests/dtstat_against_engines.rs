//! The whole path of the statistics: two real engines replicating, `dtstat` reading
//! the source's stats port and showing the connection the guide's way, and a recorded
//! file giving the same text.

#[path = "support/engine_process.rs"]
#[allow(dead_code)] // shared by the end-to-end tests; this one uses part of it
mod engine_process;
#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use engine_process::Engine;
use workspace_bin::workspace_bin;

fn dtstat() -> Command {
    Command::new(workspace_bin("dtstat", "dtstat"))
}

/// Lines of `child`'s standard output until `enough` holds of them (or 30 s).
fn read_until(child: &mut Child, enough: impl Fn(&[String]) -> bool) -> Vec<String> {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !enough(&lines) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(_) => panic!("dtstat printed only {lines:#?}"),
        }
    }
    lines
}

#[test]
fn dtstat_shows_a_live_replication_connection_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = Engine::start(&dir.path().join("source"), "");
    let target = Engine::start(&dir.path().join("target"), "");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for i in 0..20 {
        std::fs::write(data.join(format!("f{i}")), vec![i as u8; 10_000]).unwrap();
    }
    let job = source.create_job("Data", &data, &target, &dir.path().join("replica"));
    source.dtctl_ok(&["job", "start", &job]);
    source.wait_for_target_data_ok(&job, Duration::from_secs(30));

    let recorded = dir.path().join("capture.sts");
    let mut live = dtstat()
        .args([
            "-Server",
            "127.0.0.1",
            &source.stats.to_string(),
            "-i",
            "0.2",
            "-t",
        ])
        .arg(&recorded)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = read_until(&mut live, |lines| {
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("conMirrorPercent"))
    });
    let _ = live.kill();
    let _ = live.wait();
    let text = lines.join("\n");
    assert!(
        text.contains("CONNECTION:: conPeerAddress: 127.0.0.1"),
        "{text}"
    );
    assert!(text.contains("conMirrorPercent: 100.0%"), "{text}");
    let ops_tx: u64 = text
        .split_whitespace()
        .skip_while(|word| *word != "conOpsTx:")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no conOpsTx in {text}"));
    assert!(
        ops_tx >= 20 * 3,
        "a Create, a Write and a SetMeta per file: {text}"
    );

    // The recording reads back as the same statistics.
    let replay = dtstat().arg("-f").arg(&recorded).output().unwrap();
    assert!(replay.status.success(), "{replay:?}");
    let replayed = String::from_utf8(replay.stdout).unwrap();
    assert!(
        replayed.contains(&format!("conOpsTx: {ops_tx} ")),
        "{replayed}"
    );
}
