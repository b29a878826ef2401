//! [`JobManager`]: the engine's jobs, their state machine, persistence and events.
//!
//! One lock guards the jobs, so actions are applied, saved and logged in one order. The
//! monitor probes engines without holding it and takes it only to compare and log.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use logparse::catalog::ErrorCode;
use serde::{Deserialize, Serialize};

use super::address::check_engine_address;
use super::store::JobStore;
use super::{
    check_activation_code, ActivationCodeError, EngineProbe, Job, JobAction, JobEvent,
    JobEventSink, JobHealth, JobId, JobState, Reachability, RepSetLookup, TargetDataState,
};
use crate::EngineError;

/// 122 "Job exists": a job with that name exists.
const JOB_EXISTS: ErrorCode = ErrorCode(122);
/// 225 "Invalid path".
const INVALID_PATH: ErrorCode = ErrorCode(225);
/// 3008 "Refused code - no codes": no ActivationCode is set.
const REFUSED_CODE_NO_CODES: ErrorCode = ErrorCode(3008);

/// What a user gives to create a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSpec {
    /// The job's name, unique among the engine's jobs.
    pub name: String,
    /// The replication set to protect; it must exist.
    pub repset: String,
    /// The source engine, `HOST:PORT` of its management port.
    pub source: String,
    /// The target engine, `HOST:PORT` of its management port.
    pub target: String,
    /// Where on the target the data goes: an absolute path.
    pub target_path: String,
}

/// A job with what the monitor last saw of its engines (`None`: not probed yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobReport {
    /// The job.
    #[serde(flatten)]
    pub job: Job,
    /// The source engine's last probe result.
    pub source_engine: Option<Reachability>,
    /// The target engine's last probe result.
    pub target_engine: Option<Reachability>,
}

/// The engine's jobs.
pub struct JobManager {
    store: JobStore,
    sink: Arc<dyn JobEventSink>,
    repsets: Arc<dyn RepSetLookup>,
    probe: Arc<dyn EngineProbe>,
    activation_failures: AtomicU64,
    inner: Mutex<Inner>,
}

/// What the lock guards.
#[derive(Debug, Default)]
struct Inner {
    /// In creation order.
    jobs: Vec<Job>,
    /// The last probe results of each probed job.
    health: HashMap<JobId, JobHealth>,
    /// The license event (5707, 5713 or 5714) last raised for each job.
    license: HashMap<JobId, JobEvent>,
    /// The ActivationCode setting.
    activation_code: Option<String>,
}

impl JobManager {
    /// Loads the jobs saved in `data_dir` (none if it has no `jobs.json` yet) and marks
    /// the replication sets of protecting and paused jobs in use.
    pub fn open(
        data_dir: &Path,
        sink: Arc<dyn JobEventSink>,
        repsets: Arc<dyn RepSetLookup>,
        probe: Arc<dyn EngineProbe>,
    ) -> Result<JobManager, EngineError> {
        let store = JobStore::open(data_dir)?;
        let jobs = store.load()?;
        let names: BTreeSet<&str> = jobs.iter().map(|job| job.repset.as_str()).collect();
        for name in names {
            repsets.set_in_use(name, in_use(&jobs, name));
        }
        Ok(JobManager {
            store,
            sink,
            repsets,
            probe,
            activation_failures: AtomicU64::new(0),
            inner: Mutex::new(Inner {
                jobs,
                ..Inner::default()
            }),
        })
    }

    /// Sets the ActivationCode that starting a job checks (`None`: no code).
    pub fn set_activation_code(&self, code: Option<&str>) {
        self.lock().activation_code = code.map(str::to_string);
    }

    /// How many ActivationCode checks have failed since the engine started (ActFailCount).
    pub fn activation_failures(&self) -> u64 {
        self.activation_failures.load(Ordering::Relaxed)
    }

