//! Shared by the source tests: a protected tree, an in-process target server (the
//! target tests' support) and a source connection to it, with waits and comparisons.

#![allow(dead_code)]

#[path = "../replication_capture_support/mod.rs"]
pub mod capture_support;
#[path = "../replication_target_support/mod.rs"]
pub mod target_support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use engine::event_log::EventLog;
use engine::jobs::TargetDataState;
use engine::replication::capture::CaptureOptions;
use engine::replication::mirror::MirrorOptions;
use engine::replication::queue::QueueLimits;
use engine::replication::source::{
    MirrorKind, SourceConfig, SourceConnection, DEFAULT_WINDOW_BYTES,
};
use engine::repset::ReplicationSet;
use engine::stats::StatsModel;
use logparse::dtl::{AppenderConfig, LogSeries};

use capture_support::{replica_path, set_of, snapshot, Fixture};
pub use target_support::{Dirs, Target};

/// How long a test waits for anything before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A source tree, a target's directories, and the source's own journal and log.
pub struct Rig {
    pub fixture: Fixture,
    pub dirs: Dirs,
    pub journal: tempfile::TempDir,
    pub source_logs: tempfile::TempDir,
    pub set: ReplicationSet,
    pub log: EventLog,
    pub stats: Arc<StatsModel>,
    states: Arc<Mutex<Vec<TargetDataState>>>,
}

impl Rig {
    pub fn new() -> Rig {
        let fixture = Fixture::new();
        let dirs = Dirs::new();
        std::fs::create_dir_all(dirs.root()).unwrap();
        let source_logs = tempfile::tempdir().unwrap();
        let log = EventLog::open(AppenderConfig {
            dir: source_logs.path().to_path_buf(),
            ..AppenderConfig::default()
        })
        .unwrap();
        let set = set_of(&[(&fixture.src, true, true)]);
        Rig {
            fixture,
            dirs,
            journal: tempfile::tempdir().unwrap(),
            source_logs,
            set,
            log,
            stats: Arc::new(StatsModel::new(chrono::Utc::now())),
            states: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// A connection to `target` with short timeouts and a roomy queue.
    pub fn config(&self, target: SocketAddr) -> SourceConfig {
        SourceConfig {
            connection_id: 1,
            set: self.set.clone(),
            target_name: "BETA".into(),
            target_addr: target,
            target_path: self.dirs.root(),
            source_host: "alpha".into(),
            network_timeout: Duration::from_secs(10),
            network_retry: Duration::from_millis(100),
            auto_reconnect: true,
            auto_remirror: 1,
            mirror: MirrorOptions::new(self.dirs.root()),
            capture: CaptureOptions::default(),
            queue: QueueLimits {
                memory_bytes: 4 << 20,
                journal_dir: self.journal.path().to_path_buf(),
                journal_file_bytes: 1 << 20,
                disk_bytes: None,
            },
            window_bytes: DEFAULT_WINDOW_BYTES,
        }
    }

    /// Starts a source connection with `config`.
    pub fn start(
        &self,
        config: SourceConfig,
        first_mirror: Option<MirrorKind>,
    ) -> SourceConnection {
        let states = Arc::clone(&self.states);
        SourceConnection::start(
            config,
            Arc::clone(&self.stats),
            self.log.clone(),
            Arc::new(move |state| states.lock().unwrap().push(state)),
            first_mirror,
        )
        .unwrap()
    }

    /// `src/<rel>`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.fixture.path(rel)
    }

    /// The replica's copy of `src`.
    pub fn replica_src(&self) -> PathBuf {
        replica_path(&self.dirs.root(), &self.fixture.src)
    }

    /// Whether the replica equals the source (contents, modes, file times, links).
    pub fn equal(&self) -> bool {
        let replica = self.replica_src();
        replica.is_dir() && snapshot(&self.fixture.src, &|_| true) == snapshot(&replica, &|_| true)
    }

    /// Asserts the replica equals the source, naming the first difference.
    pub fn assert_equal(&self) {
        capture_support::assert_replica_equal(&self.set, &self.fixture.src, &self.replica_src());
    }

    /// Every Target Data State reported so far.
    pub fn states(&self) -> Vec<TargetDataState> {
        self.states.lock().unwrap().clone()
    }

    /// The catalogue events the source logged so far.
    pub fn events(&self) -> Vec<u32> {
        LogSeries::in_dir(self.source_logs.path())
            .reader()
            .unwrap()
            .records()
            .map(|r| r.unwrap().id)
            .filter(|id| *id != 0)
            .collect()
    }

    /// How many times the source logged event `id`.
    pub fn count(&self, id: u32) -> usize {
        self.events().iter().filter(|e| **e == id).count()
    }

    /// The source's plain log lines.
    pub fn lines(&self) -> Vec<String> {
        LogSeries::in_dir(self.source_logs.path())
            .reader()
            .unwrap()
            .records()
            .map(|r| r.unwrap().text)
            .collect()
    }

    /// Waits until the replica equals the source and the connection is quiet.
    pub async fn converge(&self, connection: &SourceConnection) {
        wait_for("the replica to equal the source", || {
            let status = connection.status();
            status.ops_in_rep_queue == 0 && status.ops_in_ack_queue == 0 && self.equal()
        })
        .await;
        self.assert_equal();
    }
}

/// Polls `condition` until it holds; fails the test after [`PATIENCE`].
pub async fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
