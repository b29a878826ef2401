//! [`SavedLinks`]: the connections this engine runs as a source, kept in `links.json`
//! in DataDir so that a restarted engine opens them again.

use std::fs;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::spec::LinkSpec;
use crate::settings::persist::replace_file;
use crate::EngineError;

/// The file's name in DataDir.
pub const LINKS_FILE_NAME: &str = "links.json";

/// One saved connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLink {
    /// What opened it.
    pub spec: LinkSpec,
    /// Where the target's replication port was last found, used when the target
    /// engine's management port does not answer at restart.
    pub target_addr: SocketAddr,
    /// Whether transmission was paused.
    pub paused: bool,
}

/// `links.json` in one data directory.
#[derive(Debug, Clone)]
pub struct SavedLinks {
    path: PathBuf,
}

impl SavedLinks {
    /// The saved connections of `data_dir`.
    pub fn in_dir(data_dir: &Path) -> SavedLinks {
        SavedLinks {
            path: data_dir.join(LINKS_FILE_NAME),
        }
    }

    /// The saved connections; none without a file. A file that cannot be read or
    /// understood is an error naming it (and is left as it is).
    pub fn load(&self) -> Result<Vec<SavedLink>, EngineError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(self.failure(&err)),
        };
        serde_json::from_slice(&bytes).map_err(|err| self.failure(&err))
    }

    /// Replaces the saved connections with `links`, atomically.
    pub fn save(&self, links: &[SavedLink]) -> Result<(), EngineError> {
        let mut bytes = serde_json::to_vec_pretty(links).map_err(|err| self.failure(&err))?;
        bytes.push(b'\n');
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(|err| self.failure(&err))?;
        }
        replace_file(&self.path, &bytes).map_err(|err| self.failure(&err))
    }

    fn failure(&self, err: &dyn std::fmt::Display) -> EngineError {
        EngineError::unknown(format!("{}: {err}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::MirrorChoice;
    use crate::repset::ReplicationSet;

    fn link(job: &str) -> SavedLink {
        SavedLink {
            spec: LinkSpec {
                job: job.into(),
                job_name: "web".into(),
                set: ReplicationSet::new("Docs", Vec::new(), chrono::Utc::now()).unwrap(),
                target: "beta:1501".into(),
                target_path: "/replica".into(),
                source_root: "/".into(),
                first_mirror: Some(MirrorChoice::Difference),
            },
            target_addr: "10.0.0.2:1500".parse().unwrap(),
            paused: true,
        }
    }

    #[test]
    fn saves_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        let saved = SavedLinks::in_dir(&dir.path().join("data"));
        assert_eq!(saved.load().unwrap(), []);
        let links = vec![link("a"), link("b")];
        saved.save(&links).unwrap();
        assert_eq!(saved.load().unwrap(), links);
        saved.save(&links[1..]).unwrap();
        assert_eq!(saved.load().unwrap(), links[1..]);
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let saved = SavedLinks::in_dir(dir.path());
        fs::write(dir.path().join(LINKS_FILE_NAME), b"{not json").unwrap();
        let err = saved.load().unwrap_err();
        assert!(err.detail.contains(LINKS_FILE_NAME), "{err}");
        assert_eq!(
            fs::read(dir.path().join(LINKS_FILE_NAME)).unwrap(),
            b"{not json"
        );
    }
}
