//! The running engine: loads DT.conf, opens the engine log, starts the kernel, target
//! and source modules, serves the management and stats ports, and stops cleanly.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;
use logparse::sts::{SourceState, TargetState};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::event_log::EventLog;
use crate::jobs::{
    self, spawn_monitor, JobAction, JobId, JobLogs, JobManager, JobRequest, ManagementProbe,
    RepSetLookup, DEFAULT_PROBE_TIMEOUT,
};
use crate::links::{self, LinkContext, Links};
use crate::mgmt::protocol::Request;
use crate::mgmt::server::{self, Handler};
use crate::replication::target::{TargetConfig, TargetServer};
use crate::repset::{self, RepSetStore};
use crate::settings::{self, EngineSettings, SettingsStore};
use crate::stats::{
    stats_write_interval, StatsFileConfig, StatsFileLogger, StatsModel, StatsServer,
};
use crate::EngineError;

/// The engine's state, shared by every task and request.
#[derive(Debug)]
pub struct Engine {
    /// DT.conf and its effective values.
    pub settings: SettingsStore,
    /// The settings as they were when the service started.
    pub config: EngineSettings,
    /// The engine log.
    pub log: EventLog,
    /// The live statistics.
    pub stats: Arc<StatsModel>,
    /// Replication sets.
    pub repsets: Arc<RepSetStore>,
    /// Jobs.
    pub jobs: Arc<JobManager>,
    /// Replication connections (as a source) and the replication port (as a target).
    pub links: Arc<Links>,
    /// Where the replication port (NetPort) listens, if it could be opened.
    pub net_addr: Option<SocketAddr>,
    /// Where the management port listens.
    pub management_addr: SocketAddr,
    /// Where the stats port listens, if it could be opened.
    pub stats_addr: Option<SocketAddr>,
}

impl Handler for Engine {
    fn handle(&self, request: Request) -> Result<serde_json::Value, EngineError> {
        match request {
            Request::Status => Ok(self.status()),
            Request::Settings(request) => {
                let answer = settings::handle(&self.settings, request);
                self.apply_live_settings();
                answer
            }
            Request::RepSet(request) => repset::handle(&self.repsets, request),
            Request::Job(request) => {
                let answer = self.job_request(request);
                self.count_activation_failures();
                answer
            }
            Request::Mirror { job, action } => {
                let job = self.jobs.show(&JobId::parse(&job)?)?.job;
                links::delegate_mirror(&job, action)
            }
            Request::Link(request) => links::handle(&self.links, &self.settings, request),
        }
    }
}

/// Jobs see replication sets through this: whether one exists, and marking it in use.
impl RepSetLookup for RepSetStore {
    fn exists(&self, name: &str) -> bool {
        self.get(name).is_ok()
    }

    fn set_in_use(&self, name: &str, in_use: bool) {
        // A set deleted meanwhile has nothing to mark.
        let _ = RepSetStore::set_in_use(self, name, in_use);
    }
}

impl Engine {
    /// Applies the settings the guide changes without a restart: LogMessageLevel and
    /// the ActivationCode jobs check.
    fn apply_live_settings(&self) {
        let current = EngineSettings::from_store(&self.settings);
        self.log.set_message_level(current.log_message_level);
        self.jobs
            .set_activation_code(current.activation_code.as_deref());
    }

    /// A job request: actions carry out their connection part on the job's source
    /// engine, and a job shown carries its connection's status.
    fn job_request(&self, request: JobRequest) -> Result<serde_json::Value, EngineError> {
        let action = match &request {
            JobRequest::Start { id } => Some((id, JobAction::Start)),
            JobRequest::Pause { id } => Some((id, JobAction::Pause)),
            JobRequest::Stop { id } => Some((id, JobAction::Stop)),
            JobRequest::Failover { id } => Some((id, JobAction::Failover)),
            _ => None,
        };
        if let Some((id, action)) = action {
            let id = JobId::parse(id)?;
            let job = self.jobs.act_then(&id, action, |before, after| {
                links::carry_out(&self.repsets, &self.log, before, after, action)
            })?;
            return serde_json::to_value(job).map_err(|err| EngineError::unknown(err.to_string()));
        }
        if let JobRequest::Show { id } = &request {
            let mut report = jobs::handle(&self.jobs, request.clone())?;
            let job = self.jobs.show(&JobId::parse(id)?)?.job;
            if let Some(connection) = links::connection_of(&job) {
                report["connection"] = connection;
            }
            return Ok(report);
        }
        jobs::handle(&self.jobs, request)
    }

