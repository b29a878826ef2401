//! What dtnotify keeps per job between runs: the follower's cursor (saved only up to
//! events already in the spool) and the problems still present.

use std::fs;
use std::io;
use std::path::PathBuf;

use logparse::dtl::RolledCursor;
use serde::{Deserialize, Serialize};

use crate::atomic_file::write_all_atomically;
use crate::grouping::Problem;

/// One job's saved state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobState {
    /// Where to resume reading the job log.
    pub cursor: Option<RolledCursor>,
    /// Problems mailed and not recovered.
    pub problems: Vec<Problem>,
}

/// The directory of job states, `job-<GUID>.json` each.
#[derive(Debug, Clone)]
pub struct JobStates {
    dir: PathBuf,
}

impl JobStates {
    /// The states in `dir`, created if needed.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<JobStates> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(JobStates { dir })
    }

    /// Job `guid`'s state; the default if none was saved.
    pub fn load(&self, guid: &str) -> io::Result<JobState> {
        let path = self.dir.join(file_name(guid));
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {err}", path.display()),
                )
            }),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(JobState::default()),
            Err(err) => Err(err),
        }
    }

    /// Saves the states of several jobs atomically, durable on return.
    pub fn save_all(&self, states: &[(&str, JobState)]) -> io::Result<()> {
        let mut files = Vec::with_capacity(states.len());
        for (guid, state) in states {
            files.push((file_name(guid), serde_json::to_vec(state)?));
        }
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        write_all_atomically(&self.dir, &refs)
    }
}

fn file_name(guid: &str) -> String {
    format!("job-{guid}.json")
}
