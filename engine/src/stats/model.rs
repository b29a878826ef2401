//! The live statistics model: every statistic of the guide's chapter 3, updated in place
//! by the engine's parts and read as a [`Snapshot`] by the file logger and the stats port.
//!
//! Updates are relaxed atomics on counters the updating task holds directly (the model
//! hands out `Arc`s); the maps of targets and connections are locked only to add, remove
//! or list entries, never per operation.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use logparse::sts::{Snapshot, SourceState};

use super::connection::{ConnectionCounters, ConnectionInfo};
use super::counter::Gauge;
use super::kernel::KernelCounters;
use super::memory;
use super::security::SecurityCounters;
use super::source::SourceCounters;
use super::target::TargetCounters;

/// Every statistic of the engine, shared as `Arc<StatsModel>`.
#[derive(Debug)]
pub struct StatsModel {
    /// The Kernel section.
    pub kernel: KernelCounters,
    /// The Security section.
    pub security: SecurityCounters,
    /// The Source section (in snapshots only while SourceState is not "not running").
    pub source: SourceCounters,
    /// IQAllocator, Total Bytes: bytes held by the intermediate (replication) queue.
    pub iq_allocator_total_bytes: Gauge,
    /// One Target section per peer address, in address order.
    targets: RwLock<BTreeMap<IpAddr, Arc<TargetCounters>>>,
    /// One Connection section per registered connection, in ID order.
    connections: RwLock<BTreeMap<u32, Arc<ConnectionCounters>>>,
}

impl StatsModel {
    /// A model with every statistic at zero for a service loaded at `start_time`.
    pub fn new(start_time: DateTime<Utc>) -> StatsModel {
        StatsModel {
            kernel: KernelCounters::new(start_time),
            security: SecurityCounters::default(),
            source: SourceCounters::default(),
            iq_allocator_total_bytes: Gauge::default(),
            targets: RwLock::default(),
            connections: RwLock::default(),
        }
    }

    /// How long the service has been loaded (from Kernel, Start Time; zero if the clock went back).
    pub fn uptime(&self) -> Duration {
        (Utc::now() - self.kernel.start_time())
            .to_std()
            .unwrap_or_default()
    }

    /// The Target counters of `peer_address`, created at zero on first use. They stay
    /// for the life of the service, since their counters count from service start.
    pub fn target(&self, peer_address: IpAddr) -> Arc<TargetCounters> {
        if let Some(target) = read(&self.targets).get(&peer_address) {
            return Arc::clone(target);
        }
        Arc::clone(
            write(&self.targets)
                .entry(peer_address)
                .or_insert_with(|| Arc::new(TargetCounters::new(peer_address))),
        )
    }

    /// Registers connection `connection_id` with `info` and returns its counters. If the
    /// ID is registered already, its counters are kept and its info is replaced.
    pub fn register_connection(
        &self,
        connection_id: u32,
        info: ConnectionInfo,
    ) -> Arc<ConnectionCounters> {
        let mut connections = write(&self.connections);
        if let Some(existing) = connections.get(&connection_id) {
            *existing.info() = info;
            return Arc::clone(existing);
        }
        let counters = Arc::new(ConnectionCounters::new(connection_id, info));
        connections.insert(connection_id, Arc::clone(&counters));
        counters
    }

    /// Removes connection `connection_id` from later snapshots; returns its counters if it was registered.
    pub fn unregister_connection(&self, connection_id: u32) -> Option<Arc<ConnectionCounters>> {
        write(&self.connections).remove(&connection_id)
    }

    /// The counters of connection `connection_id`, if it is registered.
    pub fn connection(&self, connection_id: u32) -> Option<Arc<ConnectionCounters>> {
        read(&self.connections).get(&connection_id).cloned()
    }

    /// Every statistic now, stamped with the current time. Each value is read atomically;
    /// values updated while the snapshot is taken may be from just before or just after.
    pub fn snapshot(&self) -> Snapshot {
        let now = Utc::now();
        let kernel = self.kernel.snapshot();
        let source =
            (kernel.source_state != SourceState::NotRunning).then(|| self.source.snapshot());
        Snapshot {
            timestamp: now,
            system_allocator_total_bytes: memory::resident_bytes().unwrap_or(0),
            iq_allocator_total_bytes: self.iq_allocator_total_bytes.get(),
            security: self.security.snapshot(),
            kernel,
            targets: read(&self.targets)
                .values()
                .map(|target| target.snapshot())
                .collect(),
            source,
            connections: read(&self.connections)
                .values()
                .map(|connection| connection.snapshot(now))
                .collect(),
        }
    }
}

/// Reads a map; a panic elsewhere while it was held leaves it consistent, so poison is ignored.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

/// Writes a map; see [`read`] on poison.
fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_peer_gets_the_same_counters() {
        let model = StatsModel::new(Utc::now());
        let peer: IpAddr = "10.0.0.9".parse().unwrap();
        model.target(peer).ops_received.add(2);
        model.target(peer).ops_received.add(3);
        let snapshot = model.snapshot();
        assert_eq!(snapshot.targets.len(), 1);
        assert_eq!(snapshot.targets[0].ops_received, 5);
    }

    #[test]
    fn re_registering_keeps_counters_and_replaces_info() {
        let model = StatsModel::new(Utc::now());
        let first = model.register_connection(3, ConnectionInfo::default());
        first.con_ops_tx.add(10);
        let info = ConnectionInfo {
            target_name: "BETA".into(),
            ..ConnectionInfo::default()
        };
        let second = model.register_connection(3, info);
        assert!(Arc::ptr_eq(&first, &second));
        let snapshot = model.snapshot();
        assert_eq!(snapshot.connections.len(), 1);
        assert_eq!(snapshot.connections[0].target_name, "BETA");
        assert_eq!(snapshot.connections[0].con_ops_tx, 10);
        assert!(model.unregister_connection(3).is_some());
        assert!(model.unregister_connection(3).is_none());
        assert!(model.snapshot().connections.is_empty());
    }

    #[test]
    fn source_section_only_while_the_source_runs() {
        let model = StatsModel::new(Utc::now());
        model.source.set_last_file_touched("/data/a.txt");
        assert_eq!(model.snapshot().source, None);
        model
            .kernel
            .set_source_state(SourceState::RunningWithoutDriver);
        let source = model.snapshot().source.expect("source section");
        assert_eq!(source.last_file_touched, "/data/a.txt");
    }

    #[test]
    fn start_time_memory_and_uptime_are_real() {
        let start = Utc::now() - chrono::Duration::seconds(90);
        let model = StatsModel::new(start);
        let snapshot = model.snapshot();
        assert_eq!(snapshot.kernel.start_time, start);
        assert!(snapshot.timestamp >= start);
        assert!(snapshot.system_allocator_total_bytes > 0);
        assert!(model.uptime() >= Duration::from_secs(90));
    }
}
