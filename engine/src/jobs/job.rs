//! [`Job`] and its state machine.
//!
//! | state \ action | start      | pause  | stop    | delete  | failover   | reverse            |
//! |----------------|------------|--------|---------|---------|------------|--------------------|
//! | Created        | Protecting | 126    | 126     | deleted | 168        | 209                |
//! | Protecting     | 125        | Paused | Stopped | 130     | FailedOver | 209                |
//! | Paused         | Protecting | 126    | Stopped | 130     | FailedOver | 209                |
//! | Stopped        | Protecting | 126    | 126     | deleted | FailedOver | 209                |
//! | FailedOver     | 178        | 210    | 210     | deleted | 210        | Stopped, reversed  |
//!
//! Numbers are the guide's error codes for a refused action (chapter 5): 125 "Connection
//! is replicating", 126 "Connection is not replicating", 130 "Job is in use" (stop it
//! first), 168 "Not a valid failover or cutover source" (it never protected anything),
//! 178 "Restore is required", 209 "Server is not failed over", 210 "Server is failed over".
//!
//! The target data state starts as "Mirror Required" (nothing mirrored yet); a failover
//! stops the job and marks it "Restore Required"; a reverse swaps source and target and
//! marks it "Mirror Required" again, leaving the job stopped until it is started in the
//! new direction.

use std::fmt;

use chrono::{DateTime, Utc};
use logparse::catalog::ErrorCode;
use serde::{Deserialize, Serialize};

use super::{JobEvent, JobId};

/// 125 "Connection is replicating".
const CONNECTION_IS_REPLICATING: ErrorCode = ErrorCode(125);
/// 126 "Connection is not replicating".
const CONNECTION_IS_NOT_REPLICATING: ErrorCode = ErrorCode(126);
/// 130 "Job is in use".
const JOB_IS_IN_USE: ErrorCode = ErrorCode(130);
/// 168 "Not a valid failover or cutover source".
const NOT_A_VALID_FAILOVER_SOURCE: ErrorCode = ErrorCode(168);
/// 178 "Restore is required".
const RESTORE_IS_REQUIRED: ErrorCode = ErrorCode(178);
/// 209 "Server is not failed over".
const SERVER_IS_NOT_FAILED_OVER: ErrorCode = ErrorCode(209);
/// 210 "Server is failed over".
const SERVER_IS_FAILED_OVER: ErrorCode = ErrorCode(210);

/// A job: protects a replication set from a source engine to a path on a target engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// The job's GUID.
    pub id: JobId,
    /// The name the user gave it.
    pub name: String,
    /// The replication set it protects.
    pub repset: String,
    /// The source engine's management address, `HOST:PORT`.
    pub source: String,
    /// The target engine's management address, `HOST:PORT`.
    pub target: String,
    /// Where on the target the data goes.
    pub target_path: String,
    /// Where the job is in its life cycle.
    pub state: JobState,
    /// The state of the data on the target (guide chapter 4).
    pub target_data_state: TargetDataState,
    /// When the job was created.
    pub created: DateTime<Utc>,
    /// Whether the job runs reversed (each reverse flips it): its source protects the
    /// replica it kept under the target path, and its target receives the data back at
    /// the set's own paths.
    #[serde(default)]
    pub reversed: bool,
}

/// Where a job is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobState {
    /// Created and never started.
    Created,
    /// Protection has started.
    Protecting,
    /// Protection has been paused.
    Paused,
    /// The job has been stopped.
    Stopped,
    /// Failed over to the target; the job is stopped and the source needs a restore.
    FailedOver,
}

/// The state of the data on the target, with the guide's values (chapter 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetDataState {
    /// "OK": the data on the target is in a good state.
    #[serde(rename = "OK")]
    Ok,
    /// "Mirroring": a mirror is in progress.
    Mirroring,
    /// "Mirror Required": a remirror is required.
    #[serde(rename = "Mirror Required")]
    MirrorRequired,
    /// "Restore Required": source and target differ because of a failover.
    #[serde(rename = "Restore Required")]
    RestoreRequired,
    /// "Snapshot Reverted": a snapshot has been applied on the target.
    #[serde(rename = "Snapshot Reverted")]
    SnapshotReverted,
    /// "Busy": the source is low on memory.
    Busy,
    /// "Not Loaded": target functionality is not loaded on the target.
    #[serde(rename = "Not Loaded")]
    NotLoaded,
    /// "Not Ready": the Linux drivers have not finished loading on the target.
    #[serde(rename = "Not Ready")]
    NotReady,
    /// "Unknown": the state cannot be determined.
    Unknown,
}

