//! `-f`: snapshots from a saved `.sts` file.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use logparse::sts::{StsError, StsReader};

use super::{Origin, Source, SourceError};

/// Opens `path` and checks its header: a file that is not `.sts` is error 143.
pub fn open_file(path: &Path) -> Result<Source, SourceError> {
    let read_error = |source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    if file.metadata().map_err(read_error)?.is_dir() {
        return Err(read_error(std::io::Error::other("it is a directory")));
    }
    let bytes: Box<dyn Read + Send> = Box::new(file);
    match StsReader::new(bytes) {
        Ok(reader) => Ok(Source::new(reader, Origin::File(path.to_path_buf()))),
        Err(StsError::Header(source)) => Err(SourceError::InvalidStatisticsFile {
            path: path.to_path_buf(),
            source,
        }),
        Err(StsError::Io(source)) => Err(read_error(source)),
        Err(StsError::Encode(e)) => Err(read_error(std::io::Error::other(e))),
    }
}