    /// Brings the kernel's ActFailCount up to the jobs' count of failed licence checks.
    fn count_activation_failures(&self) {
        let counter = &self.stats.kernel.act_fail_count;
        let failures = self.jobs.activation_failures();
        if failures > counter.get() {
            counter.add(failures - counter.get());
        }
    }

    /// What `dtctl status` shows.
    pub fn status(&self) -> serde_json::Value {
        let kernel = &self.stats.kernel;
        json!({
            "version": env!("CARGO_PKG_VERSION"),
            "pid": std::process::id(),
            "started": kernel.start_time().to_rfc3339(),
            "uptime_seconds": self.stats.uptime().as_secs(),
            "source_state": kernel.source_state().value(),
            "target_state": kernel.target_state().value(),
            "management": self.management_addr.to_string(),
            "stats": self.stats_addr.map(|a| a.to_string()),
            "net": self.net_addr.map(|a| a.to_string()),
            "config": self.settings.conf_path().display().to_string(),
            "log_dir": self.config.log_dir.display().to_string(),
            "data_dir": self.config.data_dir.display().to_string(),
        })
    }
}

/// What the service is started with besides DT.conf.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// DT.conf.
    pub config: PathBuf,
    /// Where to write the process ID; `None` for `dtengine.pid` in DataDir.
    pub pid_file: Option<PathBuf>,
}

/// A started engine; [`Service::stop`] ends it.
pub struct Service {
    engine: Arc<Engine>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    stats_logger: Option<StatsFileLogger>,
    pid_file: PathBuf,
}

