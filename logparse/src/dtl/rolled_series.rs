//! A rename-based ("rolled") series: `NAME.log`, `NAME.log.1`, `NAME.log.2`, … in one
//! directory, as the guide describes for Linux job logs and `master.log` (chapter 2).

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io;
use std::path::PathBuf;

use super::series::{first_seq, highest_seq, FileId};
use super::series_reader::SeriesReader;

/// The extension of the live file; older files add `.1`, `.2`, … after it.
pub const ROLLED_EXTENSION: &str = "log";

/// How many times [`RolledSeries::files`] lists the directory while rolls move files.
const LIST_ATTEMPTS: usize = 8;

/// The files of a rolled series: the live `NAME.log` and the older `NAME.log.N`.
///
/// When the live file is full the writer renames `NAME.log.N` to `NAME.log.N+1` for each
/// kept older file (the oldest is replaced), then `NAME.log` to `NAME.log.1`, and creates a
/// new `NAME.log`; see [`RolledAppender`](super::RolledAppender). A file keeps its
/// [`FileId`] across these renames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolledSeries {
    /// The directory holding the files.
    pub dir: PathBuf,
    /// The name before `.log`, e.g. `job-<GUID>` or `master`; matched case-sensitively.
    pub name: String,
}

/// One file of a rolled series, as found when the directory was listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolledFile {
    /// `0` for the live file `NAME.log`, `N` for `NAME.log.N` (higher is older).
    pub generation: u16,
    /// Full path.
    pub path: PathBuf,
    /// Sequence number of the file's first well-formed record; `None` if it has none.
    pub first_seq: Option<u64>,
    /// Device and inode, which the renames keep.
    pub file_id: FileId,
    /// Size in bytes.
    pub len: u64,
}

/// One listing of a rolled series.
#[derive(Debug)]
pub(crate) struct Listing {
    /// The files, oldest first; a file seen under two names is listed once, under the newer.
    pub(crate) files: Vec<RolledFile>,
    /// Every file listed had its name at one same instant, and no older file was left
    /// out (the live file may be, while a roll is replacing it).
    pub(crate) consistent: bool,
}

impl RolledSeries {
    /// The series `name.log`, `name.log.1`, … in `dir`.
    pub fn new(dir: impl Into<PathBuf>, name: impl Into<String>) -> RolledSeries {
        RolledSeries {
            dir: dir.into(),
            name: name.into(),
        }
    }

    /// The path of the live file, `NAME.log`.
    pub fn live_path(&self) -> PathBuf {
        self.path_of(0)
    }

    /// The path of `generation`: `NAME.log` for 0, `NAME.log.N` otherwise.
    pub fn path_of(&self, generation: u16) -> PathBuf {
        if generation == 0 {
            self.dir.join(format!("{}.{ROLLED_EXTENSION}", self.name))
        } else {
            self.dir
                .join(format!("{}.{ROLLED_EXTENSION}.{generation}", self.name))
        }
    }

