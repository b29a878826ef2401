//! The management protocol's messages.

use serde::{Deserialize, Serialize};

use crate::EngineError;

/// The default management port (dtsuite setting `ManagementPort`).
pub const DEFAULT_MANAGEMENT_PORT: u16 = 1501;
/// The default management address (dtsuite setting `ManagementAddress`): loopback only.
pub const DEFAULT_MANAGEMENT_ADDRESS: &str = "127.0.0.1";

/// One request, by area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "area", content = "request", rename_all = "snake_case")]
pub enum Request {
    /// The engine's identity, state and uptime.
    Status,
    /// DT.conf settings: get, set, list.
    Settings(crate::settings::SettingsRequest),
    /// Replication sets.
    RepSet(crate::repset::RepSetRequest),
    /// Jobs.
    Job(crate::jobs::JobRequest),
    /// A mirror command for a job (`dtctl mirror …`), sent to the engine holding the job.
    Mirror {
        /// The job's GUID.
        job: String,
        /// What to do.
        action: crate::links::MirrorAction,
    },
    /// Replication connections and the replication port (engine to engine, `dtctl target`).
    Link(crate::links::LinkRequest),
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The request succeeded; what it returns.
    Ok(serde_json::Value),
    /// The request failed with the guide's error code.
    Error(EngineError),
}

impl From<Result<serde_json::Value, EngineError>> for Response {
    fn from(result: Result<serde_json::Value, EngineError>) -> Response {
        match result {
            Ok(value) => Response::Ok(value),
            Err(err) => Response::Error(err),
        }
    }
}

impl From<Response> for Result<serde_json::Value, EngineError> {
    fn from(response: Response) -> Self {
        match response {
            Response::Ok(value) => Ok(value),
            Response::Error(err) => Err(err),
        }
    }
}
