//! [`JobLogDir`]: the job logs `job-<GUID>.log` in the job log directory, one `.dtl` line
//! per event with the real process and thread IDs and a sequence number per job log.
//!
//! Each event is appended with a single `write_all` to a file opened in append mode, so a
//! follower never sees half a line from us. The files do not roll here.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use logparse::catalog::{EventLevel, LinuxJobEvent};
use logparse::dtl::{parse_line, Level, Record};

use super::{JobEventSink, JobId};
use crate::event_log::current_thread_id;

/// How much of an existing job log's end is read to find its last sequence number.
const TAIL_LEN: u64 = 64 * 1024;

/// The job log directory (dtsuite setting `JobLogDir`, default `/opt/dbtk/log`).
#[derive(Debug)]
pub struct JobLogDir {
    dir: PathBuf,
    next_seq: Mutex<HashMap<JobId, u64>>,
}

impl JobLogDir {
    /// Uses `dir` for job logs, creating it if needed.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<JobLogDir> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(JobLogDir {
            dir,
            next_seq: Mutex::new(HashMap::new()),
        })
    }

    /// The path of `job`'s log.
    pub fn path_of(&self, job: &JobId) -> PathBuf {
        self.dir.join(job.log_file_name())
    }
}

impl JobEventSink for JobLogDir {
    fn job_event(&self, job: &JobId, event: &LinuxJobEvent) -> io::Result<()> {
        let path = self.path_of(job);
        let mut next_seq = self.next_seq.lock().unwrap_or_else(|e| e.into_inner());
        let seq = match next_seq.get(job) {
            Some(&seq) => seq,
            None => last_seq(&path)?.map_or(1, |seq| seq.saturating_add(1)),
        };
        let record = Record {
            timestamp: chrono::Local::now().naive_local(),
            pid: std::process::id(),
            tid: current_thread_id(),
            seq,
            level: level_of(event.level),
            id: event.id.0,
            text: event.message.to_string(),
        };
        let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
        record.write_to(&mut file)?;
        next_seq.insert(*job, seq.saturating_add(1));
        Ok(())
    }
}

/// The `.dtl` TYPE of a catalogue level.
fn level_of(level: EventLevel) -> Level {
    match level {
        EventLevel::Error | EventLevel::Warning => Level::Alert,
        EventLevel::Information | EventLevel::Success => Level::Info,
    }
}

/// The sequence number of the last well-formed line of the log at `path`, if any.
fn last_seq(path: &Path) -> io::Result<Option<u64>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL_LEN)))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    Ok(tail
        .split(|&b| b == b'\n')
        .rev()
        .find_map(|line| parse_line(line).ok().map(|record| record.seq)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::JobEvent;

    fn lines(path: &Path) -> Vec<Record> {
        fs::read(path)
            .unwrap()
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| parse_line(line).unwrap().to_record())
            .collect()
    }

    #[test]
    fn sequence_continues_across_reopen_and_per_job() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (JobId::new_random(), JobId::new_random());
        let event = JobEvent::Created.catalogue().unwrap();
        let log = JobLogDir::open(dir.path().join("log")).unwrap();
        log.job_event(&a, event).unwrap();
        log.job_event(&a, event).unwrap();
        log.job_event(&b, event).unwrap();
        drop(log);
        let log = JobLogDir::open(dir.path().join("log")).unwrap();
        log.job_event(&a, event).unwrap();
        let seqs = |job| {
            lines(&log.path_of(&job))
                .iter()
                .map(|r| r.seq)
                .collect::<Vec<_>>()
        };
        assert_eq!(seqs(a), [1, 2, 3]);
        assert_eq!(seqs(b), [1]);
    }

    #[test]
    fn skips_a_torn_last_line_when_continuing() {
        let dir = tempfile::tempdir().unwrap();
        let job = JobId::new_random();
        let log = JobLogDir::open(dir.path()).unwrap();
        let event = JobEvent::Stopped.catalogue().unwrap();
        log.job_event(&job, event).unwrap();
        let path = log.path_of(&job);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"06/22/2017\t14:4");
        fs::write(&path, bytes).unwrap();
        assert_eq!(last_seq(&path).unwrap(), Some(1));
        assert_eq!(last_seq(&dir.path().join("none.log")).unwrap(), None);
    }
}
