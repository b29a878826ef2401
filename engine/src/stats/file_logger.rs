//! Statistics logging (StatsLoggingOn): a task that appends a snapshot to the statistics
//! file when it starts, every StatsWriteInterval, and when it is stopped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use logparse::dtl::Severity;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::file_config::StatsFileConfig;
use super::model::StatsModel;
use super::stats_file::{StatsFile, StatsFileError, StatsFileOpened};
use crate::event_log::EventLog;

/// The running statistics logger; [`StatsFileLogger::stop`] it for a clean shutdown.
/// Dropping it ends the periodic records without a last one.
#[derive(Debug)]
pub struct StatsFileLogger {
    model: Arc<StatsModel>,
    file: Arc<Mutex<StatsFile>>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl StatsFileLogger {
    /// Opens the file `config` names (see [`StatsFile::open`]; a file that is not a
    /// statistics file is renamed aside and the engine log says so), writes a first
    /// snapshot, and starts appending one every `interval`. An `interval` of zero (a
    /// StatsWriteInterval of 0) writes no periodic records: only this first one and the
    /// last one at [`StatsFileLogger::stop`]. Must be called within a Tokio runtime.
    pub async fn start(
        model: Arc<StatsModel>,
        config: StatsFileConfig,
        interval: Duration,
        log: EventLog,
    ) -> Result<StatsFileLogger, StatsFileError> {
        let (file, opened) = tokio::task::spawn_blocking(move || StatsFile::open(config)).await??;
        if let StatsFileOpened::RenamedAside { bad_path, reason } = &opened {
            log_alert(
                &log,
                &format!(
                    "Statistics file {} is not a valid statistics file ({reason}); renamed to {} and started a new one",
                    file.path().display(),
                    bad_path.display()
                ),
            );
        }
        let file = Arc::new(Mutex::new(file));
        append(&model, &file).await?;
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(write_periodically(
            Arc::clone(&model),
            Arc::clone(&file),
            interval,
            log,
            stopped,
        ));
        Ok(StatsFileLogger {
            model,
            file,
            stop,
            task,
        })
    }

    /// Stops the periodic records and writes a last snapshot (for a clean shutdown).
    pub async fn stop(self) -> Result<(), StatsFileError> {
        // The task may have ended already if the runtime is shutting down.
        let _ = self.stop.send(());
        let _ = self.task.await;
        append(&self.model, &self.file).await
    }
}

/// Appends a snapshot every `interval` until `stopped` fires (or its sender is dropped).
async fn write_periodically(
    model: Arc<StatsModel>,
    file: Arc<Mutex<StatsFile>>,
    interval: Duration,
    log: EventLog,
    mut stopped: oneshot::Receiver<()>,
) {
    if interval.is_zero() {
        let _ = stopped.await;
        return;
    }
    let start = tokio::time::Instant::now() + interval;
    let mut ticker = tokio::time::interval_at(start, interval);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // Log a failure when it starts, not at every interval while it lasts.
    let mut failing = false;
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            _ = ticker.tick() => match append(&model, &file).await {
                Ok(()) => failing = false,
                Err(err) if !failing => {
                    failing = true;
                    log_alert(&log, &format!("Cannot write statistics: {err}"));
                }
                Err(_) => {}
            },
        }
    }
}

/// Takes a snapshot and appends it off the async threads.
async fn append(model: &StatsModel, file: &Arc<Mutex<StatsFile>>) -> Result<(), StatsFileError> {
    let snapshot = model.snapshot();
    let file = Arc::clone(file);
    tokio::task::spawn_blocking(move || {
        file.lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&snapshot)
    })
    .await?
}

/// Writes `text` to the engine log as an alert with no message ID.
fn log_alert(log: &EventLog, text: &str) {
    if let Err(err) = log.message(Severity::Alert, 0, text) {
        eprintln!("dtengine: cannot write to the engine log: {err}: {text}");
    }
}
