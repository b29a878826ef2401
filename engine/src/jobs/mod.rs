//! Jobs (guide chapter 7): each protects a replication set from a source engine to a
//! path on a target engine, has a GUID and a job log `job-<GUID>.log`, and raises the
//! Linux job events 5700–5718.
//!
//! # Layout
//! - [`JobId`], [`Job`], [`JobState`], [`TargetDataState`], [`JobAction`]: the job and
//!   its state machine (the transition table is in `job.rs`).
//! - [`JobManager`]: create, act on, list and show jobs; persisted in `jobs.json`
//!   (`store.rs`); [`JobManager::monitor_once`] and [`spawn_monitor`] watch the engines.
//! - [`JobEvent`]: the event IDs; [`JobEventSink`] takes them: [`JobLogs`] writes job
//!   logs, [`MemoryJobLog`] keeps them for tests.
//! - [`EngineProbe`], [`ManagementProbe`], [`Reachability`]: probing an engine's
//!   management port; [`JobHealth`]: which probe changes raise which event.
//! - [`check_activation_code`]: the ActivationCode check (5707, 5713, 5714).
//! - [`RepSetLookup`]: what jobs need from the replication set database.
//! - [`JobRequest`], [`handle`]: the management requests.

mod address;
mod events;
mod health;
mod id;
mod job;
mod job_log;
mod license;
mod manager;
mod monitor;
mod probe;
mod repsets;
mod request;
mod sink;
mod store;

pub use events::JobEvent;
pub use health::JobHealth;
pub use id::JobId;
pub use job::{Job, JobAction, JobState, TargetDataState};
pub use job_log::JobLogs;
pub use license::{check_activation_code, ActivationCodeError, ACTIVATION_CODE_LEN};
pub use manager::{JobManager, JobReport, JobSpec};
pub use monitor::{spawn_monitor, DEFAULT_MONITOR_INTERVAL};
pub use probe::{EngineProbe, ManagementProbe, Reachability, DEFAULT_PROBE_TIMEOUT};
pub use repsets::RepSetLookup;
pub use request::{handle, JobRequest};
pub use sink::{JobEventSink, LoggedJobEvent, MemoryJobLog};
pub use store::JOBS_FILE_NAME;
