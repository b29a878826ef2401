//! [`SourceConfig`]: everything one source connection needs to know, and how the lead
//! fills it from DT.conf and the job.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::replication::capture::CaptureOptions;
use crate::replication::mirror::{MirrorOptions, RemapLink};
use crate::replication::queue::QueueLimits;
use crate::repset::ReplicationSet;
use crate::settings::SettingsStore;

/// The unacknowledged bytes a connection keeps in flight by default: 8 MiB.
pub const DEFAULT_WINDOW_BYTES: u64 = 8 << 20;

/// The highest AutoRemirror value (4: compare attributes and data).
pub const MAX_AUTO_REMIRROR: u8 = 4;

/// How one source connection (one job) runs.
#[derive(Debug, Clone)]
pub struct SourceConfig {
    /// What the job says: the connection, the set, the target and the paths.
    pub job: SourceJob,
    /// NetworkTimeout: silence after which the connection counts as lost.
    pub network_timeout: Duration,
    /// NetworkRetry: the wait between two reconnection attempts.
    pub network_retry: Duration,
    /// AutoReconnect: whether a lost connection is re-established.
    pub auto_reconnect: bool,
    /// AutoRemirror, 0–4: the mirror run when the capture loses changes (0 none,
    /// 2 full, 1/3/4 difference).
    pub auto_remirror: u8,
    /// MirrorChunkSize, SmallFileThreshold, RemapLink and the target path.
    pub mirror: MirrorOptions,
    /// How the capture hashes and batches.
    pub capture: CaptureOptions,
    /// The replication queue's memory and disk limits.
    pub queue: QueueLimits,
    /// The most bytes of operations sent and not yet acknowledged.
    pub window_bytes: u64,
    /// CalculateOnConnect: whether a mirror calculates the set's size as it starts
    /// (Mirror Status "Calculating" meanwhile), so that conMirrorPercent can be shown.
    pub calculate_on_connect: bool,
}

/// What the job says about one connection (the rest comes from DT.conf).
#[derive(Debug, Clone)]
pub struct SourceJob {
    /// The guide's Connection ID.
    pub connection_id: u32,
    /// The replication set.
    pub set: ReplicationSet,
    /// Target Name.
    pub target_name: String,
    /// The target engine's replication port.
    pub target_addr: SocketAddr,
    /// Where the target keeps the replica.
    pub target_path: PathBuf,
    /// This engine's host name.
    pub source_host: String,
    /// The directory replica paths are taken relative to: `/`, or a reversed job's
    /// target path (see [`MirrorOptions::source_root`]).
    pub source_root: PathBuf,
}

impl SourceConfig {
    /// The configuration of `job` with DT.conf's NetworkTimeout, NetworkRetry,
    /// AutoReconnect, AutoRemirror, MirrorChunkSize, SmallFileThreshold, RemapLink and
    /// queue settings (journal files default to `install_dir`).
    pub fn from_settings(
        store: &SettingsStore,
        install_dir: &Path,
        job: SourceJob,
    ) -> SourceConfig {
        let mirror = MirrorOptions {
            chunk_size: store.u64("MirrorChunkSize"),
            small_file_threshold: store.u64("SmallFileThreshold"),
            remap_link: RemapLink::from(store.flag("RemapLink")),
            target_path: job.target_path.clone(),
            source_root: job.source_root.clone(),
        };
        let capture = CaptureOptions {
            source_root: job.source_root.clone(),
            ..CaptureOptions::default()
        };
        SourceConfig {
            network_timeout: Duration::from_secs(store.u64("NetworkTimeout").max(1)),
            network_retry: Duration::from_secs(store.u64("NetworkRetry").max(1)),
            auto_reconnect: store.flag("AutoReconnect"),
            auto_remirror: u8::try_from(
                store.u64("AutoRemirror").min(u64::from(MAX_AUTO_REMIRROR)),
            )
            .unwrap_or(MAX_AUTO_REMIRROR),
            job,
            mirror,
            capture,
            queue: QueueLimits::from_settings(store, install_dir),
            window_bytes: DEFAULT_WINDOW_BYTES,
            calculate_on_connect: store.flag("CalculateOnConnect"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_fill_the_network_and_mirror_fields() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("DT.conf");
        std::fs::write(
            &conf,
            "NetworkTimeout=30\nNetworkRetry=2\nAutoReconnect=0\nAutoRemirror=2\nMirrorChunkSize=4096\nRemapLink=0\n",
        )
        .unwrap();
        let (store, _) = SettingsStore::load(&conf).unwrap();
        let set = ReplicationSet::new("docs", Vec::new(), chrono::Utc::now()).unwrap();
        let config = SourceConfig::from_settings(
            &store,
            dir.path(),
            SourceJob {
                connection_id: 7,
                set,
                target_name: "BETA".into(),
                target_addr: "127.0.0.1:1500".parse().unwrap(),
                target_path: "/replica".into(),
                source_host: "alpha".into(),
                source_root: "/".into(),
            },
        );
        assert_eq!(config.network_timeout, Duration::from_secs(30));
        assert_eq!(config.network_retry, Duration::from_secs(2));
        assert!(!config.auto_reconnect);
        assert_eq!(config.auto_remirror, 2);
        assert_eq!(config.mirror.chunk_size, 4096);
        assert_eq!(config.mirror.remap_link, RemapLink::Retain);
        assert_eq!(config.mirror.target_path, PathBuf::from("/replica"));
        assert_eq!(config.window_bytes, DEFAULT_WINDOW_BYTES);
        assert_eq!(config.job.connection_id, 7);
    }
}
