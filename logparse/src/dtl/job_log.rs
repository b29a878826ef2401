//! Linux job logs (guide chapter 2): `job-<GUID>.log` per job in the job log directory,
//! in the `.dtl` line format, rolled at 10 MB keeping three older files.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::rolled_appender::RolledAppender;
use super::rolled_series::{RolledSeries, ROLLED_EXTENSION};

/// Where job logs live on a Linux appliance, `/opt/dbtk/log`.
pub const DEFAULT_JOB_LOG_DIR: &str = "/opt/dbtk/log";

/// A job log's maximum size before it rolls: 10 MB (10 MiB, 10 485 760 bytes).
pub const JOB_LOG_MAX_SIZE: u64 = 10_485_760;

/// How many older files a job log keeps before replacing the oldest: three.
pub const JOB_LOG_OLDER_FILES: u16 = 3;

/// What every job log's file name starts with.
const JOB_LOG_PREFIX: &str = "job-";

/// The series name of job `guid`'s log: `job-<GUID>` (the live file is `job-<GUID>.log`).
pub fn job_log_name(guid: &str) -> String {
    format!("{JOB_LOG_PREFIX}{guid}")
}

/// The job GUID of a live job log's file name `job-<GUID>.log`, if it is one.
///
/// The GUID must have the form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hexadecimal
/// digits, either case). Older files (`job-<GUID>.log.1`, …) are not live files.
pub fn job_guid_of(file_name: &str) -> Option<&str> {
    let guid = file_name
        .strip_prefix(JOB_LOG_PREFIX)?
        .strip_suffix(ROLLED_EXTENSION)?
        .strip_suffix('.')?;
    is_guid(guid).then_some(guid)
}

/// The live job logs in `dir`, as (GUID, path of `job-<GUID>.log`), sorted by GUID.
///
/// Only regular files count (a symbolic link to one does).
/// A directory that does not exist (yet) holds none.
pub fn job_logs_in(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(guid) = name.to_str().and_then(job_guid_of) else {
            continue;
        };
        match fs::metadata(entry.path()) {
            Ok(metadata) if metadata.is_file() => found.push((guid.to_owned(), entry.path())),
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
    }
    found.sort();
    Ok(found)
}

/// A job log directory, watched for jobs whose logs appear after the watch began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobLogDir {
    /// The directory (default [`DEFAULT_JOB_LOG_DIR`]).
    pub dir: PathBuf,
    /// GUIDs already returned by [`new_jobs`](Self::new_jobs).
    known: HashSet<String>,
}

impl JobLogDir {
    /// Watches `dir`; the first [`new_jobs`](Self::new_jobs) returns every job there.
    pub fn new(dir: impl Into<PathBuf>) -> JobLogDir {
        JobLogDir {
            dir: dir.into(),
            known: HashSet::new(),
        }
    }

    /// The rolled series of job `guid`'s log.
    pub fn series(&self, guid: &str) -> RolledSeries {
        RolledSeries::new(&self.dir, job_log_name(guid))
    }

    /// Opens job `guid`'s log for writing with the guide's size and older-file count.
    pub fn appender(&self, guid: &str) -> io::Result<RolledAppender> {
        RolledAppender::open(
            &self.dir,
            &job_log_name(guid),
            JOB_LOG_MAX_SIZE,
            JOB_LOG_OLDER_FILES,
        )
    }

    /// Live job logs not returned by an earlier call, sorted by GUID.
    pub fn new_jobs(&mut self) -> io::Result<Vec<(String, PathBuf)>> {
        let mut found = job_logs_in(&self.dir)?;
        found.retain(|(guid, _)| self.known.insert(guid.clone()));
        Ok(found)
    }
}

/// Whether `text` is a GUID in its usual 8-4-4-4-12 hexadecimal form.
fn is_guid(text: &str) -> bool {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut groups = text.split('-');
    GROUPS.iter().all(|&len| {
        groups
            .next()
            .is_some_and(|g| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }) && groups.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: &str = "a6cbf990-ba67-403d-855f-5bb44c18e1d6";

    #[test]
    fn recognises_live_job_log_names() {
        assert_eq!(job_log_name(GUID), format!("job-{GUID}"));
        assert_eq!(job_guid_of(&format!("job-{GUID}.log")), Some(GUID));
        let upper = GUID.to_uppercase();
        assert_eq!(
            job_guid_of(&format!("job-{upper}.log")),
            Some(upper.as_str())
        );
        for bad in [
            format!("job-{GUID}.log.1"),
            format!("job-{GUID}.dtl"),
            format!("job-{GUID}log"),
            format!("Job-{GUID}.log"),
            format!("{GUID}.log"),
            "job-.log".to_owned(),
            "job-a6cbf990-ba67-403d-855f.log".to_owned(),
            "job-a6cbf990-ba67-403d-855f-5bb44c18e1d6-1.log".to_owned(),
            "job-g6cbf990-ba67-403d-855f-5bb44c18e1d6.log".to_owned(),
            "job-a6cbf9900ba67-403d-855f-5bb44c18e1d6.log".to_owned(),
            "master.log".to_owned(),
        ] {
            assert_eq!(job_guid_of(&bad), None, "{bad}");
        }
    }

    #[test]
    fn defaults_are_the_guides() {
        assert_eq!(DEFAULT_JOB_LOG_DIR, "/opt/dbtk/log");
        assert_eq!(JOB_LOG_MAX_SIZE, 10 * 1024 * 1024);
        assert_eq!(JOB_LOG_OLDER_FILES, 3);
        let series = JobLogDir::new(DEFAULT_JOB_LOG_DIR).series(GUID);
        assert_eq!(
            series.live_path(),
            PathBuf::from(format!("/opt/dbtk/log/job-{GUID}.log"))
        );
    }
}
