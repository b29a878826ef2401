//! What the stats port reports about its clients: how many, and how many snapshots a slow
//! client missed.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::counter::Counter;

/// The stats server's own counters, shared as `Arc` (see `StatsServer::counters`).
#[derive(Debug, Default)]
pub struct StatsServerCounters {
    clients_served: Counter,
    clients_refused: Counter,
    coalesced_snapshots: Counter,
    stalled_disconnects: Counter,
    /// The connected clients, by the order they connected in.
    clients: Mutex<BTreeMap<u64, Arc<ClientCounters>>>,
}

/// One connected stats-port client as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsClient {
    /// The client's address.
    pub peer: SocketAddr,
    /// How often it receives a snapshot.
    pub interval: Duration,
    /// Snapshots written to it in full.
    pub snapshots_sent: u64,
    /// Snapshots it never received because a newer one replaced them while it was slow.
    pub coalesced_snapshots: u64,
}

impl StatsServerCounters {
    /// Clients accepted since the server started.
    pub fn clients_served(&self) -> u64 {
        self.clients_served.get()
    }

    /// Clients turned away because the server had its maximum number of clients.
    pub fn clients_refused(&self) -> u64 {
        self.clients_refused.get()
    }

    /// Snapshots replaced before they were sent, over all clients (newest wins).
    pub fn coalesced_snapshots(&self) -> u64 {
        self.coalesced_snapshots.get()
    }

    /// Clients disconnected because their socket accepted no data for too long.
    pub fn stalled_disconnects(&self) -> u64 {
        self.stalled_disconnects.get()
    }

    /// The clients connected now, in the order they connected.
    pub fn clients(&self) -> Vec<StatsClient> {
        self.lock_clients()
            .values()
            .map(|client| client.stats_client())
            .collect()
    }

    /// Registers a newly accepted client; it stays listed until its registration is dropped.
    pub(super) fn register(
        self: &Arc<Self>,
        peer: SocketAddr,
        interval: Duration,
    ) -> ClientRegistration {
        let number = self.clients_served.get();
        self.clients_served.inc();
        let client = Arc::new(ClientCounters {
            peer,
            interval_ms: AtomicU64::new(millis(interval)),
            snapshots_sent: Counter::default(),
            coalesced_snapshots: Counter::default(),
        });
        self.lock_clients().insert(number, Arc::clone(&client));
        ClientRegistration {
            server: Arc::clone(self),
            number,
            client,
        }
    }

    /// Counts a client turned away.
    pub(super) fn refused(&self) {
        self.clients_refused.inc();
    }

    fn lock_clients(&self) -> MutexGuard<'_, BTreeMap<u64, Arc<ClientCounters>>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The counters of one client.
#[derive(Debug)]
struct ClientCounters {
    peer: SocketAddr,
    interval_ms: AtomicU64,
    snapshots_sent: Counter,
    coalesced_snapshots: Counter,
}

impl ClientCounters {
    fn stats_client(&self) -> StatsClient {
        StatsClient {
            peer: self.peer,
            interval: Duration::from_millis(self.interval_ms.load(Ordering::Relaxed)),
            snapshots_sent: self.snapshots_sent.get(),
            coalesced_snapshots: self.coalesced_snapshots.get(),
        }
    }
}

/// A connected client's entry in the server's counters; dropping it removes the entry.
#[derive(Debug)]
pub(super) struct ClientRegistration {
    server: Arc<StatsServerCounters>,
    number: u64,
    client: Arc<ClientCounters>,
}

impl ClientRegistration {
    /// Records the interval the client asked for.
    pub(super) fn set_interval(&self, interval: Duration) {
        self.client
            .interval_ms
            .store(millis(interval), Ordering::Relaxed);
    }

    /// Counts a snapshot written to the client in full.
    pub(super) fn sent(&self) {
        self.client.snapshots_sent.inc();
    }

    /// Counts a snapshot replaced before it was sent.
    pub(super) fn coalesced(&self) {
        self.client.coalesced_snapshots.inc();
        self.server.coalesced_snapshots.inc();
    }

    /// Counts a disconnection for a stalled socket.
    pub(super) fn stalled(&self) {
        self.server.stalled_disconnects.inc();
    }
}

impl Drop for ClientRegistration {
    fn drop(&mut self) {
        self.server.lock_clients().remove(&self.number);
    }
}

fn millis(interval: Duration) -> u64 {
    u64::try_from(interval.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_listed_while_registered_and_totals_remain() {
        let counters = Arc::new(StatsServerCounters::default());
        let peer: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        let first = counters.register(peer, Duration::from_secs(1));
        let second = counters.register(peer, Duration::from_secs(1));
        second.set_interval(Duration::from_millis(50));
        second.coalesced();
        second.sent();
        second.stalled();
        let clients = counters.clients();
        assert_eq!(clients.len(), 2);
        assert_eq!(clients[1].interval, Duration::from_millis(50));
        assert_eq!(clients[1].coalesced_snapshots, 1);
        assert_eq!(clients[1].snapshots_sent, 1);
        drop(second);
        assert_eq!(counters.clients().len(), 1);
        assert_eq!(counters.coalesced_snapshots(), 1);
        assert_eq!(counters.stalled_disconnects(), 1);
        assert_eq!(counters.clients_served(), 2);
        drop(first);
        assert!(counters.clients().is_empty());
    }
}
