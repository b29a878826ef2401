//! The holding engine's part of a job action: asking the job's source engine to open,
//! pause, resume or close the job's connection.

use std::path::Path;
use std::time::Duration;

use logparse::dtl::Severity;
use serde_json::Value;

use super::request::LinkRequest;
use super::spec::{LinkSpec, MirrorAction, MirrorChoice};
use crate::event_log::EventLog;
use crate::jobs::{Job, JobAction, JobState};
use crate::mgmt::client::Client;
use crate::mgmt::protocol::Request;
use crate::repset::RepSetStore;
use crate::EngineError;

/// How long the holding engine waits for the source engine. Opening includes the
/// source asking the target where it listens, so it is longer than a plain request.
const SOURCE_TIMEOUT: Duration = Duration::from_secs(5);

/// Carries out the connection side of `action` on `before` (which becomes `after`):
/// a start opens the connection on the source engine (a full mirror first for a new
/// job, a difference mirror otherwise) or resumes a paused one, a pause pauses
/// transmission, a stop or failover closes it. A start or pause that the source engine
/// refuses refuses the action; a close that cannot reach the source is logged and the
/// job stops anyway (its source may be the server that failed).
pub fn carry_out(
    repsets: &RepSetStore,
    log: &EventLog,
    before: &Job,
    after: Option<&Job>,
    action: JobAction,
) -> Result<(), EngineError> {
    let job = before.id.to_string();
    match action {
        JobAction::Start if before.state == JobState::Paused => {
            send(&before.source, LinkRequest::Resume { job }).map(drop)
        }
        JobAction::Start => {
            let job_after = after.unwrap_or(before);
            let first_mirror = if before.state == JobState::Created {
                MirrorChoice::Full
            } else {
                MirrorChoice::Difference
            };
            let set = repsets.get(&before.repset)?;
            // Reversed, the source protects the replica under the target path and the
            // data goes back to the set's own paths.
            let (set, source_root, target_path) = if job_after.reversed {
                let root = Path::new(&job_after.target_path);
                let moved = set
                    .rerooted(root)
                    .map_err(|err| EngineError::invalid_parameter(err.to_string()))?;
                (moved, job_after.target_path.clone(), "/".to_string())
            } else {
                (set, "/".to_string(), job_after.target_path.clone())
            };
            let spec = LinkSpec {
                job,
                job_name: before.name.clone(),
                set,
                target: job_after.target.clone(),
                target_path,
                source_root,
                first_mirror: Some(first_mirror),
            };
            send(&job_after.source, LinkRequest::Open(Box::new(spec))).map(drop)
        }
        JobAction::Pause => send(&before.source, LinkRequest::Pause { job }).map(drop),
        JobAction::Stop | JobAction::Failover => {
            if let Err(err) = send(&before.source, LinkRequest::Close { job }) {
                let text = format!(
                    "Job {} ({}): its connection on {} was not closed: {err}",
                    before.id, before.name, before.source
                );
                let _ = log.message(Severity::Alert, 0, &text);
            }
            Ok(())
        }
        JobAction::Delete | JobAction::Reverse => Ok(()),
    }
}

/// The status of `job`'s connection as its source engine reports it; `None` when the
/// job is not active or the source cannot tell.
pub fn connection_of(job: &Job) -> Option<Value> {
    if !job.is_active() {
        return None;
    }
    send(
        &job.source,
        LinkRequest::Show {
            job: job.id.to_string(),
        },
    )
    .ok()
}

/// Sends a mirror command for `job` to its source engine; answers the connection status.
pub fn mirror(job: &Job, action: MirrorAction) -> Result<Value, EngineError> {
    send(
        &job.source,
        LinkRequest::Mirror {
            job: job.id.to_string(),
            action,
        },
    )
}

fn send(engine: &str, request: LinkRequest) -> Result<Value, EngineError> {
    Client::connect(engine, SOURCE_TIMEOUT)?.request(&Request::Link(request))
}
