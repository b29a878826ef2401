//! The Kernel section: service states, start time and the driver's counters.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use logparse::sts::{Kernel, SourceState, TargetState};

use super::counter::{Counter, Gauge};

/// The live Kernel statistics.
#[derive(Debug)]
pub struct KernelCounters {
    /// Kernel, Start Time: when the service was loaded.
    start_time: DateTime<Utc>,
    /// Kernel, SourceState, as the guide's value.
    source_state: AtomicU64,
    /// Kernel, TargetState, as the guide's value.
    target_state: AtomicU64,
    /// Kernel, RepOpsGenerated.
    pub rep_ops_generated: Counter,
    /// Kernel, RepBytesGenerated.
    pub rep_bytes_generated: Counter,
    /// Kernel, MirOpsGenerated: reset when a mirror starts (the guide resets it on
    /// every remirror).
    pub mir_ops_generated: Gauge,
    /// Kernel, MirBytesGenerated: reset when a mirror starts.
    pub mir_bytes_generated: Gauge,
    /// Kernel, FailedMirrorCount.
    pub failed_mirror_count: Counter,
    /// Kernel, FailedRepCount.
    pub failed_rep_count: Counter,
    /// Kernel, ActFailCount: license (activation code) failures.
    pub act_fail_count: Counter,
    /// Kernel, TargetOpenHandles: handles open on the target now.
    pub target_open_handles: Gauge,
    /// Kernel, DriverQueuePercent: throttling as a percentage of the stop replicating limit.
    pub driver_queue_percent: Gauge,
}

impl KernelCounters {
    /// Zeroed counters, both roles not running, for a service loaded at `start_time`.
    pub fn new(start_time: DateTime<Utc>) -> KernelCounters {
        KernelCounters {
            start_time,
            source_state: AtomicU64::new(SourceState::NotRunning.value()),
            target_state: AtomicU64::new(TargetState::NotRunning.value()),
            rep_ops_generated: Counter::default(),
            rep_bytes_generated: Counter::default(),
            mir_ops_generated: Gauge::default(),
            mir_bytes_generated: Gauge::default(),
            failed_mirror_count: Counter::default(),
            failed_rep_count: Counter::default(),
            act_fail_count: Counter::default(),
            target_open_handles: Gauge::default(),
            driver_queue_percent: Gauge::default(),
        }
    }

    /// Kernel, Start Time.
    pub fn start_time(&self) -> DateTime<Utc> {
        self.start_time
    }

    /// Sets Kernel, SourceState (the service sets it when the source module starts or stops).
    pub fn set_source_state(&self, state: SourceState) {
        self.source_state.store(state.value(), Ordering::Relaxed);
    }

    /// Kernel, SourceState.
    pub fn source_state(&self) -> SourceState {
        SourceState::from_value(self.source_state.load(Ordering::Relaxed)).unwrap_or_default()
    }

    /// Sets Kernel, TargetState (the service sets it when the target module starts or stops).
    pub fn set_target_state(&self, state: TargetState) {
        self.target_state.store(state.value(), Ordering::Relaxed);
    }

    /// Kernel, TargetState.
    pub fn target_state(&self) -> TargetState {
        TargetState::from_value(self.target_state.load(Ordering::Relaxed)).unwrap_or_default()
    }

    /// The Kernel section as it stands now.
    pub fn snapshot(&self) -> Kernel {
        Kernel {
            source_state: self.source_state(),
            target_state: self.target_state(),
            start_time: self.start_time,
            rep_ops_generated: self.rep_ops_generated.get(),
            rep_bytes_generated: self.rep_bytes_generated.get(),
            mir_ops_generated: self.mir_ops_generated.get(),
            mir_bytes_generated: self.mir_bytes_generated.get(),
            failed_mirror_count: self.failed_mirror_count.get(),
            failed_rep_count: self.failed_rep_count.get(),
            act_fail_count: self.act_fail_count.get(),
            target_open_handles: self.target_open_handles.get(),
            driver_queue_percent: self.driver_queue_percent.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_counters_reach_the_snapshot() {
        let start = DateTime::from_timestamp_millis(1_700_000_000_123).unwrap();
        let kernel = KernelCounters::new(start);
        assert_eq!(kernel.snapshot().source_state, SourceState::NotRunning);
        kernel.set_source_state(SourceState::RunningWithoutDriver);
        kernel.set_target_state(TargetState::Running);
        kernel.act_fail_count.inc();
        kernel.driver_queue_percent.set(37);
        let snapshot = kernel.snapshot();
        assert_eq!(snapshot.source_state, SourceState::RunningWithoutDriver);
        assert_eq!(snapshot.target_state, TargetState::Running);
        assert_eq!(snapshot.start_time, start);
        assert_eq!(snapshot.act_fail_count, 1);
        assert_eq!(snapshot.driver_queue_percent, 37);
    }
}
