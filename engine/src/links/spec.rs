//! What a link request carries: the connection to open and the mirror commands.

use serde::{Deserialize, Serialize};

use crate::repset::ReplicationSet;

/// Everything a source engine needs to open a job's connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSpec {
    /// The job's GUID.
    pub job: String,
    /// The job's name, for the logs.
    pub job_name: String,
    /// The replication set, as the holding engine's database defines it.
    pub set: ReplicationSet,
    /// The target engine's management address, `HOST:PORT`.
    pub target: String,
    /// Where the replica goes on the target.
    pub target_path: String,
    /// The directory the set's paths are taken relative to: `/` normally; a reversed
    /// job's target path, since its source protects the replica kept there.
    #[serde(default = "root")]
    pub source_root: String,
    /// The mirror to run first (none: replicate only).
    pub first_mirror: Option<MirrorChoice>,
}

/// Which mirror to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MirrorChoice {
    /// Send every file.
    Full,
    /// Send only files whose size or modification time differ on the target.
    Difference,
}

/// A user's mirror command (`dtctl mirror start|pause|resume|stop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MirrorAction {
    /// Start a mirror (event 4019).
    Start(MirrorChoice),
    /// Pause the running mirror (4020).
    Pause,
    /// Resume a paused mirror (4021).
    Resume,
    /// Stop the running mirror (4022).
    Stop,
}

/// `/`, the usual source root.
fn root() -> String {
    "/".to_string()
}
