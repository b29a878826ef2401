//! Placeholder: filled in by the settings work.

use serde::{Deserialize, Serialize};

use crate::EngineError;

/// The management requests of this area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsRequest {}

/// This area's state in the running engine.
#[derive(Debug, Default)]
pub struct SettingsStore;

/// Answers one management request of this area.
pub fn handle(
    _state: &SettingsStore,
    request: SettingsRequest,
) -> Result<serde_json::Value, EngineError> {
    match request {}
}
