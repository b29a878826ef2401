//! From job log lines to the spool: a follower per job log (new logs are picked up as they
//! appear), the grouper, the composer, and the job states saved only once every event
//! read before the saved position is either not selected or in the spool.
//!
//! On the first start (no job state directory yet) the job logs already present are
//! followed from their end, so installing dtnotify on a host with history does not mail
//! that history; logs appearing later, and every log once state exists, are read from
//! their saved cursor or their start.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use logparse::dtl::{DirWakeup, FollowItem, JobLogDir, RolledFollower};
use thiserror::Error;

use crate::compose::Composer;
use crate::config::Settings;
use crate::event::JobEvent;
use crate::grouping::{Draft, Grouper};
use crate::job_names::JobNames;
use crate::job_state::{JobState, JobStates};
use crate::spool::Spool;

/// A failure that stops the watch: the spool or the state directory cannot be written.
#[derive(Debug, Error)]
pub enum WatchError {
    /// Writing the spool failed.
    #[error("spool {}: {source}", dir.display())]
    Spool {
        /// The spool directory.
        dir: std::path::PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Saving or loading job states failed.
    #[error("job state of {jobs}: {source}")]
    State {
        /// The job GUID(s).
        jobs: String,
        /// Why.
        source: io::Error,
    },
    /// A job log present at the first start could not be read to its end.
    #[error("job log of {guid}: {source}")]
    JobLog {
        /// The job GUID.
        guid: String,
        /// Why.
        source: io::Error,
    },
    /// A message could not be built (bad address in the configuration).
    #[error("composing mail {key}: {message}")]
    Compose {
        /// The draft's key.
        key: String,
        /// lettre's message.
        message: String,
    },
}

/// The followers and everything between them and the spool.
pub struct Watch<'a> {
    settings: &'a Settings,
    dir: JobLogDir,
    followers: BTreeMap<String, RolledFollower>,
    grouper: Grouper,
    states: JobStates,
    spool: Spool,
    names: JobNames,
    /// No job state existed when this watch was made: logs found by the next discovery
    /// are followed from their end.
    first_start: bool,
}

