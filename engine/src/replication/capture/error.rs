//! [`CaptureError`]: why the capture could not start or go on.

use std::io;

/// Why a [`Capture`](super::Capture) failed. Lost events and directories that cannot be
/// watched are not errors: they come as [`CaptureEvent::MirrorRequired`](super::CaptureEvent).
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The options cannot work (a zero size).
    #[error("invalid capture options: {0}")]
    InvalidOptions(String),
    /// No inotify instance could be made (max_user_instances reached, …).
    #[error("cannot start inotify: {0}")]
    Init(#[source] io::Error),
    /// Reading or waiting on the inotify descriptor failed.
    #[error("cannot read inotify events: {0}")]
    Read(#[source] io::Error),
}
