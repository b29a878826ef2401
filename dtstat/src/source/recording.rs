//! `-t`: every received snapshot saved to a `.sts` file that `-f` reads back.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use logparse::sts::{Snapshot, StsError, StsWriter};

use super::SourceError;

/// A `.sts` file being written, one record per saved snapshot.
#[derive(Debug)]
pub struct Recording {
    writer: StsWriter<BufWriter<File>>,
    path: PathBuf,
    flush_each: bool,
}

impl Recording {
    /// Creates (or truncates) `path` and writes the header. With `flush_each`, every
    /// record reaches the file as it is saved (live capture that Ctrl-C may end).
    pub fn create(path: &Path, flush_each: bool) -> Result<Recording, SourceError> {
        let file = File::create(path).map_err(|source| SourceError::Save {
            path: path.to_path_buf(),
            source,
        })?;
        let writer = StsWriter::new(BufWriter::new(file)).map_err(|source| SourceError::Save {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Recording {
            writer,
            path: path.to_path_buf(),
            flush_each,
        })
    }

    /// Appends `snapshot` as one record.
    pub fn save(&mut self, snapshot: &Snapshot) -> Result<(), SourceError> {
        self.writer
            .write_snapshot(snapshot)
            .map_err(|e| self.error(e))?;
        if self.flush_each {
            self.writer.flush().map_err(|e| self.error(e.into()))?;
        }
        Ok(())
    }

    /// Flushes what is buffered to the file.
    pub fn finish(mut self) -> Result<(), SourceError> {
        self.writer.flush().map_err(|e| self.error(e.into()))
    }

    fn error(&self, error: StsError) -> SourceError {
        let source = match error {
            StsError::Io(io) => io,
            other => std::io::Error::other(other),
        };
        SourceError::Save {
            path: self.path.clone(),
            source,
        }
    }
}
