//! A Linux job event read from a job log: the record plus the guide's facts about its ID.

use chrono::NaiveDateTime;
use logparse::catalog::{linux_job_event, EventId, EventLevel, LINUX_JOB_EVENT_IDS};
use logparse::dtl::Record;
use serde::{Deserialize, Serialize};

/// One event 5700–5718 of one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobEvent {
    /// The job's GUID, from the log's file name.
    pub guid: String,
    /// The line's sequence number in the job log.
    pub seq: u64,
    /// When the engine logged it (local time).
    pub time: NaiveDateTime,
    /// The event ID.
    pub id: u32,
    /// The guide's level for the ID.
    pub level: EventLevel,
    /// The message as logged.
    pub message: String,
}

impl JobEvent {
    /// The event a job log record carries, if its ID is one of 5700–5718.
    pub fn from_record(guid: &str, record: &Record) -> Option<JobEvent> {
        let id = EventId(record.id);
        if !LINUX_JOB_EVENT_IDS.contains(&id) {
            return None;
        }
        let known = linux_job_event(id)?;
        Some(JobEvent {
            guid: guid.to_owned(),
            seq: record.seq,
            time: record.timestamp,
            id: record.id,
            level: known.level,
            message: record.text.clone(),
        })
    }

    /// The guide's "required response" for the event.
    pub fn required_response(&self) -> &'static str {
        linux_job_event(EventId(self.id)).map_or("", |event| event.required_response)
    }

    /// The time as the engine log writes it, `MM/DD/YYYY HH:MM:SS.mmm`.
    pub fn time_text(&self) -> String {
        self.time.format("%m/%d/%Y %H:%M:%S%.3f").to_string()
    }
}
