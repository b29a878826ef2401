//! The engine log: every occurrence is one `.dtl` line with its catalogue ID and text,
//! written through `logparse`'s rotating appender (LogDir, MaxLogFileSize,
//! MaxNumberofLogFiles, LogMessageLevel).

use std::io;
use std::sync::{Arc, Mutex};

use logparse::catalog::{self, EventId, EventLevel};
use logparse::dtl::{Appender, AppenderConfig, LogMessageLevel, Severity};

/// A shared handle on the engine log; cheap to clone into every task.
#[derive(Debug, Clone)]
pub struct EventLog {
    appender: Arc<Mutex<Appender>>,
}

impl EventLog {
    /// Opens (or continues) the log series that `config` describes.
    pub fn open(config: AppenderConfig) -> io::Result<EventLog> {
        std::fs::create_dir_all(&config.dir)?;
        Ok(EventLog {
            appender: Arc::new(Mutex::new(Appender::open(config)?)),
        })
    }

    /// Logs catalogue event `id` with `args` filled into its template, at the
    /// catalogue's level; returns the sequence number, or `None` when LogMessageLevel
    /// filters it out.
    pub fn event(&self, id: u32, args: &[&str]) -> io::Result<Option<u64>> {
        let (severity, text) = match catalog::engine_event(EventId(id)) {
            Some(event) => (severity_of(event.level), event.format(args)),
            None => (Severity::Release, args.join(" ")),
        };
        self.message(severity, id, &text)
    }

    /// Logs `text` with message ID `id` (0 for none) at `severity`.
    pub fn message(&self, severity: Severity, id: u32, text: &str) -> io::Result<Option<u64>> {
        let tid = current_thread_id();
        let mut appender = self.appender.lock().unwrap_or_else(|e| e.into_inner());
        appender.append(severity, id, tid, text)
    }

    /// Like [`EventLog::event`], for callers that cannot act on a failure to log: the
    /// failure is reported on stderr instead.
    pub fn record(&self, id: u32, args: &[&str]) {
        if let Err(err) = self.event(id, args) {
            eprintln!("dtengine: cannot write event {id} to the engine log: {err}");
        }
    }

    /// Applies a new LogMessageLevel (the guide applies it without a restart).
    pub fn set_message_level(&self, level: LogMessageLevel) {
        let mut appender = self.appender.lock().unwrap_or_else(|e| e.into_inner());
        appender.set_message_level(level);
    }
}

/// The LogMessageLevel class of a catalogue level: warnings and errors are alerts.
pub fn severity_of(level: EventLevel) -> Severity {
    match level {
        EventLevel::Error | EventLevel::Warning => Severity::Alert,
        EventLevel::Information | EventLevel::Success => Severity::Release,
    }
}

/// The kernel's ID of the calling thread, as the log's TID column shows it.
pub fn current_thread_id() -> u32 {
    rustix::thread::gettid().as_raw_nonzero().get() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::dtl::{Level, LogSeries};

    #[test]
    fn events_carry_catalogue_id_level_text_and_real_ids() {
        let dir = tempfile::tempdir().unwrap();
        let log = EventLog::open(AppenderConfig {
            dir: dir.path().join("log"),
            ..AppenderConfig::default()
        })
        .unwrap();
        log.event(4000, &[]).unwrap();
        log.event(4019, &["BETA", "10.0.0.2", "FilesAndFolders", "2"])
            .unwrap();
        log.event(4011, &["BETA"]).unwrap();
        let records: Vec<_> = LogSeries::in_dir(dir.path().join("log"))
            .reader()
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].id, 4019);
        assert_eq!(
            records[1].text,
            "Service has started a mirror to BETA (10.0.0.2) for Replication Set FilesAndFolders, ID: 2"
        );
        assert_eq!(records[1].level, Level::Info);
        assert_eq!(records[2].level, Level::Alert);
        assert_eq!(records[0].pid, std::process::id());
        assert_eq!(records[0].tid, current_thread_id());
    }

    #[test]
    fn message_level_filters() {
        let dir = tempfile::tempdir().unwrap();
        let log = EventLog::open(AppenderConfig {
            dir: dir.path().to_path_buf(),
            ..AppenderConfig::default()
        })
        .unwrap();
        log.set_message_level(LogMessageLevel::Alerts);
        assert_eq!(log.event(4000, &[]).unwrap(), None);
        assert!(log.event(4011, &["BETA"]).unwrap().is_some());
    }
}
