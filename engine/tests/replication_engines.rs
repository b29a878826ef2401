//! Two real `dtengine` processes on 127.0.0.1 (own ports and temp dirs), a job between
//! them driven through `dtctl`: mirror, replication, a killed target, queue spill,
//! transmission pause.

#[path = "support/engine_process.rs"]
mod engine_process;
#[path = "support/tree.rs"]
mod tree;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use engine_process::TestEngine;
use serde_json::Value;

const ACTIVATION_CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWX";
/// How long a test waits for the replica to catch up before failing.
const SYNC_TIMEOUT: Duration = Duration::from_secs(90);

/// A source engine, a target engine and a job from one to the other.
struct Pair {
    _dir: tempfile::TempDir,
    source: TestEngine,
    target: TestEngine,
    /// The protected directory on the source.
    data: PathBuf,
    /// Where the target keeps the replica of `data`.
    replica: PathBuf,
    job: String,
}

impl Pair {
    /// Both engines started, `fill` run on the data directory, a job created (not
    /// started). `source_extra` goes into the source's DT.conf.
    fn new(source_extra: &str, fill: impl FnOnce(&Path)) -> Pair {
        let dir = tempfile::tempdir().unwrap();
        let conf =
            |extra: &str| format!("ActivationCode={ACTIVATION_CODE}\nNetworkRetry=1\n{extra}");
        let mut source = TestEngine::configure(&dir.path().join("source"), &conf(source_extra));
        let mut target = TestEngine::configure(&dir.path().join("target"), &conf(""));
        source.start();
        target.start();
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        fill(&data);
        let target_path = dir.path().join("replica");
        let replica = target_path.join(data.strip_prefix("/").unwrap());
        let rule = format!("{},inc,rec", data.display());
        source.dtctl_ok(&["repset", "create", "Data", "--rule", &rule]);
        let created = source.dtctl_ok(&[
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
            target_path.to_str().unwrap(),
        ]);
        let job: Value = serde_json::from_str(&created).unwrap();
        Pair {
            _dir: dir,
            source,
            target,
            data,
            replica,
            job: job["id"].as_str().unwrap().to_string(),
        }
    }

    fn job_cmd(&self, action: &str) {
        self.source.dtctl_ok(&["job", action, &self.job]);
    }

    /// `dtctl job show` of the job, as JSON.
    fn show(&self) -> Value {
        serde_json::from_str(&self.source.dtctl_ok(&["--json", "job", "show", &self.job])).unwrap()
    }

    /// The job's connection status on its source.
    fn connection(&self) -> Value {
        let shown = self.show();
        assert!(
            shown["connection"].is_object(),
            "the job shows no connection: {shown}"
        );
        shown["connection"].clone()
    }

