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

mod connection;
mod counter;
mod kernel;
mod memory;
mod model;
mod security;
mod source;
mod target;

pub use connection::{ConnectionCounters, ConnectionInfo};
pub use counter::{Counter, Gauge};
pub use kernel::KernelCounters;
pub use memory::resident_bytes;
pub use model::StatsModel;
pub use security::SecurityCounters;
pub use source::SourceCounters;
pub use target::TargetCounters;
