//! [`Links`]: the source connections this engine runs, by job, and the control of its
//! replication port.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use logparse::catalog::ErrorCode;
use serde_json::Value;

use super::endpoint::replication_endpoint;
use super::spec::{LinkSpec, MirrorAction, MirrorChoice};
use crate::event_log::EventLog;
use crate::jobs::{JobId, JobManager, TargetDataState};
use crate::replication::source::{
    MirrorCommand, MirrorKind, SourceConfig, SourceConnection, SourceJob,
};
use crate::replication::target::TargetControl;
use crate::settings::SettingsStore;
use crate::stats::StatsModel;
use crate::EngineError;

/// 225 "Invalid path".
const INVALID_PATH: ErrorCode = ErrorCode(225);

/// How long the source engine waits for the target engine's management port.
const PEER_TIMEOUT: Duration = Duration::from_secs(5);

/// What every connection this engine opens shares.
#[derive(Debug, Clone)]
pub struct LinkContext {
    /// The live statistics.
    pub stats: Arc<StatsModel>,
    /// The engine log.
    pub log: EventLog,
    /// DataDir: the install location QJournalDir defaults to.
    pub data_dir: PathBuf,
    /// This machine's name, as the target's events show the source.
    pub source_host: String,
}

/// One open connection.
struct Open {
    spec: LinkSpec,
    connection: SourceConnection,
}

/// The engine's replication connections (as a source) and its replication port (as a
/// target).
pub struct Links {
    context: LinkContext,
    jobs: Weak<JobManager>,
    open: Mutex<HashMap<JobId, Open>>,
    next_connection_id: AtomicU32,
    target: Mutex<Option<TargetControl>>,
}

impl Links {
    /// No connections yet; data state changes of connections go to `jobs` when the job
    /// is held here.
    pub fn new(context: LinkContext, jobs: &Arc<JobManager>) -> Links {
        Links {
            context,
            jobs: Arc::downgrade(jobs),
            open: Mutex::new(HashMap::new()),
            next_connection_id: AtomicU32::new(1),
            target: Mutex::new(None),
        }
    }

    /// Records the control of this engine's replication port.
    pub fn set_target(&self, control: TargetControl) {
        *self.target.lock().unwrap_or_else(|e| e.into_inner()) = Some(control);
    }

