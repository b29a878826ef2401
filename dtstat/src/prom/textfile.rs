//! Writing a `.prom` file atomically, as node_exporter's textfile collector needs: the
//! collector must never read a half-written file.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use logparse::sts::Snapshot;
use thiserror::Error;

use super::encode;
use crate::filter::Filter;

/// A `.prom` file that could not be written.
#[derive(Debug, Error)]
pub enum PromError {
    /// Writing the temporary file or renaming it over `path` failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file asked for.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
}

/// Writes `snapshot` to `path` in the text exposition format: to a temporary file in the
/// same directory (named so the collector, which reads `*.prom`, ignores it), synced, then
/// renamed over `path`, so a reader sees the old file or the new one, never a mix.
pub fn write_textfile(snapshot: &Snapshot, filter: &Filter, path: &Path) -> Result<(), PromError> {
    let temporary = temporary_path(path);
    let written =
        write_and_sync(snapshot, filter, &temporary).and_then(|()| fs::rename(&temporary, path));
    written.map_err(|source| {
        // The temporary file is ours and useless now; failing to remove it changes nothing.
        let _ = fs::remove_file(&temporary);
        PromError::Write {
            path: path.to_owned(),
            source,
        }
    })
}

fn write_and_sync(snapshot: &Snapshot, filter: &Filter, temporary: &Path) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(temporary)?);
    encode(snapshot, filter, &mut out)?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()
}

/// `.NAME.PID.tmp` beside `path`.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "dtstat.prom".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_file_is_hidden_beside_the_target_and_not_prom() {
        let temporary = temporary_path(Path::new("/var/lib/node/dtsuite.prom"));
        assert_eq!(temporary.parent(), Some(Path::new("/var/lib/node")));
        let name = temporary
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        assert!(name
            .as_deref()
            .is_some_and(|n| n.starts_with(".dtsuite.prom.") && n.ends_with(".tmp")));
    }
}
