//! The management requests of the links area and [`handle`].

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::registry::Links;
use super::spec::{LinkSpec, MirrorAction};
use crate::settings::SettingsStore;
use crate::EngineError;

/// The management requests of the links area, e.g. `{"pause":{"job":"<GUID>"}}`. The
/// holding engine of a job sends the first five to the job's source engine; `dtctl
/// target …` sends the last three to a target engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRequest {
    /// Open a job's connection (this engine is its source); answers its status.
    Open(Box<LinkSpec>),
    /// Pause transmission (4015); answers the status.
    Pause {
        /// The job's GUID.
        job: String,
    },
    /// Resume transmission (4014); answers the status.
    Resume {
        /// The job's GUID.
        job: String,
    },
    /// A mirror command; answers the status.
    Mirror {
        /// The job's GUID.
        job: String,
        /// What to do.
        action: MirrorAction,
    },
    /// Close the connection (Goodbye, 4017).
    Close {
        /// The job's GUID.
        job: String,
    },
    /// One connection's status.
    Show {
        /// The job's GUID.
        job: String,
    },
    /// Every connection this engine runs as a source.
    List,
    /// Pause this engine as a target (4026): received operations wait.
    TargetPause,
    /// Resume this engine as a target (4027).
    TargetResume,
    /// This engine's replication port and the sources connected to it.
    TargetShow,
}

/// Answers one management request of the links area.
pub fn handle(
    links: &Links,
    settings: &SettingsStore,
    request: LinkRequest,
) -> Result<Value, EngineError> {
    match request {
        LinkRequest::Open(spec) => links.open(settings, *spec),
        LinkRequest::Pause { job } => links.pause(&job),
        LinkRequest::Resume { job } => links.resume(&job),
        LinkRequest::Mirror { job, action } => links.mirror(&job, action),
        LinkRequest::Close { job } => links.close(&job),
        LinkRequest::Show { job } => links.show(&job),
        LinkRequest::List => Ok(links.list()),
        LinkRequest::TargetPause => {
            let target = links.target()?;
            let changed = target.pause();
            Ok(target_status(&target, changed))
        }
        LinkRequest::TargetResume => {
            let target = links.target()?;
            let changed = target.resume();
            Ok(target_status(&target, changed))
        }
        LinkRequest::TargetShow => Ok(target_status(&links.target()?, false)),
    }
}

fn target_status(target: &crate::replication::target::TargetControl, changed: bool) -> Value {
    json!({
        "paused": target.is_paused(),
        "changed": changed,
        "sessions": serde_json::to_value(target.sessions()).unwrap_or(Value::Null),
    })
}
