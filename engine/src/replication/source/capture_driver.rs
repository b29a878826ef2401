//! The capture thread: loops on [`Capture::next_batch`] and puts what it finds in the
//! spilling replication queue, from before the first mirror until the connection
//! stops, whether the target is reachable or not.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Utc;

use super::command::MirrorKind;
use super::shared::Shared;
use crate::replication::capture::{Capture, CaptureEvent};

/// How long one wait for changes lasts, so a stop is seen soon.
const POLL: Duration = Duration::from_millis(100);

/// Bytes of files hashed between two looks for changes (see `Capture::hash_pending`):
/// about 10 ms of work, so changes still go out at once.
const HASH_SLICE: u64 = 16 << 20;

/// Starts the capture thread of `shared`'s connection.
pub(super) fn spawn(shared: Arc<Shared>, capture: Capture) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(format!("dt-capture-{}", shared.config.job.connection_id))
        .spawn(move || run(&shared, capture))
}

/// What the capture has counted, as last published.
#[derive(Default)]
struct Published {
    ops: u64,
    bytes: u64,
    last_file: Option<PathBuf>,
}

fn run(shared: &Shared, mut capture: Capture) {
    let mut published = Published::default();
    while !shared.stopping() {
        if shared.inject_overflow.swap(false, Ordering::Relaxed) {
            capture.inject_queue_overflow();
        }
        // Files taken at start are hashed when no mirror competes for the disk and
        // the CPU, a slice at a time between looks for changes.
        let hashing = capture.unhashed_files() > 0 && !shared.mirror_busy();
        let wait = if hashing { Duration::ZERO } else { POLL };
        let batch = match capture.next_batch(wait) {
            Ok(batch) => batch,
            Err(err) => {
                shared.lock().capturing = false;
                shared.mirror_required(&format!("the capture ended: {err}"));
                return;
            }
        };
        if batch.is_empty() {
            if hashing {
                capture.hash_pending(HASH_SLICE);
            }
            continue;
        }
        queue_batch(shared, batch);
        publish(shared, &capture, &mut published);
        shared.wake.notify_one();
    }
}

/// Puts a batch's operations in the queue; handles lost changes and a full queue.
fn queue_batch(shared: &Shared, batch: Vec<CaptureEvent>) {
    let now = Utc::now();
    let mut lost: Option<String> = None;
    let remirror = MirrorKind::for_auto_remirror(shared.config.auto_remirror);
    {
        let mut guard = shared.lock();
        let state = &mut *guard;
        for event in batch {
            let reason = match event {
                CaptureEvent::Op(op) => match state.queue.push(op) {
                    Ok(()) => {
                        state.rpo.captured(1, now);
                        continue;
                    }
                    // Said once until a mirror starts, however long the queue stays full.
                    Err(_) if state.mirror_required && remirror.is_none() => continue,
                    Err(err) => format!("the replication queue cannot take an operation: {err}"),
                },
                CaptureEvent::MirrorRequired { reason } => reason,
            };
            lost.get_or_insert(reason);
            if remirror.is_some() {
                if let Err(err) = state.clear_queue() {
                    shared.warn(&format!("cannot clear the replication queue: {err}"));
                }
            }
            state.mirror_required = true;
        }
        shared.publish_queue(state);
    }
    if let Some(reason) = lost {
        // "Mirror Required" first, then the remirror that clears it: asked the other way
        // round, the mirror could start (and even end) before the state is set.
        shared.mirror_required(&reason);
        if let Some(kind) = remirror {
            shared.lock().mirror_request = Some(kind);
            shared.wake.notify_one();
        }
    }
}

/// Adds the capture's new counts to Kernel RepOpsGenerated / RepBytesGenerated and
/// sets Source lastFileTouched.
fn publish(shared: &Shared, capture: &Capture, published: &mut Published) {
    let counters = capture.counters();
    let kernel = &shared.stats.kernel;
    kernel
        .rep_ops_generated
        .add(counters.rep_ops_generated.saturating_sub(published.ops));
    kernel
        .rep_bytes_generated
        .add(counters.rep_bytes_generated.saturating_sub(published.bytes));
    published.ops = counters.rep_ops_generated;
    published.bytes = counters.rep_bytes_generated;
    if counters.last_file_touched != published.last_file {
        if let Some(path) = &counters.last_file_touched {
            shared
                .stats
                .source
                .set_last_file_touched(&path.to_string_lossy());
        }
        published.last_file.clone_from(&counters.last_file_touched);
    }
}
