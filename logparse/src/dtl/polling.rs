//! What both followers ([`Follower`](super::Follower) and
//! [`RolledFollower`](super::RolledFollower)) do around one poll: keeping items found
//! before an I/O error, and waiting until items arrive (woken when the directory changes).

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::dir_wakeup::DirWakeup;
use super::follower::FollowItem;

/// Runs one poll. An error `deferred` by the last poll is returned first; an error
/// after items were collected returns the items and defers the error to the next poll.
pub(crate) fn poll_deferring(
    deferred: &mut Option<io::Error>,
    poll_into: impl FnOnce(&mut Vec<FollowItem>) -> io::Result<()>,
) -> io::Result<Vec<FollowItem>> {
    if let Some(err) = deferred.take() {
        return Err(err);
    }
    let mut out = Vec::new();
    match poll_into(&mut out) {
        Ok(()) => Ok(out),
        Err(err) if out.is_empty() => Err(err),
        Err(err) => {
            *deferred = Some(err);
            Ok(out)
        }
    }
}

/// Calls `poll` whenever `dir` changes (at least every `poll_interval`) until it finds
/// items or `stop` is set; returns what the last poll found (empty only when stopped).
/// The directory's watch is made on the first wait and kept in `wakeup`.
pub(crate) fn wait_for_items(
    mut poll: impl FnMut() -> io::Result<Vec<FollowItem>>,
    wakeup: &mut Option<DirWakeup>,
    dir: &Path,
    poll_interval: Duration,
    stop: &AtomicBool,
) -> io::Result<Vec<FollowItem>> {
    loop {
        let items = poll()?;
        if !items.is_empty() || stop.load(Ordering::Relaxed) {
            return Ok(items);
        }
        wakeup
            .get_or_insert_with(|| DirWakeup::new(dir))
            .wait(poll_interval);
    }
}
