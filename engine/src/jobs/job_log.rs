//! [`JobLogs`]: each job's log `job-<GUID>.log` in the job log directory, one `.dtl` line
//! per event with the real process and thread IDs, written through `logparse`'s rolled
//! appender: at 10 MB the file rolls, and three older files are kept (guide chapter 2).

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::Mutex;

use logparse::catalog::LinuxJobEvent;
use logparse::dtl::{JobLogDir, RolledAppender};

use super::{JobEventSink, JobId};
use crate::event_log::{current_thread_id, severity_of};

/// The job log directory (dtsuite setting `JobLogDir`, default `/opt/dbtk/log`).
#[derive(Debug)]
pub struct JobLogs {
    dir: JobLogDir,
    /// One open appender per job that has logged since the service started.
    appenders: Mutex<HashMap<JobId, RolledAppender>>,
}

impl JobLogs {
    /// Uses `dir` for job logs, creating it if needed.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<JobLogs> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(JobLogs {
            dir: JobLogDir::new(dir),
            appenders: Mutex::new(HashMap::new()),
        })
    }

    /// The path of `job`'s live log.
    pub fn path_of(&self, job: &JobId) -> PathBuf {
        self.dir.series(&job.to_string()).live_path()
    }
}

impl JobEventSink for JobLogs {
    fn job_event(&self, job: &JobId, event: &LinuxJobEvent) -> io::Result<()> {
        let mut appenders = self.appenders.lock().unwrap_or_else(|e| e.into_inner());
        let appender = match appenders.entry(*job) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(self.dir.appender(&job.to_string())?),
        };
        appender.append(
            severity_of(event.level),
            event.id.0,
            current_thread_id(),
            event.message,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::JobEvent;
    use logparse::dtl::{Level, LogReader, Record};

    fn records(path: &std::path::Path) -> Vec<Record> {
        LogReader::open(path)
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn one_log_per_job_and_sequences_continue_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (JobId::new_random(), JobId::new_random());
        let created = JobEvent::Created.catalogue().unwrap();
        let log = JobLogs::open(dir.path().join("log")).unwrap();
        log.job_event(&a, created).unwrap();
        log.job_event(&a, created).unwrap();
        log.job_event(&b, created).unwrap();
        drop(log);
        let log = JobLogs::open(dir.path().join("log")).unwrap();
        log.job_event(&a, created).unwrap();
        let seqs = |job| {
            records(&log.path_of(&job))
                .iter()
                .map(|r| r.seq)
                .collect::<Vec<_>>()
        };
        assert_eq!(seqs(a), [1, 2, 3]);
        assert_eq!(seqs(b), [1]);
        assert_eq!(
            log.path_of(&a).file_name().unwrap().to_str().unwrap(),
            a.log_file_name()
        );
    }

    #[test]
    fn lines_carry_the_events_id_level_text_and_real_ids() {
        let dir = tempfile::tempdir().unwrap();
        let job = JobId::new_random();
        let log = JobLogs::open(dir.path()).unwrap();
        let down = JobEvent::TargetEngineDown.catalogue().unwrap();
        log.job_event(&job, down).unwrap();
        let record = &records(&log.path_of(&job))[0];
        assert_eq!(record.id, 5716);
        assert_eq!(record.level, Level::Alert);
        assert_eq!(record.text, down.message);
        assert_eq!(record.pid, std::process::id());
        assert_eq!(record.tid, current_thread_id());
    }
}
