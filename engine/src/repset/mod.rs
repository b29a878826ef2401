//! Placeholder: filled in by the repset work.

use serde::{Deserialize, Serialize};

use crate::EngineError;

/// The management requests of this area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepSetRequest {}

/// This area's state in the running engine.
#[derive(Debug, Default)]
pub struct RepSetStore;

/// Answers one management request of this area.
pub fn handle(
    _state: &RepSetStore,
    request: RepSetRequest,
) -> Result<serde_json::Value, EngineError> {
    match request {}
}