    /// The control of this engine's replication port; 145 if it is not open.
    pub fn target(&self) -> Result<TargetControl, EngineError> {
        self.target
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| {
                EngineError::new(
                    ErrorCode::CONNECTION_FAILED,
                    "this engine's replication port (NetPort) is not open",
                )
            })
    }

    /// Opens the connection of `spec` (closing one the job already has) and answers its
    /// status. Blocking: asks the target engine where its replication port listens.
    pub fn open(&self, settings: &SettingsStore, spec: LinkSpec) -> Result<Value, EngineError> {
        let job = JobId::parse(&spec.job)?;
        let set = spec
            .set
            .clone()
            .checked()
            .map_err(|err| EngineError::invalid_parameter(format!("replication set: {err}")))?;
        if let Some(old) = self.lock().remove(&job) {
            block_on_stop(old.connection);
        }
        let target_addr = replication_endpoint(&spec.target, PEER_TIMEOUT)?;
        let target_path = Path::new(&spec.target_path);
        if target_addr.ip().is_loopback() && set.includes(target_path) {
            // The replica would be captured and sent again, without end.
            return Err(EngineError::new(
                INVALID_PATH,
                format!(
                    "target path {} is inside replication set {} on the same machine",
                    spec.target_path,
                    set.name()
                ),
            ));
        }
        let target_name = host_of(&spec.target);
        let connection_id = self.next_connection_id.fetch_add(1, Ordering::Relaxed);
        let config = SourceConfig::from_settings(
            settings,
            &self.context.data_dir,
            SourceJob {
                connection_id,
                set,
                target_name,
                target_addr,
                target_path: PathBuf::from(&spec.target_path),
                source_host: self.context.source_host.clone(),
                source_root: PathBuf::from(&spec.source_root),
            },
        );
        let jobs = self.jobs.clone();
        let data_state = Arc::new(move |state: TargetDataState| {
            if let Some(jobs) = jobs.upgrade() {
                if let Err(err) = jobs.set_target_data_state(&job, state) {
                    eprintln!("dtengine: cannot record the target data state of job {job}: {err}");
                }
            }
        });
        let connection = SourceConnection::start(
            config,
            Arc::clone(&self.context.stats),
            self.context.log.clone(),
            data_state,
            spec.first_mirror.map(mirror_kind),
        )
        .map_err(|err| EngineError::new(ErrorCode::CONNECTION_FAILED, err.to_string()))?;
        let status = to_value(connection.status());
        self.lock().insert(job, Open { spec, connection });
        Ok(status)
    }

    /// Pauses transmission of `job`'s connection (conState Paused, 4015).
    pub fn pause(&self, job: &str) -> Result<Value, EngineError> {
        self.with(job, |open| {
            open.connection.pause_transmission()?;
            Ok(to_value(open.connection.status()))
        })
    }

    /// Resumes transmission of `job`'s connection (4014).
    pub fn resume(&self, job: &str) -> Result<Value, EngineError> {
        self.with(job, |open| {
            open.connection.resume_transmission()?;
            Ok(to_value(open.connection.status()))
        })
    }

    /// Runs a mirror command on `job`'s connection.
    pub fn mirror(&self, job: &str, action: MirrorAction) -> Result<Value, EngineError> {
        self.with(job, |open| {
            open.connection.mirror(match action {
                MirrorAction::Start(choice) => MirrorCommand::Start(mirror_kind(choice)),
                MirrorAction::Pause => MirrorCommand::Pause,
                MirrorAction::Resume => MirrorCommand::Resume,
                MirrorAction::Stop => MirrorCommand::Stop,
            })?;
            Ok(to_value(open.connection.status()))
        })
    }

    /// The status of `job`'s connection.
    pub fn show(&self, job: &str) -> Result<Value, EngineError> {
        self.with(job, |open| Ok(to_value(open.connection.status())))
    }

    /// Every connection's job, name and status.
    pub fn list(&self) -> Value {
        let open = self.lock();
        let mut rows: Vec<Value> = open
            .iter()
            .map(|(job, open)| {
                serde_json::json!({
                    "job": job.to_string(),
                    "job_name": open.spec.job_name,
                    "replication_set": open.spec.set.name(),
                    "target": open.spec.target,
                    "target_path": open.spec.target_path,
                    "status": to_value(open.connection.status()),
                })
            })
            .collect();
        rows.sort_by(|a, b| a["job_name"].as_str().cmp(&b["job_name"].as_str()));
        Value::Array(rows)
    }

    /// Closes `job`'s connection (Goodbye, 4017); closing one that is not open is not
    /// an error (the job may have been stopped while its source was down).
    pub fn close(&self, job: &str) -> Result<Value, EngineError> {
        let id = JobId::parse(job)?;
        let removed = self.lock().remove(&id);
        let closed = removed.is_some();
        if let Some(open) = removed {
            block_on_stop(open.connection);
        }
        Ok(serde_json::json!({ "job": job, "closed": closed }))
    }

    /// Closes every connection (the service is stopping).
    pub async fn close_all(&self) {
        let open: Vec<Open> = self.lock().drain().map(|(_, open)| open).collect();
        for open in open {
            open.connection.stop().await;
        }
    }

    fn with(
        &self,
        job: &str,
        act: impl FnOnce(&Open) -> Result<Value, EngineError>,
    ) -> Result<Value, EngineError> {
        let id = JobId::parse(job)?;
        let open = self.lock();
        let found = open.get(&id).ok_or_else(|| not_open(&id))?;
        act(found)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<JobId, Open>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Links")
            .field("context", &self.context)
            .field("open", &self.lock().len())
            .finish_non_exhaustive()
    }
}

/// 107 "Connection does not exist": the job has no connection on this engine.
fn not_open(job: &JobId) -> EngineError {
    EngineError::new(
        ErrorCode(107),
        format!("job {job} has no replication connection on this engine"),
    )
}

fn mirror_kind(choice: MirrorChoice) -> MirrorKind {
    match choice {
        MirrorChoice::Full => MirrorKind::Full,
        MirrorChoice::Difference => MirrorKind::Difference,
    }
}

/// Stops a connection from the management handler's blocking thread.
fn block_on_stop(connection: SourceConnection) {
    tokio::runtime::Handle::current().block_on(connection.stop());
}

/// The host part of `HOST:PORT`, brackets removed.
fn host_of(address: &str) -> String {
    let host = address.rsplit_once(':').map_or(address, |(host, _)| host);
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_string()
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
