//! Opening the trap feed and polling the engine's LogDir into it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dtsubagent::mib_view::MibView;
use dtsubagent::stats_feed::EngineState;
use dtsubagent::traps::{kernel_started, Outbox, TrapError, TrapFeed, DEFAULT_QUEUE_CAPACITY};
use logparse::dtl::{DirWakeup, LogSeries, DEFAULT_BASE_NAME};
use tokio::sync::watch;

/// Longest wait between two polls of the LogDir while inotify cannot watch it (the
/// issue's goal is a trap within 200 ms of its log line; a poll that finds nothing new
/// costs a stat).
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// Longest wait while inotify watches the LogDir and wakes the poller on every change.
const WATCHED_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The outbox of the engine log in `log_dir`, resuming from the cursor in `state_dir`.
pub fn open(log_dir: &Path, state_dir: &Path) -> Result<Outbox, TrapError> {
    std::fs::create_dir_all(state_dir).map_err(|source| TrapError::CursorIo {
        path: state_dir.to_owned(),
        source,
    })?;
    let series = LogSeries::new(log_dir, DEFAULT_BASE_NAME);
    Ok(Outbox::new(TrapFeed::open(
        series,
        state_dir,
        DEFAULT_QUEUE_CAPACITY,
    )?))
}

/// Polls the LogDir `log_dir` into `outbox` for ever, as soon as it changes;
/// `sysUpTime` counts from `started`. Blocks: run it on a thread of its own.
pub fn poll_forever(
    outbox: Outbox,
    views: watch::Receiver<Arc<MibView>>,
    started: Instant,
    log_dir: PathBuf,
) {
    let mut wakeup = DirWakeup::new(&log_dir);
    // The last error, logged once rather than at every poll while it lasts.
    let mut failing: Option<String> = None;
    loop {
        let view = Arc::clone(&views.borrow());
        match outbox.poll(up_time(started), Some(&view)) {
            Ok(_) => {
                if failing.take().is_some() {
                    log::info!("reading the engine log again");
                }
            }
            Err(e) => {
                let message = e.to_string();
                if failing.as_ref() != Some(&message) {
                    log::error!("engine log in {}: {message}", log_dir.display());
                    failing = Some(message);
                }
            }
        }
        wakeup.wait(if wakeup.is_watching() {
            WATCHED_POLL_INTERVAL
        } else {
            POLL_INTERVAL
        });
    }
}

/// Sends `dttrapKernelStarted` once if the engine is found running when the sub-agent
/// starts (the guide's step 13: restarting the sub-agent tests the manager's traps). If
/// the first look finds it down, nothing is sent: the engine logs its own start later.
pub async fn announce_start(
    outbox: Outbox,
    mut engine: watch::Receiver<EngineState>,
    views: watch::Receiver<Arc<MibView>>,
    started: Instant,
) {
    let Ok(state) = engine
        .wait_for(|state| *state != EngineState::Unknown)
        .await
        .map(|state| *state)
    else {
        return;
    };
    if state != EngineState::Running {
        return;
    }
    let view = Arc::clone(&views.borrow());
    let Some(notification) = kernel_started(up_time(started), Some(&view)) else {
        log::error!("the trap catalogue has no dttrapKernelStarted");
        return;
    };
    if !outbox.announce(notification) {
        log::warn!("the trap queue is full: no dttrapKernelStarted");
    } else {
        log::info!("the engine runs: dttrapKernelStarted queued");
    }
}

/// Hundredths of a second since `started` (wrapping like a TimeTicks).
pub fn up_time(started: Instant) -> u32 {
    (started.elapsed().as_millis() / 10 % (1u128 << 32)) as u32
}