/// A user's action on a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobAction {
    /// Start (or resume) protection.
    Start,
    /// Pause protection.
    Pause,
    /// Stop the job.
    Stop,
    /// Delete the job.
    Delete,
    /// Fail over to the target.
    Failover,
    /// Reverse the job after a failover.
    Reverse,
}

impl Job {
    /// Whether the monitor watches the job's engines: it is protecting or paused.
    pub fn is_active(&self) -> bool {
        matches!(self.state, JobState::Protecting | JobState::Paused)
    }

    /// The job after `action` (`None`: deleted), or the guide's error code refusing it.
    pub fn after(&self, action: JobAction) -> Result<Option<Job>, ErrorCode> {
        let Some(state) = self.state.after(action)? else {
            return Ok(None);
        };
        let mut job = self.clone();
        job.state = state;
        match action {
            JobAction::Failover => job.target_data_state = TargetDataState::RestoreRequired,
            JobAction::Reverse => {
                std::mem::swap(&mut job.source, &mut job.target);
                job.reversed = !job.reversed;
                job.target_data_state = TargetDataState::MirrorRequired;
            }
            JobAction::Start | JobAction::Pause | JobAction::Stop | JobAction::Delete => {}
        }
        Ok(Some(job))
    }
}

impl JobState {
    /// The state after `action` (`None`: deleted), or the guide's error code refusing it.
    pub fn after(self, action: JobAction) -> Result<Option<JobState>, ErrorCode> {
        use JobAction as A;
        use JobState as S;
        match (self, action) {
            (S::Created | S::Paused | S::Stopped, A::Start) => Ok(Some(S::Protecting)),
            (S::Protecting, A::Start) => Err(CONNECTION_IS_REPLICATING),
            (S::Protecting, A::Pause) => Ok(Some(S::Paused)),
            (S::Created | S::Paused | S::Stopped, A::Pause) => Err(CONNECTION_IS_NOT_REPLICATING),
            (S::Protecting | S::Paused, A::Stop) => Ok(Some(S::Stopped)),
            (S::Created | S::Stopped, A::Stop) => Err(CONNECTION_IS_NOT_REPLICATING),
            (S::Created | S::Stopped | S::FailedOver, A::Delete) => Ok(None),
            (S::Protecting | S::Paused, A::Delete) => Err(JOB_IS_IN_USE),
            (S::Protecting | S::Paused | S::Stopped, A::Failover) => Ok(Some(S::FailedOver)),
            (S::Created, A::Failover) => Err(NOT_A_VALID_FAILOVER_SOURCE),
            (S::FailedOver, A::Reverse) => Ok(Some(S::Stopped)),
            (_, A::Reverse) => Err(SERVER_IS_NOT_FAILED_OVER),
            (S::FailedOver, A::Start) => Err(RESTORE_IS_REQUIRED),
            (S::FailedOver, A::Pause | A::Stop | A::Failover) => Err(SERVER_IS_FAILED_OVER),
        }
    }
}

impl JobAction {
    /// The event a successful action raises.
    pub fn event(self) -> JobEvent {
        match self {
            JobAction::Start => JobEvent::ProtectionStarted,
            JobAction::Pause => JobEvent::ProtectionPaused,
            JobAction::Stop => JobEvent::Stopped,
            JobAction::Delete => JobEvent::Deleted,
            JobAction::Failover => JobEvent::FailoverInitiated,
            JobAction::Reverse => JobEvent::ReverseInitiated,
        }
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JobState::Created => "Created",
            JobState::Protecting => "Protecting",
            JobState::Paused => "Paused",
            JobState::Stopped => "Stopped",
            JobState::FailedOver => "Failed over",
        })
    }
}

impl fmt::Display for TargetDataState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetDataState::Ok => "OK",
            TargetDataState::Mirroring => "Mirroring",
            TargetDataState::MirrorRequired => "Mirror Required",
            TargetDataState::RestoreRequired => "Restore Required",
            TargetDataState::SnapshotReverted => "Snapshot Reverted",
            TargetDataState::Busy => "Busy",
            TargetDataState::NotLoaded => "Not Loaded",
            TargetDataState::NotReady => "Not Ready",
            TargetDataState::Unknown => "Unknown",
        })
    }
}

