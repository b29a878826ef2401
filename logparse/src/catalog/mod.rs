//! The guide's message catalogue as Rust tables: the Windows event list of chapter 6
//! (which holds the engine's own events 4000–4411 and the job events 6000–6250), the
//! Linux job events 5700–5718 of chapter 7, the error codes of chapter 5, and the
//! `dttrap*` notifications of chapter 11 and the vendor MIB.
//!
//! Every table is sorted by its ID so that lookups are binary searches.
//!
//! # Layout
//! - `event_id`, `level`: [`EventId`] and [`EventLevel`], shared by the event tables.
//! - `engine_events`: [`EngineEvent`], one row per entry of the guide's Windows event list.
//! - `linux_events`: [`LinuxJobEvent`], the Linux job events.
//! - `error_codes`: [`ErrorCode`] and its messages.
//! - `traps`: [`Trap`], the MIB's notifications and the engine events that raise them.
//! - `format`: [`format_message`], `%1`…`%99` and `%n` substitution in templates.

mod engine_events;
mod error_codes;
mod event_id;
mod format;
mod level;
mod linux_events;
mod traps;

pub use engine_events::{
    engine_event, engine_events, engine_events_with_id, EngineEvent, ENGINE_OWN_EVENT_IDS,
    JOB_EVENT_IDS,
};
pub use error_codes::{error_codes, error_entry, error_message, ErrorCode, ErrorEntry};
pub use event_id::EventId;
pub use format::format_message;
pub use level::EventLevel;
pub use linux_events::{linux_job_event, linux_job_events, LinuxJobEvent, LINUX_JOB_EVENT_IDS};
pub use traps::{
    trap_by_name, trap_by_number, traps, traps_raised_by, Confidence, Trap, ENTERPRISE_OID,
};