impl Service {
    /// Starts the engine: logs 4000 (kernel), 4001 (target) and 4002 (source) once
    /// each part runs, then serves until [`Service::stop`].
    pub async fn start(options: StartOptions) -> anyhow::Result<Service> {
        let (settings, warnings) = SettingsStore::load(&options.config)?;
        let config = EngineSettings::from_store(&settings);
        let log = EventLog::open(config.appender_config())
            .with_context(|| format!("engine log in {}", config.log_dir.display()))?;
        for warning in &warnings {
            warning
                .log_to(&log)
                .with_context(|| format!("engine log in {}", config.log_dir.display()))?;
        }

        let stats = Arc::new(StatsModel::new(Utc::now()));
        log.record(4000, &[]);
        stats.kernel.set_target_state(TargetState::Running);
        log.record(4001, &[]);
        // Changes are captured without a kernel driver (the guide's SourceState 1).
        stats
            .kernel
            .set_source_state(SourceState::RunningWithoutDriver);
        log.record(4002, &[]);

        let repsets = Arc::new(RepSetStore::open(
            &config.data_dir,
            &config.rep_set_db_name,
            log.clone(),
        )?);
        let job_logs = JobLogs::open(&config.job_log_dir).with_context(|| {
            format!(
                "job log directory {} (JobLogDir)",
                config.job_log_dir.display()
            )
        })?;
        let jobs = Arc::new(JobManager::open(
            &config.data_dir,
            Arc::new(job_logs),
            Arc::clone(&repsets) as Arc<dyn RepSetLookup>,
            Arc::new(ManagementProbe::new(DEFAULT_PROBE_TIMEOUT)),
        )?);
        jobs.set_activation_code(config.activation_code.as_deref());

        let management = config.management_endpoint();
        let listener = TcpListener::bind(management)
            .await
            .with_context(|| format!("management port {management} (ManagementPort)"))?;
        let management_addr = listener.local_addr()?;

        let (shutdown, watch_shutdown) = watch::channel(false);
        let mut tasks = Vec::new();
        let stats_addr = match StatsServer::bind(
            config.stats_endpoint(),
            Arc::clone(&stats),
            crate::stats::DEFAULT_STATS_INTERVAL,
        )
        .await
        {
            Ok(server) => {
                let addr = server.local_addr().ok();
                let mut stop = watch_shutdown.clone();
                tasks.push(tokio::spawn(server.run(async move {
                    let _ = stop.changed().await;
                })));
                addr
            }
            Err(err) => {
                // The guide's error 186, "Stats server was not started"; the engine runs on.
                let text = format!(
                    "Stats server was not started on {} (StatsPort): {err}",
                    config.stats_endpoint()
                );
                let _ = log.message(logparse::dtl::Severity::Alert, 0, &text);
                None
            }
        };
        let stats_logger = if config.stats_logging_on {
            let file = StatsFileConfig::new(
                &config.log_dir,
                &config.stats_file_name,
                config.stats_max_file_size,
                config.save_stat_file,
            );
            let minutes = u16::try_from(config.stats_write_interval).unwrap_or(u16::MAX);
            Some(
                StatsFileLogger::start(
                    Arc::clone(&stats),
                    file,
                    stats_write_interval(minutes),
                    log.clone(),
                )
                .await
                .context("statistics file")?,
            )
        } else {
            None
        };

        let links = Arc::new(Links::new(
            LinkContext {
                stats: Arc::clone(&stats),
                log: log.clone(),
                data_dir: config.data_dir.clone(),
                source_host: host_name(),
            },
            &jobs,
        ));
        let net_addr = match TargetServer::bind(
            TargetConfig::from_settings(&settings, &config.data_dir.join("replication")),
            Arc::clone(&stats),
            log.clone(),
        )
        .await
        {
            Ok(server) => {
                let addr = server.local_addr();
                links.set_target(server.control());
                let mut stop = watch_shutdown.clone();
                tasks.push(tokio::spawn(server.run(async move {
                    let _ = stop.changed().await;
                })));
                Some(addr)
            }
            Err(err) => {
                // The engine runs on as a source; sources cannot reach it as a target.
                let text = format!(
                    "Replication port was not opened on {} (NetAddress, NetPort): {err}",
                    config.net_endpoint()
                );
                let _ = log.message(logparse::dtl::Severity::Alert, 0, &text);
                None
            }
        };

        let pid_file = options
            .pid_file
            .unwrap_or_else(|| config.data_dir.join("dtengine.pid"));
        write_pid_file(&pid_file)?;

        let engine = Arc::new(Engine {
            settings,
            config,
            log,
            stats,
            repsets,
            jobs,
            links,
            net_addr,
            management_addr,
            stats_addr,
        });
        tasks.push(tokio::spawn(server::serve(
            listener,
            Arc::clone(&engine),
            watch_shutdown.clone(),
        )));
        let reopening = Arc::clone(&engine);
        tasks.push(tokio::task::spawn_blocking(move || {
            reopening.links.reopen_saved(&reopening.settings);
        }));
        let monitor = spawn_monitor(Arc::clone(&engine.jobs), engine.config.job_monitor_interval);
        let mut stop_monitor = watch_shutdown;
        tasks.push(tokio::spawn(async move {
            let _ = stop_monitor.changed().await;
            monitor.abort();
        }));
        Ok(Service {
            engine,
            shutdown,
            tasks,
            stats_logger,
            pid_file,
        })
    }

    /// The running engine's state.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Stops serving, writes the last statistics record, logs 4003 (source), 4004
    /// (target) and 4005 (kernel) stopped, and removes the pid file.
    pub async fn stop(self) -> anyhow::Result<()> {
        // The last record is taken first, so that it holds the connections as they
        // stood at the stop.
        let stats_result = match self.stats_logger {
            Some(logger) => logger.stop().await.context("statistics file"),
            None => Ok(()),
        };
        self.engine.links.close_all().await;
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        let engine = &self.engine;
        engine
            .stats
            .kernel
            .set_source_state(SourceState::NotRunning);
        engine.log.record(4003, &[]);
        engine
            .stats
            .kernel
            .set_target_state(TargetState::NotRunning);
        engine.log.record(4004, &[]);
        engine.log.record(4005, &[]);
        let _ = std::fs::remove_file(&self.pid_file);
        stats_result
    }
}

/// This machine's name, as targets show the source.
fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// Writes this process's ID to `path`, creating its directory.
fn write_pid_file(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("pid file directory {}", dir.display()))?;
    }
    std::fs::write(path, format!("{}\n", std::process::id()))
        .with_context(|| format!("pid file {}", path.display()))
}