    /// The generation a file name stands for, if it belongs to this series.
    pub fn generation_of(&self, file_name: &OsStr) -> Option<u16> {
        let rest = file_name
            .to_str()?
            .strip_prefix(self.name.as_str())?
            .strip_prefix('.')?
            .strip_prefix(ROLLED_EXTENSION)?;
        if rest.is_empty() {
            return Some(0);
        }
        let digits = rest.strip_prefix('.')?;
        if digits.is_empty() || digits.starts_with('0') {
            return None;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// The generations present in the directory, unordered (no file is opened).
    pub(crate) fn generations(&self) -> io::Result<Vec<u16>> {
        let mut found = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            if let Some(generation) = self.generation_of(&entry?.file_name()) {
                found.push(generation);
            }
        }
        Ok(found)
    }

    /// The regular files of the series, oldest first: `NAME.log.N` down to `NAME.log.1`,
    /// then the live `NAME.log`.
    ///
    /// If a roll moves files while they are being listed, the directory is listed again
    /// (a few times at most), so the files are the ones the directory held at one instant
    /// unless the writer keeps rolling throughout.
    pub fn files(&self) -> io::Result<Vec<RolledFile>> {
        let mut listing = self.list()?;
        for _ in 1..LIST_ATTEMPTS {
            if listing.consistent {
                break;
            }
            listing = self.list()?;
        }
        Ok(listing.files)
    }

    /// Lists the files once and tells whether the listing is one instant's view.
    pub(crate) fn list(&self) -> io::Result<Listing> {
        let mut generations = self.generations()?;
        generations.sort_unstable();
        let oldest = generations.last().copied().unwrap_or(0);
        // Older files are numbered without gaps; a gap is a name read while renamed.
        let mut consistent = generations
            .iter()
            .copied()
            .filter(|&g| g > 0)
            .eq(1..=oldest);
        let mut files = Vec::with_capacity(generations.len());
        for &generation in &generations {
            match inspect(generation, self.path_of(generation)) {
                Ok(Some(file)) => files.push(file),
                Ok(None) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => consistent = false,
                Err(err) => return Err(err),
            }
        }
        // A name only ever passes to newer files, so a name showing the same file when
        // opened and again now showed it all along: at the moment the last one was opened,
        // every name showed the file listed for it. A file renamed past the oldest name
        // after the directory was read shows up as one more name.
        if consistent {
            for file in &files {
                if !still_named(file)? {
                    consistent = false;
                    break;
                }
            }
        }
        if consistent {
            if let Some(beyond) = oldest.checked_add(1) {
                match fs::symlink_metadata(self.path_of(beyond)) {
                    Ok(_) => consistent = false,
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => return Err(err),
                }
            }
        }
        let mut seen = HashSet::new();
        files.retain(|f| seen.insert(f.file_id));
        files.reverse();
        Ok(Listing { files, consistent })
    }

    /// Reads the whole series, oldest file first.
    ///
    /// The files are opened before reading starts, so rolls during the reading neither
    /// repeat nor skip a file.
    pub fn reader(&self) -> io::Result<SeriesReader> {
        let mut opened = Vec::new();
        for _ in 0..LIST_ATTEMPTS {
            let listing = self.list()?;
            let mut moved = !listing.consistent;
            opened.clear();
            for file in listing.files {
                match File::open(&file.path) {
                    Ok(handle) if FileId::of(&handle.metadata()?) == file.file_id => {
                        opened.push((file.path, handle));
                    }
                    Ok(_) => moved = true,
                    Err(err) if err.kind() == io::ErrorKind::NotFound => moved = true,
                    Err(err) => return Err(err),
                }
            }
            if !moved {
                break;
            }
        }
        Ok(SeriesReader::of_open(opened))
    }

    /// The highest sequence number in the series: the last record of the newest file
    /// that has any (the live file, or `NAME.log.1` if the live file has none yet).
    pub fn last_seq(&self) -> io::Result<Option<u64>> {
        for file in self.files()?.iter().rev() {
            match highest_seq(&file.path) {
                Ok(Some(seq)) => return Ok(Some(seq)),
                Ok(None) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
        Ok(None)
    }
}

/// Whether `file`'s path still names the file listed.
fn still_named(file: &RolledFile) -> io::Result<bool> {
    match fs::metadata(&file.path) {
        Ok(metadata) => Ok(FileId::of(&metadata) == file.file_id),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

/// Describes `generation` at `path`; `None` if it is not a regular file.
fn inspect(generation: u16, path: PathBuf) -> io::Result<Option<RolledFile>> {
    // Identity and first record come from the same open file, so they agree even if the
    // name is renamed meanwhile.
    let file = File::open(&path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Ok(None);
    }
    Ok(Some(RolledFile {
        generation,
        first_seq: first_seq(file, &path)?,
        file_id: FileId::of(&metadata),
        len: metadata.len(),
        path,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_generations() {
        let series = RolledSeries::new("/opt/dbtk/log", "job-1");
        assert_eq!(series.live_path(), PathBuf::from("/opt/dbtk/log/job-1.log"));
        assert_eq!(
            series.path_of(3),
            PathBuf::from("/opt/dbtk/log/job-1.log.3")
        );
        let generation = |name: &str| series.generation_of(OsStr::new(name));
        assert_eq!(generation("job-1.log"), Some(0));
        assert_eq!(generation("job-1.log.1"), Some(1));
        assert_eq!(generation("job-1.log.12"), Some(12));
        for bad in [
            "job-1.log.0",
            "job-1.log.01",
            "job-1.log.",
            "job-1.log.x",
            "job-1.log.+1",
            "job-1.log.99999",
            "job-1.logs",
            "job-1log",
            "job-12.log",
            "JOB-1.log",
            "job-1.dtl",
        ] {
            assert_eq!(generation(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_gap_in_the_older_files_makes_a_listing_inconsistent() {
        let dir = tempfile::tempdir().expect("temp dir");
        let series = RolledSeries::new(dir.path(), "job-1");
        let write = |generation: u16, seq: u64| {
            let line = format!("01/02/2021\t03:04:05.678\t1\t2\t{seq}\t2\t0\tm\n");
            fs::write(series.path_of(generation), line).expect("write");
        };
        write(0, 3);
        write(1, 2);
        write(2, 1);
        let listing = series.list().expect("list");
        assert!(listing.consistent);
        let seen = |files: &[RolledFile]| -> Vec<(u16, Option<u64>)> {
            files.iter().map(|f| (f.generation, f.first_seq)).collect()
        };
        assert_eq!(
            seen(&listing.files),
            [(2, Some(1)), (1, Some(2)), (0, Some(3))]
        );

        fs::remove_file(series.path_of(1)).expect("remove");
        assert!(!series.list().expect("list").consistent);
        let files = series.files().expect("files");
        assert_eq!(seen(&files), [(2, Some(1)), (0, Some(3))]);

        // One file under two names (a hard link) is listed once, under the newer name.
        fs::hard_link(series.path_of(2), series.path_of(1)).expect("link");
        assert_eq!(
            seen(&series.files().expect("files")),
            [(1, Some(1)), (0, Some(3))]
        );
    }
}
