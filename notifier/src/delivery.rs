//! Delivery workers: take spooled mails in order, send each within the time-out, remove
//! it only once the server accepted it; on failure keep it, drop the pooled connections,
//! and retry after an exponential backoff.

use std::collections::{HashSet, VecDeque};
use std::io;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;

use crate::config::{
    DeliveryTarget, DEFAULT_RETRY_INITIAL, DEFAULT_RETRY_MAX, DEFAULT_SEND_TIMEOUT,
};
use crate::email_code::EmailCode;
use crate::spool::Spool;
use crate::transport::{MailTransport, SetupError};

#[derive(Debug, Default)]
struct Queue {
    order: VecDeque<String>,
    /// Names queued or being sent.
    known: HashSet<String>,
}

/// The delivery side: a queue of spool names and the workers that empty it.
pub struct Delivery {
    spool: Spool,
    target: DeliveryTarget,
    transport: Mutex<MailTransport>,
    queue: Mutex<Queue>,
    ready: Notify,
    failures: AtomicU32,
    delivered: AtomicU64,
    timeout: Duration,
    retry_initial: Duration,
    retry_max: Duration,
    workers: u32,
}

impl Delivery {
    /// Delivery of `spool`'s mails to `target`, with everything already spooled queued.
    pub fn new(spool: Spool, target: DeliveryTarget) -> Result<Arc<Delivery>, SetupError> {
        let transport = MailTransport::build(&target)?;
        let (timeout, retry_initial, retry_max, workers) = match &target {
            DeliveryTarget::Smtp(smtp) => (
                smtp.timeout,
                smtp.retry_initial,
                smtp.retry_max,
                smtp.connections,
            ),
            DeliveryTarget::Files { .. } => (
                DEFAULT_SEND_TIMEOUT,
                DEFAULT_RETRY_INITIAL,
                DEFAULT_RETRY_MAX,
                1,
            ),
        };
        Ok(Arc::new(Delivery {
            spool,
            target,
            transport: Mutex::new(transport),
            queue: Mutex::new(Queue::default()),
            ready: Notify::new(),
            failures: AtomicU32::new(0),
            delivered: AtomicU64::new(0),
            timeout,
            retry_initial,
            retry_max,
            workers,
        }))
    }

    /// Queues every mail already in the spool (left by an earlier run).
    pub fn enqueue_spooled(&self) -> io::Result<usize> {
        let names = self.spool.list()?;
        let count = names.len();
        for name in names {
            self.enqueue(name);
        }
        Ok(count)
    }

    /// Queues spool file `name` (once, however often it is given).
    pub fn enqueue(&self, name: String) {
        let mut queue = self.queue();
        if queue.known.insert(name.clone()) {
            queue.order.push_back(name);
            drop(queue);
            self.ready.notify_one();
        }
    }

    /// How many mails were accepted since the start.
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    /// Starts the workers (one per pooled connection) on the current Tokio runtime.
    pub fn spawn_workers(self: &Arc<Delivery>) {
        for _ in 0..self.workers {
            let delivery = Arc::clone(self);
            tokio::spawn(async move { delivery.work().await });
        }
    }

    async fn work(&self) {
        loop {
            let next = self.queue().order.pop_front();
            let Some(name) = next else {
                self.ready.notified().await;
                continue;
            };
            match self.deliver(&name).await {
                Ok(()) => {
                    self.queue().known.remove(&name);
                    self.failures.store(0, Ordering::Relaxed);
                }
                Err(message) => {
                    let failures = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
                    let wait = self.backoff(failures);
                    eprintln!(
                        "dtnotify: {} {name}: {message}; kept in the spool, next attempt in {wait:?}",
                        EmailCode::Sending
                    );
                    self.queue().order.push_front(name);
                    // A pooled connection that failed is not used again.
                    if let Ok(fresh) = MailTransport::build(&self.target) {
                        *self.transport.lock().unwrap_or_else(|e| e.into_inner()) = fresh;
                    }
                    tokio::time::sleep(wait).await;
                    self.ready.notify_one();
                }
            }
        }
    }

    /// Sends spool file `name` and removes it; `Err` carries the message to log.
    async fn deliver(&self, name: &str) -> Result<(), String> {
        let mail = match self.spool.get(name) {
            Ok(Some(mail)) => mail,
            Ok(None) => return Ok(()),
            Err(err) => return Err(format!("cannot read the spool file: {err}")),
        };
        let transport = self
            .transport
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match transport
            .send(&mail.envelope, &mail.raw, self.timeout)
            .await
        {
            Ok(()) => {
                self.delivered.fetch_add(1, Ordering::Relaxed);
                self.spool
                    .remove(name)
                    .map_err(|err| format!("sent, but the spool file could not be removed: {err}"))
            }
            Err(err) => Err(format!("{}: {err}", err.code())),
        }
    }

    fn backoff(&self, failures: u32) -> Duration {
        let factor = 1u32
            .checked_shl(failures.saturating_sub(1).min(20))
            .unwrap_or(u32::MAX);
        self.retry_initial
            .saturating_mul(factor)
            .min(self.retry_max)
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}
