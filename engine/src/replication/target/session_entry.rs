//! [`SessionEntry`]: one live session as the rest of the target sees it — who it is,
//! what it has done, and how to end it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::watch;

use super::queue::TargetQueue;
use crate::replication::protocol::Hello;

/// A registered session: its identity, its progress, and its end.
pub(super) struct SessionEntry {
    /// Unique among this server's sessions.
    pub(super) id: u64,
    /// The source's Connection ID.
    pub(super) connection_id: u32,
    /// The source machine's name.
    pub(super) source_host: String,
    /// The source's address.
    pub(super) peer: SocketAddr,
    /// The replication set's name.
    pub(super) replication_set: String,
    /// Where the replica is.
    pub(super) target_path: PathBuf,
    /// The applier's connection key.
    pub(super) key: String,
    /// The operations received and not yet applied.
    pub(super) queue: Arc<TargetQueue>,
    /// The last sequence number applied.
    pub(super) last_applied: AtomicU64,
    /// Operations received on this session.
    pub(super) ops_received: AtomicU64,
    /// Whether an operation has failed often enough to show "Retrying".
    pub(super) retrying: AtomicBool,
    stop: watch::Sender<Option<String>>,
    released: watch::Sender<bool>,
}

impl SessionEntry {
    /// The entry of the session that `hello` opened from `peer`.
    pub(super) fn new(
        id: u64,
        hello: &Hello,
        peer: SocketAddr,
        key: String,
        queue: Arc<TargetQueue>,
    ) -> SessionEntry {
        SessionEntry {
            id,
            connection_id: hello.connection_id,
            source_host: hello.source_host.clone(),
            peer,
            replication_set: hello.replication_set.clone(),
            target_path: hello.target_path.clone(),
            key,
            queue,
            last_applied: AtomicU64::new(0),
            ops_received: AtomicU64::new(0),
            retrying: AtomicBool::new(false),
            stop: watch::Sender::new(None),
            released: watch::Sender::new(false),
        }
    }

    /// Asks the session to end, telling its source `reason` (the first reason wins).
    pub(super) fn stop(&self, reason: &str) {
        self.stop.send_if_modified(|stop| {
            if stop.is_some() {
                return false;
            }
            *stop = Some(reason.to_owned());
            true
        });
    }

    /// Where the session learns that it must end.
    pub(super) fn stop_requests(&self) -> watch::Receiver<Option<String>> {
        self.stop.subscribe()
    }

    /// Marks the session's applier record as released.
    pub(super) fn mark_released(&self) {
        self.released.send_replace(true);
    }

    /// Waits until the session has released its applier record.
    pub(super) async fn released(&self) {
        let mut released = self.released.subscribe();
        // An error means the entry is gone, and its record with it.
        let _ = released.wait_for(|released| *released).await;
    }

    /// The last sequence number applied.
    pub(super) fn last_applied(&self) -> u64 {
        self.last_applied.load(Ordering::Relaxed)
    }
}
