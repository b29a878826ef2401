//! Placeholder: filled in by the jobs work.

use serde::{Deserialize, Serialize};

use crate::EngineError;

/// The management requests of this area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobRequest {}

/// This area's state in the running engine.
#[derive(Debug, Default)]
pub struct JobManager;

/// Answers one management request of this area.
pub fn handle(_state: &JobManager, request: JobRequest) -> Result<serde_json::Value, EngineError> {
    match request {}
}
