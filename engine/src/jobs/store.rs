//! The jobs' database: `jobs.json` in the data directory, replaced atomically (written to
//! a temporary file in the same directory, synced, renamed over the old one, directory
//! synced), so a crash leaves either the old or the new file, never half of one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Job;
use crate::EngineError;

/// The jobs' file name in the data directory.
pub const JOBS_FILE_NAME: &str = "jobs.json";
/// The temporary file a new version is written to before the rename.
const TEMP_FILE_NAME: &str = "jobs.json.tmp";
/// The version of the file's layout.
const FORMAT_VERSION: u32 = 1;

/// The file's content.
#[derive(Debug, Serialize, Deserialize)]
struct JobsFile {
    version: u32,
    jobs: Vec<Job>,
}

/// `jobs.json` in one data directory.
#[derive(Debug)]
pub(super) struct JobStore {
    dir: PathBuf,
}

impl JobStore {
    /// The store in `data_dir`, created if needed.
    pub(super) fn open(data_dir: &Path) -> Result<JobStore, EngineError> {
        fs::create_dir_all(data_dir).map_err(|err| failure(data_dir, &err))?;
        Ok(JobStore {
            dir: data_dir.to_path_buf(),
        })
    }

    /// The jobs saved last; none when there is no file yet. A file that cannot be read
    /// or understood is an error (and is left as it is).
    pub(super) fn load(&self) -> Result<Vec<Job>, EngineError> {
        let path = self.dir.join(JOBS_FILE_NAME);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(failure(&path, &err)),
        };
        let file: JobsFile = serde_json::from_slice(&bytes).map_err(|err| failure(&path, &err))?;
        if file.version != FORMAT_VERSION {
            return Err(failure(
                &path,
                &format!("unsupported version {}", file.version),
            ));
        }
        Ok(file.jobs)
    }

    /// Replaces the saved jobs with `jobs`.
    pub(super) fn save(&self, jobs: &[Job]) -> Result<(), EngineError> {
        let path = self.dir.join(JOBS_FILE_NAME);
        self.replace(jobs).map_err(|err| failure(&path, &err))
    }

    fn replace(&self, jobs: &[Job]) -> io::Result<()> {
        let file = JobsFile {
            version: FORMAT_VERSION,
            jobs: jobs.to_vec(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file)?;
        bytes.push(b'\n');
        let temp = self.dir.join(TEMP_FILE_NAME);
        let mut out = File::create(&temp)?;
        out.write_all(&bytes)?;
        out.sync_all()?;
        drop(out);
        fs::rename(&temp, self.dir.join(JOBS_FILE_NAME))?;
        File::open(&self.dir)?.sync_all()
    }
}

/// 1 "Unknown error code", naming the file and what went wrong.
fn failure(path: &Path, err: &dyn std::fmt::Display) -> EngineError {
    EngineError::unknown(format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{JobId, JobState, TargetDataState};

    fn job(name: &str) -> Job {
        Job {
            id: JobId::new_random(),
            name: name.into(),
            repset: "FilesAndFolders".into(),
            source: "alpha:1501".into(),
            target: "beta:1501".into(),
            target_path: "/data".into(),
            state: JobState::Paused,
            target_data_state: TargetDataState::RestoreRequired,
            created: chrono::Utc::now(),
            reversed: false,
        }
    }

    #[test]
    fn saves_and_loads_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = JobStore::open(&dir.path().join("data")).unwrap();
        assert_eq!(store.load().unwrap(), []);
        let jobs = vec![job("a"), job("b")];
        store.save(&jobs).unwrap();
        assert_eq!(store.load().unwrap(), jobs);
        store.save(&jobs[1..]).unwrap();
        assert_eq!(store.load().unwrap(), jobs[1..]);
        assert!(!dir.path().join("data").join(TEMP_FILE_NAME).exists());
    }

    #[test]
    fn a_damaged_file_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(JOBS_FILE_NAME);
        fs::write(&path, b"{\"version\":1,\"jobs\":[{").unwrap();
        let store = JobStore::open(dir.path()).unwrap();
        let err = store.load().unwrap_err();
        assert_eq!(err.code, 1);
        assert!(err.detail.contains(JOBS_FILE_NAME), "{}", err.detail);
        assert_eq!(fs::read(&path).unwrap(), b"{\"version\":1,\"jobs\":[{");
        fs::write(&path, b"{\"version\":9,\"jobs\":[]}").unwrap();
        assert!(store.load().unwrap_err().detail.contains("version 9"));
    }
}