    /// Creates a job (state Created, target data "Mirror Required") and logs 5700.
    ///
    /// Refuses a blank or taken name (101, 122), a missing replication set (101), an
    /// address that is not `HOST:PORT` (101) and a relative target path (225).
    pub fn create(&self, spec: JobSpec) -> Result<Job, EngineError> {
        let name = spec.name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(EngineError::invalid_parameter(format!(
                "job name '{}' is blank or has control characters",
                spec.name
            )));
        }
        check_engine_address("source", &spec.source)?;
        check_engine_address("target", &spec.target)?;
        if !spec.target_path.starts_with('/') {
            return Err(EngineError::new(
                INVALID_PATH,
                format!("target path '{}' is not absolute", spec.target_path),
            ));
        }
        if !self.repsets.exists(&spec.repset) {
            return Err(missing_repset(&spec.repset));
        }
        let mut inner = self.lock();
        if inner.jobs.iter().any(|job| job.name == name) {
            return Err(EngineError::new(
                JOB_EXISTS,
                format!("a job named '{name}' exists"),
            ));
        }
        let job = Job {
            id: JobId::new_random(),
            name: name.to_string(),
            repset: spec.repset,
            source: spec.source,
            target: spec.target,
            target_path: spec.target_path,
            state: JobState::Created,
            target_data_state: TargetDataState::MirrorRequired,
            created: chrono::Utc::now(),
            reversed: false,
        };
        let mut jobs = inner.jobs.clone();
        jobs.push(job.clone());
        self.store.save(&jobs)?;
        inner.jobs = jobs;
        self.raise(&job.id, JobEvent::Created);
        Ok(job)
    }

    /// Applies `action` to job `id` and logs its event; returns the job after it (for a
    /// delete, as it was when deleted).
    ///
    /// Refuses an unknown job (123) and an action the state does not allow (see the
    /// table in [`Job`]'s module). Starting checks the ActivationCode (5714 valid, 5713
    /// invalid, 5707 none, each logged when it changes; failures counted) and that the
    /// replication set still exists (5709 if not). A failure to save is logged as 5709.
    pub fn act(&self, id: &JobId, action: JobAction) -> Result<Job, EngineError> {
        self.act_then(id, action, |_, _| Ok(()))
    }

    /// [`act`](JobManager::act), with `carry_out(before, after)` run once every check
    /// has passed and before anything is saved or logged: its error refuses the action
    /// and leaves the job as it was. (`after` is `None` for a delete.) The engine starts,
    /// pauses and closes a job's replication connection there.
    pub fn act_then(
        &self,
        id: &JobId,
        action: JobAction,
        carry_out: impl FnOnce(&Job, Option<&Job>) -> Result<(), EngineError>,
    ) -> Result<Job, EngineError> {
        let mut inner = self.lock();
        let index = position(&inner, id)?;
        let job = inner.jobs[index].clone();
        let next = job.after(action).map_err(|code| {
            EngineError::new(
                code,
                format!("job {id} ({}) is {}; cannot {action}", job.name, job.state),
            )
        })?;
        if action == JobAction::Start {
            self.check_start(&mut inner, &job)?;
        }
        carry_out(&job, next.as_ref())?;
        let mut jobs = inner.jobs.clone();
        match &next {
            Some(next) => jobs[index] = next.clone(),
            None => {
                jobs.remove(index);
            }
        }
        if let Err(err) = self.store.save(&jobs) {
            self.raise(id, JobEvent::GeneralError);
            return Err(err);
        }
        inner.jobs = jobs;
        match action {
            JobAction::Delete => {
                inner.health.remove(id);
                inner.license.remove(id);
            }
            JobAction::Reverse => {
                if let Some(health) = inner.health.get_mut(id) {
                    std::mem::swap(&mut health.source, &mut health.target);
                }
            }
            JobAction::Start | JobAction::Pause | JobAction::Stop | JobAction::Failover => {}
        }
        self.raise(id, action.event());
        self.repsets
            .set_in_use(&job.repset, in_use(&inner.jobs, &job.repset));
        Ok(next.unwrap_or(job))
    }

    /// Records what the job's source reports of the target's data ("Mirroring", "OK",
    /// "Mirror Required"…); saved only when it changed. Unknown jobs are ignored.
    pub fn set_target_data_state(
        &self,
        id: &JobId,
        state: TargetDataState,
    ) -> Result<(), EngineError> {
        let mut inner = self.lock();
        let Some(index) = inner.jobs.iter().position(|job| job.id == *id) else {
            return Ok(());
        };
        if inner.jobs[index].target_data_state == state {
            return Ok(());
        }
        let mut jobs = inner.jobs.clone();
        jobs[index].target_data_state = state;
        self.store.save(&jobs)?;
        inner.jobs = jobs;
        Ok(())
    }

    /// Every job, in creation order.
    pub fn list(&self) -> Vec<Job> {
        self.lock().jobs.clone()
    }

    /// Job `id` with its engines' last probe results; 123 if there is none.
    pub fn show(&self, id: &JobId) -> Result<JobReport, EngineError> {
        let inner = self.lock();
        let job = inner.jobs[position(&inner, id)?].clone();
        let health = inner.health.get(id);
        Ok(JobReport {
            job,
            source_engine: health.map(|h| h.source),
            target_engine: health.map(|h| h.target),
        })
    }

    /// Probes the source and target engines of every protecting or paused job once (each
    /// engine once, in parallel) and logs the events of what changed since the last
    /// round. Before its first round a job's engines are taken to be up.
    pub fn monitor_once(&self) {
        let watched: Vec<(JobId, String, String)> = self
            .lock()
            .jobs
            .iter()
            .filter(|job| job.is_active())
            .map(|job| (job.id, job.source.clone(), job.target.clone()))
            .collect();
        let engines: BTreeSet<&str> = watched
            .iter()
            .flat_map(|(_, source, target)| [source.as_str(), target.as_str()])
            .collect();
        let found = self.probe_all(engines);
        let mut inner = self.lock();
        for (id, source, target) in &watched {
            // Skip a job stopped, deleted or reversed while its engines were probed.
            let unchanged = inner.jobs.iter().any(|job| {
                job.id == *id && job.is_active() && job.source == *source && job.target == *target
            });
            let (true, Some(&source), Some(&target)) = (
                unchanged,
                found.get(source.as_str()),
                found.get(target.as_str()),
            ) else {
                continue;
            };
            let next = JobHealth { source, target };
            let previous = inner.health.insert(*id, next).unwrap_or(JobHealth::ASSUMED);
            for event in previous.events_to(next) {
                self.raise(id, event);
            }
        }
    }

    /// Probes each of `engines` on its own thread.
    fn probe_all<'a>(&self, engines: BTreeSet<&'a str>) -> HashMap<&'a str, Reachability> {
        std::thread::scope(|scope| {
            let probing: Vec<_> = engines
                .into_iter()
                .map(|engine| {
                    let spawned = std::thread::Builder::new()
                        .name("job-probe".into())
                        .spawn_scoped(scope, move || self.probe.probe(engine));
                    (engine, spawned)
                })
                .collect();
            probing
                .into_iter()
                .map(|(engine, spawned)| {
                    let found = match spawned {
                        // A probe that panicked found nothing reachable.
                        Ok(handle) => handle.join().unwrap_or(Reachability::Down),
                        Err(_) => self.probe.probe(engine),
                    };
                    (engine, found)
                })
                .collect()
        })
    }

    /// The ActivationCode and replication set checks of a start, with their events.
    fn check_start(&self, inner: &mut Inner, job: &Job) -> Result<(), EngineError> {
        let checked = check_activation_code(inner.activation_code.as_deref().unwrap_or(""));
        let event = match &checked {
            Ok(()) => JobEvent::SourceLicenseValid,
            Err(err) => err.event(),
        };
        if inner.license.insert(job.id, event) != Some(event) {
            self.raise(&job.id, event);
        }
        if let Err(err) = checked {
            self.activation_failures.fetch_add(1, Ordering::Relaxed);
            let code = match err {
                ActivationCodeError::Missing => REFUSED_CODE_NO_CODES,
                ActivationCodeError::WrongLength(_) | ActivationCodeError::NotAlphanumeric(_) => {
                    ErrorCode::INVALID_PARAMETER
                }
            };
            return Err(EngineError::new(
                code,
                format!("cannot start job {} ({}): {err}", job.id, job.name),
            ));
        }
        if !self.repsets.exists(&job.repset) {
            self.raise(&job.id, JobEvent::GeneralError);
            return Err(missing_repset(&job.repset));
        }
        Ok(())
    }

    /// Writes `event` to `job`'s log; a failure to write is reported on stderr.
    fn raise(&self, job: &JobId, event: JobEvent) {
        let Some(entry) = event.catalogue() else {
            return;
        };
        if let Err(err) = self.sink.job_event(job, entry) {
            eprintln!(
                "dtengine: cannot write event {} to the log of job {job}: {err}",
                event.id()
            );
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for JobManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobManager")
            .field("store", &self.store)
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

/// The index of job `id`, or 123 "Job does not exist".
fn position(inner: &Inner, id: &JobId) -> Result<usize, EngineError> {
    inner
        .jobs
        .iter()
        .position(|job| job.id == *id)
        .ok_or_else(|| EngineError::new(ErrorCode::JOB_DOES_NOT_EXIST, format!("no job {id}")))
}

/// Whether a protecting or paused job uses replication set `name`.
fn in_use(jobs: &[Job], name: &str) -> bool {
    jobs.iter().any(|job| job.repset == name && job.is_active())
}

/// 101: the guide has no code of its own for a missing replication set.
fn missing_repset(name: &str) -> EngineError {
    EngineError::invalid_parameter(format!("replication set '{name}' does not exist"))
}
