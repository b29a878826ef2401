//! A replication set as the management port shows it: the set and whether a job uses it
//! (the guide's "In Use").

use serde::{Deserialize, Serialize};

use super::set::ReplicationSet;

/// A replication set with its In Use flag, as `list`, `show` and the changes answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepSetView {
    /// The set: name, rules, created, modified, size.
    #[serde(flatten)]
    pub set: ReplicationSet,
    /// Whether a job is using the set.
    pub in_use: bool,
}