impl fmt::Display for JobAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JobAction::Start => "start",
            JobAction::Pause => "pause",
            JobAction::Stop => "stop",
            JobAction::Delete => "delete",
            JobAction::Failover => "fail over",
            JobAction::Reverse => "reverse",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use JobAction as A;
    use JobState as S;

    const STATES: [JobState; 5] = [
        S::Created,
        S::Protecting,
        S::Paused,
        S::Stopped,
        S::FailedOver,
    ];
    const ACTIONS: [JobAction; 6] = [
        A::Start,
        A::Pause,
        A::Stop,
        A::Delete,
        A::Failover,
        A::Reverse,
    ];

    fn job() -> Job {
        Job {
            id: JobId::new_random(),
            name: "web".into(),
            repset: "FilesAndFolders".into(),
            source: "alpha:1501".into(),
            target: "beta:1501".into(),
            target_path: "/data/web".into(),
            state: S::Created,
            target_data_state: TargetDataState::MirrorRequired,
            created: Utc::now(),
            reversed: false,
        }
    }

    #[test]
    fn the_table_row_by_row() {
        let row = |state: JobState| ACTIONS.map(|action| state.after(action).map_err(|c| c.0));
        assert_eq!(
            row(S::Created),
            [
                Ok(Some(S::Protecting)),
                Err(126),
                Err(126),
                Ok(None),
                Err(168),
                Err(209)
            ]
        );
        assert_eq!(
            row(S::Protecting),
            [
                Err(125),
                Ok(Some(S::Paused)),
                Ok(Some(S::Stopped)),
                Err(130),
                Ok(Some(S::FailedOver)),
                Err(209)
            ]
        );
        assert_eq!(
            row(S::Paused),
            [
                Ok(Some(S::Protecting)),
                Err(126),
                Ok(Some(S::Stopped)),
                Err(130),
                Ok(Some(S::FailedOver)),
                Err(209)
            ]
        );
        assert_eq!(
            row(S::Stopped),
            [
                Ok(Some(S::Protecting)),
                Err(126),
                Err(126),
                Ok(None),
                Ok(Some(S::FailedOver)),
                Err(209)
            ]
        );
        assert_eq!(
            row(S::FailedOver),
            [
                Err(178),
                Err(210),
                Err(210),
                Ok(None),
                Err(210),
                Ok(Some(S::Stopped))
            ]
        );
    }

    #[test]
    fn every_refusal_code_is_in_the_guide() {
        for state in STATES {
            for action in ACTIONS {
                if let Err(code) = state.after(action) {
                    assert!(code.message().is_some(), "{code:?}");
                }
            }
        }
    }

    #[test]
    fn failover_then_reverse() {
        let protecting = job().after(A::Start).unwrap().unwrap();
        let failed_over = protecting.after(A::Failover).unwrap().unwrap();
        assert_eq!(failed_over.state, S::FailedOver);
        assert_eq!(
            failed_over.target_data_state,
            TargetDataState::RestoreRequired
        );
        assert_eq!(failed_over.source, "alpha:1501");
        let reversed = failed_over.after(A::Reverse).unwrap().unwrap();
        assert_eq!(reversed.state, S::Stopped);
        assert_eq!(
            (reversed.source.as_str(), reversed.target.as_str()),
            ("beta:1501", "alpha:1501")
        );
        assert_eq!(reversed.target_data_state, TargetDataState::MirrorRequired);
        assert!(reversed.reversed);
        assert!(reversed.after(A::Start).unwrap().unwrap().is_active());
        let back = reversed
            .after(A::Start)
            .and_then(|job| job.unwrap().after(A::Failover))
            .and_then(|job| job.unwrap().after(A::Reverse))
            .unwrap()
            .unwrap();
        assert!(!back.reversed);
        assert_eq!(back.source, "alpha:1501");
    }

    #[test]
    fn json_uses_the_guide_words() {
        let value = serde_json::to_value(job().after(A::Start).unwrap().unwrap()).unwrap();
        assert_eq!(value["state"], "Protecting");
        assert_eq!(value["target_data_state"], "Mirror Required");
        let back: Job = serde_json::from_value(value).unwrap();
        assert_eq!(back.state, S::Protecting);
        assert_eq!(
            TargetDataState::RestoreRequired.to_string(),
            "Restore Required"
        );
    }
}
