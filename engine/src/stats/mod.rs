//! Statistics (guide chapter 3): the live model, the statistics file, and the stats port.
//!
//! # Layout
//! - [`StatsModel`]: every statistic of a [`logparse::sts::Snapshot`], grouped per
//!   section ([`KernelCounters`], [`SecurityCounters`], [`SourceCounters`], one
//!   [`TargetCounters`] per peer address, one [`ConnectionCounters`] per connection),
//!   updated through relaxed atomics ([`Counter`], [`Gauge`]).
//! - [`StatsFile`] and [`StatsFileLogger`]: statistics logging to `statistic.sts`
//!   (StatsLoggingOn, StatsWriteInterval, StatsFileName, StatsMaxFileSize, SaveStatFile),
//!   configured by [`StatsFileConfig`].
//! - [`StatsServer`]: StatsPort, serving the same records live; `engine/STATS-PORT.md`
//!   documents what a client may ask for.

mod client_request;
mod client_session;
mod connection;
mod counter;
mod file_config;
mod file_logger;
mod kernel;
mod memory;
mod model;
mod security;
mod server;
mod server_counters;
mod snapshot_slot;
mod source;
mod stats_file;
mod target;

pub use client_request::{MAX_CLIENT_INTERVAL, MAX_REQUEST_LINE, MIN_CLIENT_INTERVAL};
pub use client_session::{MIN_STALL_TIME, STALL_INTERVALS};
pub use connection::{ConnectionCounters, ConnectionInfo};
pub use counter::{Counter, Gauge};
pub use file_config::{
    stats_write_interval, StatsFileConfig, DEFAULT_SAVE_STAT_FILE, DEFAULT_STATS_FILE_NAME,
    DEFAULT_STATS_MAX_FILE_SIZE, DEFAULT_STATS_WRITE_INTERVAL_MINUTES,
};
pub use file_logger::StatsFileLogger;
pub use kernel::KernelCounters;
pub use memory::resident_bytes;
pub use model::StatsModel;
pub use security::SecurityCounters;
pub use server::{
    StatsServer, DEFAULT_STATS_ADDRESS, DEFAULT_STATS_INTERVAL, DEFAULT_STATS_PORT,
    MAX_STATS_CLIENTS,
};
pub use server_counters::{StatsClient, StatsServerCounters};
pub use source::SourceCounters;
pub use stats_file::{StatsFile, StatsFileError, StatsFileOpened};
pub use target::TargetCounters;
