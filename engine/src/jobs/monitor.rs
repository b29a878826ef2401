//! The job monitor task: [`JobManager::monitor_once`] every interval.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::JobManager;

/// How often the monitor probes the jobs' engines unless told otherwise.
pub const DEFAULT_MONITOR_INTERVAL: Duration = Duration::from_secs(5);

/// Runs the monitor on the current tokio runtime until the handle is aborted: a round
/// at once, then one every `interval` (at least a millisecond). A round runs on a
/// blocking thread, and a round that overruns delays the next instead of piling up.
pub fn spawn_monitor(manager: Arc<JobManager>, interval: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval.max(Duration::from_millis(1)));
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let manager = Arc::clone(&manager);
            if let Err(err) = tokio::task::spawn_blocking(move || manager.monitor_once()).await {
                eprintln!("dtengine: a job monitor round failed: {err}");
            }
        }
    })
}
