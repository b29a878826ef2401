//! [`TargetConfig`]: what the target's replication port needs from DT.conf.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::replication::apply::RetryPolicy;
use crate::settings::{EngineSettings, SettingsStore};

/// One mebibyte, the unit of QMemoryBufferMax.
const MIB: u64 = 1024 * 1024;

/// The settings of the target engine's replication port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetConfig {
    /// Where the port listens (NetAddress:NetPort).
    pub listen: SocketAddr,
    /// Where the applied-sequence records of every connection key are kept.
    pub state_dir: PathBuf,
    /// NetworkTimeout: silence after which a session is closed; keep-alives go every
    /// sixth of it.
    pub network_timeout: Duration,
    /// TGExecutionRetryLimit, TGRetryLocked, TGWriteFailureBeforeNotification.
    pub retry: RetryPolicy,
    /// Bytes of received operations each session may hold waiting to be applied
    /// (QMemoryBufferMax).
    pub queue_bytes: u64,
    /// TGMirrorCapacityHigh: percentage of `queue_bytes` at which the source's mirror
    /// is paused.
    pub mirror_capacity_high: u8,
    /// TGMirrorCapacityLow: percentage of `queue_bytes` at which it is resumed.
    pub mirror_capacity_low: u8,
}

impl TargetConfig {
    /// The configuration DT.conf sets, with records kept in `state_dir`.
    pub fn from_settings(store: &SettingsStore, state_dir: &Path) -> TargetConfig {
        let engine = EngineSettings::from_store(store);
        let percent = |name: &str| u8::try_from(store.u64(name)).unwrap_or(u8::MAX).min(100);
        TargetConfig {
            listen: engine.net_endpoint(),
            state_dir: state_dir.to_path_buf(),
            network_timeout: engine.network_timeout,
            retry: RetryPolicy::from_settings(store),
            queue_bytes: store.u64("QMemoryBufferMax").saturating_mul(MIB),
            mirror_capacity_high: percent("TGMirrorCapacityHigh"),
            mirror_capacity_low: percent("TGMirrorCapacityLow"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_port_timeout_queue_and_mirror_capacities() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("DT.conf");
        std::fs::write(
            &conf,
            "NetPort=1600\nNetworkTimeout=30\nQMemoryBufferMax=64\nTGMirrorCapacityHigh=40\n\
             TGMirrorCapacityLow=10\nTGExecutionRetryLimit=3\n",
        )
        .unwrap();
        let (store, _) = SettingsStore::load(&conf).unwrap();
        let config = TargetConfig::from_settings(&store, Path::new("/state"));
        assert_eq!(config.listen, "127.0.0.1:1600".parse().unwrap());
        assert_eq!(config.state_dir, Path::new("/state"));
        assert_eq!(config.network_timeout, Duration::from_secs(30));
        assert_eq!(config.queue_bytes, 64 * MIB);
        assert_eq!(config.mirror_capacity_high, 40);
        assert_eq!(config.mirror_capacity_low, 10);
        assert_eq!(config.retry.retry_limit, 3);
    }

    #[test]
    fn defaults_follow_the_guide() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("DT.conf");
        std::fs::write(&conf, "").unwrap();
        let (store, _) = SettingsStore::load(&conf).unwrap();
        let config = TargetConfig::from_settings(&store, dir.path());
        assert_eq!(config.listen.port(), 1500);
        assert_eq!(config.network_timeout, Duration::from_secs(120));
        assert_eq!(config.queue_bytes, 256 * MIB);
        assert_eq!(
            (config.mirror_capacity_high, config.mirror_capacity_low),
            (20, 15)
        );
        assert_eq!(config.retry, RetryPolicy::default());
    }
}
