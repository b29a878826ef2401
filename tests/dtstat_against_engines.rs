//! The whole path of the statistics: two real engines replicating, `dtstat` reading
//! the source's stats port and showing the connection the guide's way, and a recorded
//! file giving the same text.

#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use workspace_bin::workspace_bin;

const ACTIVATION_CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWX";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running dtengine in its own folder, killed when dropped.
struct Engine {
    management: u16,
    stats: u16,
    child: Child,
}

impl Engine {
    fn start(dir: &Path) -> Engine {
        std::fs::create_dir_all(dir).unwrap();
        let (management, stats, net) = (free_port(), free_port(), free_port());
        let d = dir.display();
        std::fs::write(
            dir.join("DT.conf"),
            format!(
                "LogDir={d}/log\nDataDir={d}/data\nJobLogDir={d}/jobs\nQJournalDir={d}/queue\n\
                 ManagementPort={management}\nStatsPort={stats}\nNetAddress=127.0.0.1\n\
                 NetPort={net}\nActivationCode={ACTIVATION_CODE}\n"
            ),
        )
        .unwrap();
        let child = Command::new(workspace_bin("engine", "dtengine"))
            .arg("--config")
            .arg(dir.join("DT.conf"))
            .env_remove("DT_CONF")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let engine = Engine {
            management,
            stats,
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !engine.dtctl(&["status"]).status.success() {
            assert!(Instant::now() < deadline, "dtengine did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        engine
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.management)
    }

    fn dtctl(&self, args: &[&str]) -> Output {
        Command::new(workspace_bin("engine", "dtctl"))
            .arg("--engine")
            .arg(self.address())
            .args(args)
            .output()
            .unwrap()
    }

    fn dtctl_ok(&self, args: &[&str]) -> String {
        let out = self.dtctl(args);
        assert!(
            out.status.success(),
            "dtctl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
    let source = Engine::start(&dir.path().join("source"));
    let target = Engine::start(&dir.path().join("target"));
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for i in 0..20 {
        std::fs::write(data.join(format!("f{i}")), vec![i as u8; 10_000]).unwrap();
    }
    let rule = format!("{},inc,rec", data.display());
    source.dtctl_ok(&["repset", "create", "Data", "--rule", &rule]);
    let replica: PathBuf = dir.path().join("replica");
    let created: serde_json::Value = serde_json::from_str(&source.dtctl_ok(&[
        "--json",
        "job",
        "create",
        "--name",
        "data",
        "--repset",
        "Data",
        "--source",
        &source.address(),
        "--target",
        &target.address(),
        "--target-path",
        replica.to_str().unwrap(),
    ]))
    .unwrap();
    let job = created["id"].as_str().unwrap().to_string();
    source.dtctl_ok(&["job", "start", &job]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let shown: serde_json::Value =
            serde_json::from_str(&source.dtctl_ok(&["--json", "job", "show", &job])).unwrap();
        if shown["connection"]["target_data_state"] == "OK" {
            break;
        }
        assert!(Instant::now() < deadline, "{shown:#}");
        std::thread::sleep(Duration::from_millis(100));
    }

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
