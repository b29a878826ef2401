//! The jobs' management requests and [`handle`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{JobAction, JobId, JobManager, JobSpec};
use crate::EngineError;

/// The management requests of the jobs area, e.g. `{"start":{"id":"<GUID>"}}`.
///
/// IDs travel as text so that a malformed GUID is answered with 101 naming it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobRequest {
    /// Create a job; answers the job.
    Create(JobSpec),
    /// Start or resume protection; answers the job.
    Start {
        /// The job's GUID.
        id: String,
    },
    /// Pause protection; answers the job.
    Pause {
        /// The job's GUID.
        id: String,
    },
    /// Stop the job; answers the job.
    Stop {
        /// The job's GUID.
        id: String,
    },
    /// Delete the job; answers the job as it was.
    Delete {
        /// The job's GUID.
        id: String,
    },
    /// Fail over to the target; answers the job.
    Failover {
        /// The job's GUID.
        id: String,
    },
    /// Reverse a failed-over job; answers the job.
    Reverse {
        /// The job's GUID.
        id: String,
    },
    /// Every job; answers a list.
    List,
    /// One job with its engines' last probe results.
    Show {
        /// The job's GUID.
        id: String,
    },
}

/// Answers one management request of the jobs area.
pub fn handle(state: &JobManager, request: JobRequest) -> Result<Value, EngineError> {
    let act = |id: &str, action| state.act(&JobId::parse(id)?, action);
    match request {
        JobRequest::Create(spec) => to_value(state.create(spec)?),
        JobRequest::Start { id } => to_value(act(&id, JobAction::Start)?),
        JobRequest::Pause { id } => to_value(act(&id, JobAction::Pause)?),
        JobRequest::Stop { id } => to_value(act(&id, JobAction::Stop)?),
        JobRequest::Delete { id } => to_value(act(&id, JobAction::Delete)?),
        JobRequest::Failover { id } => to_value(act(&id, JobAction::Failover)?),
        JobRequest::Reverse { id } => to_value(act(&id, JobAction::Reverse)?),
        JobRequest::List => to_value(state.list()),
        JobRequest::Show { id } => to_value(state.show(&JobId::parse(&id)?)?),
    }
}

fn to_value(value: impl Serialize) -> Result<Value, EngineError> {
    serde_json::to_value(value).map_err(|err| EngineError::unknown(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wire_format() {
        let start: JobRequest =
            serde_json::from_str(r#"{"start":{"id":"6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9"}}"#)
                .unwrap();
        assert_eq!(
            start,
            JobRequest::Start {
                id: "6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9".into()
            }
        );
        assert_eq!(
            serde_json::to_string(&JobRequest::List).unwrap(),
            r#""list""#
        );
        let create = JobRequest::Create(JobSpec {
            name: "web".into(),
            repset: "rs".into(),
            source: "a:1501".into(),
            target: "b:1501".into(),
            target_path: "/d".into(),
        });
        assert_eq!(
            serde_json::to_value(&create).unwrap(),
            serde_json::json!({"create": {"name": "web", "repset": "rs",
                "source": "a:1501", "target": "b:1501", "target_path": "/d"}})
        );
    }

    fn request() -> impl Strategy<Value = JobRequest> {
        let text = "\\PC{0,12}";
        prop_oneof![
            (text, text, text, text, text).prop_map(
                |(name, repset, source, target, target_path)| {
                    JobRequest::Create(JobSpec {
                        name,
                        repset,
                        source,
                        target,
                        target_path,
                    })
                }
            ),
            text.prop_map(|id| JobRequest::Start { id }),
            text.prop_map(|id| JobRequest::Pause { id }),
            text.prop_map(|id| JobRequest::Stop { id }),
            text.prop_map(|id| JobRequest::Delete { id }),
            text.prop_map(|id| JobRequest::Failover { id }),
            text.prop_map(|id| JobRequest::Reverse { id }),
            Just(JobRequest::List),
            text.prop_map(|id| JobRequest::Show { id }),
        ]
    }

    proptest! {
        #[test]
        fn json_round_trip(request in request()) {
            let json = serde_json::to_string(&request).unwrap();
            prop_assert_eq!(serde_json::from_str::<JobRequest>(&json).unwrap(), request);
        }
    }
}
