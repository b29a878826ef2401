//! The dtsuite replication engine: the service whose surfaces the whole suite monitors.
//!
//! # Layout
//! - [`settings`]: DT.conf, table-driven: every Linux setting of the guide's chapter 12
//!   with its type, range and default, plus dtsuite's own.
//! - [`event_log`]: the engine log (`dtlogN.dtl`) with catalogue IDs and texts.
//! - [`stats`]: the live statistics model, the `.sts` file logger and the stats port.
//! - [`repset`]: replication sets (chapter 4) and their database.
//! - [`jobs`]: jobs, their job logs and the Linux job events 5700–5718 (chapter 7).
//! - [`replication`]: what travels from source to target and how it is applied.
//! - [`links`]: the connections jobs need, opened on their source engines.
//! - [`mgmt`]: the management port's protocol, server and client (`dtctl`).
//! - [`error`]: [`EngineError`], the guide's error codes with a detail.

pub mod error;
pub mod event_log;
pub mod jobs;
pub mod links;
pub mod mgmt;
pub mod replication;
pub mod repset;
pub mod service;
pub mod settings;
pub mod stats;

pub use error::EngineError;