impl<'a> Watch<'a> {
    /// A watch over `settings.job_log_dir` writing into `spool`, following the job logs
    /// present now (from their end on the first start, their cursor otherwise).
    pub fn new(settings: &'a Settings, spool: Spool) -> Result<Watch<'a>, WatchError> {
        let cursor_dir = settings.cursor_dir();
        let state_error = |source| WatchError::State {
            jobs: cursor_dir.display().to_string(),
            source,
        };
        let first_start = !cursor_dir.try_exists().map_err(state_error)?;
        let states = JobStates::open(&cursor_dir).map_err(state_error)?;
        let mut watch = Watch {
            settings,
            dir: JobLogDir::new(&settings.job_log_dir),
            followers: BTreeMap::new(),
            grouper: Grouper::new(settings.grouping, settings.selection.clone()),
            states,
            spool,
            names: JobNames::new(settings.engine.clone()),
            first_start,
        };
        watch.discover()?;
        Ok(watch)
    }

    /// One round at `now`: new job logs, new lines, due mails into the spool. Returns
    /// the spool names written, for the delivery queue.
    pub fn poll(&mut self, now: SystemTime) -> Result<Vec<String>, WatchError> {
        self.discover()?;
        let mut drafts = Vec::new();
        let mut touched = BTreeSet::new();
        for (guid, follower) in &mut self.followers {
            let items = match follower.poll() {
                Ok(items) => items,
                Err(err) => {
                    eprintln!("dtnotify: job log of {guid}: {err}; trying again");
                    continue;
                }
            };
            for item in items {
                touched.insert(guid.clone());
                match item {
                    FollowItem::Record(record) => {
                        if let Some(event) = JobEvent::from_record(guid, &record) {
                            drafts.extend(self.grouper.push(event, now));
                        }
                    }
                    FollowItem::Diagnostic(diagnostic) => {
                        eprintln!("dtnotify: {diagnostic}; line skipped");
                    }
                    FollowItem::Missing(missing) => {
                        eprintln!("dtnotify: job log of {guid}: {missing}");
                    }
                }
            }
        }
        drafts.extend(self.grouper.due(now));
        self.names.learn(drafts.iter().map(Draft::guid));
        let composer = Composer::new(self.settings, self.names.known());
        let mut mails = Vec::with_capacity(drafts.len());
        for draft in &drafts {
            mails.push(composer.compose(draft).map_err(|err| WatchError::Compose {
                key: draft.key(),
                message: err.to_string(),
            })?);
            touched.insert(draft.guid().to_owned());
        }
        // The mails are durable before any cursor moves past their events.
        let spooled = self
            .spool
            .put_all(&mails)
            .map_err(|source| WatchError::Spool {
                dir: self.spool.dir().to_owned(),
                source,
            })?;
        self.save(&touched)?;
        Ok(spooled)
    }

    /// Polls when the job log directory changes, at least every `poll_interval`, until
    /// `stop`, handing spooled names to `sink`.
    pub fn run(
        mut self,
        stop: &AtomicBool,
        mut sink: impl FnMut(String),
    ) -> Result<(), WatchError> {
        let mut wakeup = DirWakeup::new(&self.settings.job_log_dir);
        while !stop.load(Ordering::Relaxed) {
            for name in self.poll(SystemTime::now())? {
                sink(name);
            }
            wakeup.wait(self.settings.poll_interval);
        }
        Ok(())
    }

    /// Starts following job logs that appeared, from their saved state (from their end,
    /// saved at once, on the first start).
    fn discover(&mut self) -> Result<(), WatchError> {
        if std::mem::take(&mut self.first_start) {
            return self.discover_at_end();
        }
        let found = self.new_jobs();
        for guid in found {
            let state = self
                .states
                .load(&guid)
                .map_err(|source| WatchError::State {
                    jobs: guid.clone(),
                    source,
                })?;
            self.grouper.restore(&guid, state.problems);
            let follower = RolledFollower::new(self.dir.series(&guid), state.cursor);
            self.followers.insert(guid, follower);
        }
        Ok(())
    }

    /// The job logs that appeared since the last look; none (said on stderr) when the
    /// directory cannot be read, which the next round tries again.
    fn new_jobs(&mut self) -> Vec<String> {
        match self.dir.new_jobs() {
            Ok(found) => found.into_iter().map(|(guid, _)| guid).collect(),
            Err(err) => {
                eprintln!(
                    "dtnotify: job log directory {}: {err}",
                    self.dir.dir.display()
                );
                Vec::new()
            }
        }
    }

    /// Follows the job logs present at the first start from their end and saves their
    /// cursors, so that their history is never mailed.
    fn discover_at_end(&mut self) -> Result<(), WatchError> {
        let found = self.new_jobs();
        let mut states = Vec::with_capacity(found.len());
        for guid in found {
            let follower = RolledFollower::at_end(self.dir.series(&guid)).map_err(|source| {
                WatchError::JobLog {
                    guid: guid.clone(),
                    source,
                }
            })?;
            let state = JobState {
                cursor: Some(follower.cursor()),
                problems: Vec::new(),
            };
            self.followers.insert(guid.clone(), follower);
            states.push((guid, state));
        }
        let refs: Vec<(&str, JobState)> = states
            .iter()
            .map(|(guid, state)| (guid.as_str(), state.clone()))
            .collect();
        self.states
            .save_all(&refs)
            .map_err(|source| WatchError::State {
                jobs: self.dir.dir.display().to_string(),
                source,
            })?;
        if !refs.is_empty() {
            eprintln!(
                "dtnotify: first start: {} job log(s) already in {} are followed from their end; their earlier events are not mailed",
                refs.len(),
                self.dir.dir.display()
            );
        }
        Ok(())
    }

    /// Saves the cursors and problems of the `touched` jobs, except those with events
    /// waiting in a group (their saved cursor stays before them, so a restart reads them
    /// again).
    fn save(&self, touched: &BTreeSet<String>) -> Result<(), WatchError> {
        let states: Vec<(&str, JobState)> = touched
            .iter()
            .filter(|guid| !self.grouper.has_pending(guid))
            .filter_map(|guid| {
                let follower = self.followers.get(guid)?;
                let state = JobState {
                    cursor: Some(follower.cursor()),
                    problems: self.grouper.problems(guid),
                };
                Some((guid.as_str(), state))
            })
            .collect();
        self.states
            .save_all(&states)
            .map_err(|source| WatchError::State {
                jobs: states
                    .iter()
                    .map(|(guid, _)| *guid)
                    .collect::<Vec<_>>()
                    .join(", "),
                source,
            })
    }
}
