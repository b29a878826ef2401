//! [`ApplyCounters`]: what the applier did, for the Target statistics.

use crate::stats::Counter;

/// Counts of one applier's work; share it as `Arc` and read it into the Target
/// section (Retries, OpsDropped).
#[derive(Debug, Default)]
pub struct ApplyCounters {
    /// Operations carried out on the replica.
    pub ops_applied: Counter,
    /// File-data bytes written by those operations.
    pub bytes_applied: Counter,
    /// Operations skipped because their sequence number was already applied (resent).
    pub duplicates: Counter,
    /// Target, Retries: attempts that repeated a failed operation.
    pub retries: Counter,
    /// Target, OpsDropped: operations discarded after failing.
    pub ops_dropped: Counter,
}
