//! The settings the engine acts on, read once from the store into plain typed fields.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use logparse::dtl::{AppenderConfig, LogMessageLevel, DEFAULT_BASE_NAME};

use super::store::SettingsStore;
use super::value::SettingValue;

/// A snapshot of the settings dtsuite's engine uses (the table's `engine_uses` rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineSettings {
    /// `LogDir`: the engine log's directory (also where the statistics file goes).
    pub log_dir: PathBuf,
    /// `LogMessageLevel`.
    pub log_message_level: LogMessageLevel,
    /// `MaxLogFileSize`, bytes.
    pub max_log_file_size: u64,
    /// `MaxNumberofLogFiles`, 1 to 999.
    pub max_number_of_log_files: u16,
    /// `StatsAddress`: the stats server's bind address.
    pub stats_address: IpAddr,
    /// `StatsPort`.
    pub stats_port: u16,
    /// `StatsLoggingOn`: statistics logging starts with the service.
    pub stats_logging_on: bool,
    /// `StatsWriteInterval`, in minutes as the guide gives it.
    pub stats_write_interval: u64,
    /// `StatsFileName`, in `log_dir`.
    pub stats_file_name: String,
    /// `StatsMaxFileSize`, as written (the default is a byte count).
    pub stats_max_file_size: u64,
    /// `SaveStatFile`: keep the previous file as `<name>-old.sts` instead of overwriting.
    pub save_stat_file: bool,
    /// `RepSetDBName`, in `data_dir`.
    pub rep_set_db_name: String,
    /// `DataDir`: where replication sets and jobs persist.
    pub data_dir: PathBuf,
    /// `JobLogDir`: where the job logs go.
    pub job_log_dir: PathBuf,
    /// `ManagementAddress`.
    pub management_address: IpAddr,
    /// `ManagementPort`.
    pub management_port: u16,
    /// `NetPort`: replication traffic.
    pub net_port: u16,
    /// `NetAddress`: where the replication port listens.
    pub net_address: IpAddr,
    /// `NetworkTimeout`.
    pub network_timeout: Duration,
    /// `NetworkRetry`: the interval between reconnection attempts.
    pub network_retry: Duration,
    /// `AutoReconnect`.
    pub auto_reconnect: bool,
    /// `ActivationCode`, `None` when unset or empty.
    pub activation_code: Option<String>,
    /// `MirrorChunkSize`, bytes.
    pub mirror_chunk_size: u64,
    /// `SmallFileThreshold`, bytes.
    pub small_file_threshold: u64,
    /// `JobMonitorInterval`: how often jobs' engines are checked.
    pub job_monitor_interval: Duration,
}

impl EngineSettings {
    /// Reads the engine's settings from `store` (effective values: DT.conf's or defaults).
    pub fn from_store(store: &SettingsStore) -> EngineSettings {
        let level = store.u64("LogMessageLevel");
        EngineSettings {
            log_dir: store.path("LogDir"),
            log_message_level: u8::try_from(level)
                .ok()
                .and_then(LogMessageLevel::from_u8)
                .unwrap_or_else(|| panic!("LogMessageLevel {level} passed validation")),
            max_log_file_size: store.u64("MaxLogFileSize"),
            max_number_of_log_files: narrow(store, "MaxNumberofLogFiles"),
            stats_address: address(store, "StatsAddress"),
            stats_port: narrow(store, "StatsPort"),
            stats_logging_on: store.flag("StatsLoggingOn"),
            stats_write_interval: store.u64("StatsWriteInterval"),
            stats_file_name: store.string("StatsFileName"),
            stats_max_file_size: store.u64("StatsMaxFileSize"),
            save_stat_file: store.flag("SaveStatFile"),
            rep_set_db_name: store.string("RepSetDBName"),
            data_dir: store.path("DataDir"),
            job_log_dir: store.path("JobLogDir"),
            management_address: address(store, "ManagementAddress"),
            management_port: narrow(store, "ManagementPort"),
            net_port: narrow(store, "NetPort"),
            net_address: address(store, "NetAddress"),
            network_timeout: Duration::from_secs(store.u64("NetworkTimeout")),
            network_retry: Duration::from_secs(store.u64("NetworkRetry")),
            auto_reconnect: store.flag("AutoReconnect"),
            activation_code: Some(store.string("ActivationCode")).filter(|code| !code.is_empty()),
            mirror_chunk_size: store.u64("MirrorChunkSize"),
            small_file_threshold: store.u64("SmallFileThreshold"),
            job_monitor_interval: Duration::from_secs(store.u64("JobMonitorInterval")),
        }
    }

    /// The engine log's appender settings (`dtlogN.dtl` in `log_dir`).
    pub fn appender_config(&self) -> AppenderConfig {
        AppenderConfig {
            dir: self.log_dir.clone(),
            base_name: DEFAULT_BASE_NAME.to_owned(),
            max_file_size: self.max_log_file_size,
            max_files: self.max_number_of_log_files,
            message_level: self.log_message_level,
        }
    }

    /// Where the management port listens.
    pub fn management_endpoint(&self) -> SocketAddr {
        SocketAddr::new(self.management_address, self.management_port)
    }

    /// Where the replication port listens.
    pub fn net_endpoint(&self) -> SocketAddr {
        SocketAddr::new(self.net_address, self.net_port)
    }

    /// Where the stats server listens.
    pub fn stats_endpoint(&self) -> SocketAddr {
        SocketAddr::new(self.stats_address, self.stats_port)
    }

    /// The statistics file, `StatsFileName` in `LogDir`.
    pub fn stats_file(&self) -> PathBuf {
        self.log_dir.join(&self.stats_file_name)
    }

    /// Where `SaveStatFile=1` keeps the previous statistics file: `statistic-old.sts`
    /// for the default name (`-old` before the extension).
    pub fn old_stats_file(&self) -> PathBuf {
        let name = match self.stats_file_name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem}-old.{ext}"),
            _ => format!("{}-old", self.stats_file_name),
        };
        self.log_dir.join(name)
    }

    /// The replication set database, `RepSetDBName` in `DataDir`.
    pub fn rep_set_db(&self) -> PathBuf {
        self.data_dir.join(&self.rep_set_db_name)
    }
}

/// A number whose table range fits the narrower type (ports, 1-999).
fn narrow<T: TryFrom<u64>>(store: &SettingsStore, name: &str) -> T {
    let n = store.u64(name);
    T::try_from(n).unwrap_or_else(|_| panic!("{name}={n} passed validation but does not fit"))
}

fn address(store: &SettingsStore, name: &str) -> IpAddr {
    match store.get(name) {
        Some(SettingValue::Address(addr)) => addr,
        other => panic!("setting {name} is not an address: {other:?}"),
    }
}
