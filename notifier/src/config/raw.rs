//! The TOML file as written, before validation: every key optional, unknown keys refused.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::smtp::TlsMode;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub job_log_dir: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
    pub outbox_dir: Option<PathBuf>,
    pub host_name: Option<String>,
    pub engine: Option<String>,
    #[serde(default, with = "humantime_serde")]
    pub poll_interval: Option<Duration>,
    pub smtp: Option<RawSmtp>,
    #[serde(default)]
    pub mail: RawMail,
    #[serde(default)]
    pub events: RawEvents,
    #[serde(default)]
    pub grouping: RawGrouping,
    #[serde(default)]
    pub jobs: BTreeMap<String, RawJob>,
}

/// `[smtp]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSmtp {
    pub host: String,
    pub port: Option<u16>,
    pub tls: Option<TlsMode>,
    pub ca_file: Option<PathBuf>,
    pub user: Option<String>,
    pub password_file: Option<PathBuf>,
    pub password_env: Option<String>,
    #[serde(default, with = "humantime_serde")]
    pub timeout: Option<Duration>,
    pub connections: Option<u32>,
    #[serde(default, with = "humantime_serde")]
    pub retry_initial: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub retry_max: Option<Duration>,
}

/// `[mail]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMail {
    pub from: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

/// `[events]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvents {
    pub ids: Option<String>,
    pub levels: Option<Vec<String>>,
    pub exclude: Option<String>,
    pub recoveries: Option<bool>,
}

/// `[grouping]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrouping {
    pub enabled: Option<bool>,
    #[serde(default, with = "humantime_serde")]
    pub window: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub repeat: Option<Duration>,
}

/// `[jobs."GUID"]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawJob {
    pub name: Option<String>,
    pub to: Option<Vec<String>>,
}