    /// Waits until the target's data state is OK and nothing is queued or unacknowledged.
    fn wait_synced(&self) -> Value {
        let deadline = Instant::now() + SYNC_TIMEOUT;
        loop {
            let connection = self.connection();
            if connection["target_data_state"] == "OK" && idle(&connection) {
                return connection;
            }
            assert!(
                Instant::now() < deadline,
                "not in sync after {SYNC_TIMEOUT:?}: {connection:#}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the replica equals the data directory; fails with the differences.
    fn wait_equal(&self) {
        self.wait_synced();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = tree::differences(&self.data, &self.replica);
            if found.is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the replica differs: {:#?}",
                &found[..found.len().min(20)]
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Nothing waits in the connection's queues.
fn idle(connection: &Value) -> bool {
    let zero = |name: &str| connection[name].as_u64() == Some(0);
    zero("ops_in_ack_queue") && zero("ops_in_rep_queue")
}

fn number(value: &Value, name: &str) -> u64 {
    value[name]
        .as_u64()
        .unwrap_or_else(|| panic!("{name} is not a number in {value:#}"))
}

/// Deterministic bytes.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

fn set_mtime(path: &Path, seconds_ago: u64) {
    let when = SystemTime::now() - Duration::from_secs(seconds_ago);
    File::open(path).unwrap().set_modified(when).unwrap();
}

/// Thousands of files in nested directories, empty files, a 100 MB file, symbolic
/// links, non-ASCII names and unusual permissions.
fn generated_tree(root: &Path) {
    for d in 0..20 {
        let dir = root
            .join(format!("dir{d:02}"))
            .join(format!("sub{}", d % 3));
        fs::create_dir_all(&dir).unwrap();
        for f in 0..100u64 {
            let path = dir.join(format!("file{f:03}.dat"));
            let len = if f % 10 == 0 {
                0
            } else {
                (f * 37 + d) as usize % 9000
            };
            fs::write(&path, noise(len, f * 100 + d)).unwrap();
            set_mtime(&path, 3600 + f);
        }
    }
    let big = root.join("big.bin");
    fs::write(&big, noise(100 << 20, 7)).unwrap();
    set_mtime(&big, 7200);
    let odd = root.join("odd");
    fs::create_dir(&odd).unwrap();
    for (name, mode) in [
        ("café ünïcödé.txt", 0o600),
        ("日本語.txt", 0o444),
        ("run.sh", 0o755),
    ] {
        let path = odd.join(name);
        fs::write(&path, name.as_bytes()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        set_mtime(&path, 60);
    }
    fs::set_permissions(&odd, fs::Permissions::from_mode(0o750)).unwrap();
    symlink("dir00/sub0/file001.dat", root.join("relative-link")).unwrap();
    symlink("/nonexistent/target", root.join("dangling-link")).unwrap();
}

#[test]
fn a_started_job_mirrors_a_generated_tree_exactly() {
    let pair = Pair::new("", generated_tree);
    pair.job_cmd("start");
    pair.wait_equal();
    let connection = pair.connection();
    assert_eq!(connection["mirror_status"], "Idle", "{connection:#}");
    assert!(number(&connection, "ops_tx") > 2000, "{connection:#}");
    assert!(
        number(&connection, "bytes_tx") > 100 << 20,
        "{connection:#}"
    );
}

#[test]
fn churn_during_replication_leaves_an_equal_replica_and_matching_counts() {
    let pair = Pair::new("", |root| {
        for i in 0..20 {
            fs::write(root.join(format!("f{i}")), noise(5000, i)).unwrap();
        }
        fs::create_dir_all(root.join("d/e")).unwrap();
    });
    pair.job_cmd("start");
    pair.wait_equal();
    let root = &pair.data;
    for round in 0..5u64 {
        fs::write(root.join(format!("new{round}")), noise(3000, round)).unwrap();
        let mut log = OpenOptions::new()
            .append(true)
            .create(true)
            .open(root.join("append.log"))
            .unwrap();
        log.write_all(format!("round {round}\n").as_bytes())
            .unwrap();
        fs::write(root.join("f1"), noise(7000, 100 + round)).unwrap();
        File::options()
            .write(true)
            .open(root.join("f2"))
            .unwrap()
            .set_len(1000 - round * 100)
            .unwrap();
        fs::rename(
            root.join(format!("f{}", 10 + round)),
            root.join(format!("moved{round}")),
        )
        .unwrap();
        fs::remove_file(root.join(format!("f{}", 15 + round))).unwrap();
        fs::create_dir(root.join(format!("d/new{round}"))).unwrap();
        fs::write(root.join(format!("d/new{round}/inside")), b"x").unwrap();
    }
    fs::rename(root.join("d/e"), root.join("e-moved")).unwrap();
    fs::remove_file(root.join("d/new0/inside")).unwrap();
    fs::remove_dir(root.join("d/new0")).unwrap();
    pair.wait_equal();

    // What the source says it sent is what the target says it received.
    let connection = pair.wait_synced();
    let target: Value =
        serde_json::from_str(&pair.target.dtctl_ok(&["--json", "target", "show"])).unwrap();
    let session = &target["sessions"][0];
    assert_eq!(
        number(&connection, "ops_tx"),
        number(session, "ops_received") + number(&connection, "resent_ops"),
        "source {connection:#} target {target:#}"
    );
}

#[test]
fn a_killed_target_gets_every_operation_exactly_once() {
    let pair = Pair::new("", |root| fs::write(root.join("log.txt"), b"").unwrap());
    pair.job_cmd("start");
    pair.wait_equal();
    let log_path = pair.data.join("log.txt");
    let writer = std::thread::spawn(move || {
        for line in 0..600 {
            let mut log = OpenOptions::new().append(true).open(&log_path).unwrap();
            log.write_all(format!("line {line}\n").as_bytes()).unwrap();
            drop(log);
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    std::thread::sleep(Duration::from_millis(800));
    let mut target = pair.target;
    target.kill();
    std::thread::sleep(Duration::from_millis(1500));
    target.start();
    let pair = Pair { target, ..pair };
    writer.join().unwrap();
    pair.wait_equal();
    let replica = fs::read_to_string(pair.replica.join("log.txt")).unwrap();
    let lines: Vec<&str> = replica.lines().collect();
    assert_eq!(lines.len(), 600, "an append was lost or applied twice");
    assert!(lines
        .iter()
        .enumerate()
        .all(|(i, l)| *l == format!("line {i}")));
}

#[test]
fn a_paused_target_makes_the_source_queue_spill_to_disk_and_nothing_is_lost() {
    let pair = Pair::new("QMemoryBufferMax=32", |_| {});
    pair.job_cmd("start");
    pair.wait_equal();
    pair.target.dtctl_ok(&["target", "pause"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while pair.connection()["target_status"] != "Paused" {
        assert!(Instant::now() < deadline, "{:#}", pair.connection());
        std::thread::sleep(Duration::from_millis(50));
    }
    for i in 0..48u64 {
        fs::write(pair.data.join(format!("chunk{i}")), noise(1 << 20, i)).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let connection = pair.connection();
        if number(&connection, "bytes_in_disk_queue") > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "never spilled: {connection:#}");
        std::thread::sleep(Duration::from_millis(100));
    }
    pair.target.dtctl_ok(&["target", "resume"]);
    pair.wait_equal();
    assert_eq!(number(&pair.connection(), "bytes_in_disk_queue"), 0);
}

#[test]
fn pausing_the_job_stops_transmission_and_resuming_catches_up() {
    let pair = Pair::new("", |root| fs::write(root.join("a"), b"a").unwrap());
    pair.job_cmd("start");
    pair.wait_equal();
    pair.job_cmd("pause");
    let before = number(&pair.connection(), "ops_tx");
    for i in 0..50u64 {
        fs::write(pair.data.join(format!("p{i}")), noise(2000, i)).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while number(&pair.connection(), "ops_in_rep_queue") == 0 {
        assert!(Instant::now() < deadline, "{:#}", pair.connection());
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    let paused = pair.connection();
    assert_eq!(paused["con_state"], 2, "conState 2 Paused: {paused:#}");
    assert_eq!(number(&paused, "ops_tx"), before, "{paused:#}");
    assert!(!pair.replica.join("p0").exists());
    pair.job_cmd("start");
    pair.wait_equal();
    assert!(number(&pair.connection(), "ops_tx") > before);
}

#[test]
fn a_reversed_job_sends_the_replica_back_and_then_protects_it() {
    let pair = Pair::new("", |root| {
        fs::write(root.join("kept"), b"from the source").unwrap();
        fs::write(root.join("changed"), b"old").unwrap();
    });
    pair.job_cmd("start");
    pair.wait_equal();
    pair.job_cmd("failover");
    // While failed over, users work on the target's copy.
    fs::write(pair.replica.join("changed"), b"changed on the target").unwrap();
    fs::write(pair.replica.join("created"), b"created on the target").unwrap();
    pair.job_cmd("reverse");
    let shown = pair.show();
    assert_eq!(shown["source"], pair.target.address().as_str(), "{shown:#}");
    pair.job_cmd("start");
    pair.wait_synced();
    assert_eq!(
        fs::read(pair.data.join("changed")).unwrap(),
        b"changed on the target"
    );
    assert_eq!(
        fs::read(pair.data.join("created")).unwrap(),
        b"created on the target"
    );
    // Protection now runs from the old target to the old source.
    fs::write(pair.replica.join("later"), b"replicated back").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while fs::read(pair.data.join("later")).ok().as_deref() != Some(&b"replicated back"[..]) {
        assert!(Instant::now() < deadline, "{:#}", pair.connection());
        std::thread::sleep(Duration::from_millis(100));
    }
    pair.wait_equal();
}
