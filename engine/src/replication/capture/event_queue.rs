//! [`EventQueue`]: the inotify instance and the events read from it but not yet handled.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io;
use std::time::Duration;

use inotify::{EventMask, Inotify, Watches};
use rustix::event::{poll, PollFd, PollFlags, Timespec};

/// Room for many events per read (one is at most 16 bytes + NAME_MAX + 1).
const READ_BUFFER_SIZE: usize = 64 * 1024;

/// The most events held unhandled: the kernel's default max_queued_events. Reading
/// stops there, so a flood of events cannot grow the queue without bound.
const MAX_HELD_EVENTS: usize = 16_384;

/// How many times [`EventQueue::discard`] reads the kernel's queue.
const DISCARD_ROUNDS: usize = 4;

/// One inotify event, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEvent {
    /// The watch that reported it (-1 for a queue overflow).
    pub(super) wd: i32,
    /// What happened.
    pub(super) mask: EventMask,
    /// Pairs a rename's two halves.
    pub(super) cookie: u32,
    /// The entry's name in the watched directory; none for the directory itself.
    pub(super) name: Option<OsString>,
}

/// An inotify instance and its events read so far.
#[derive(Debug)]
pub(super) struct EventQueue {
    inotify: Inotify,
    buffer: Vec<u8>,
    held: VecDeque<RawEvent>,
}

impl EventQueue {
    /// A new inotify instance with no watch.
    pub(super) fn new() -> io::Result<EventQueue> {
        Ok(EventQueue {
            inotify: Inotify::init()?,
            buffer: vec![0; READ_BUFFER_SIZE],
            held: VecDeque::new(),
        })
    }

    /// The handle that adds and removes this instance's watches.
    pub(super) fn watches(&self) -> Watches {
        self.inotify.watches()
    }

    /// Reads every event the kernel has queued (without waiting); whether any came.
    pub(super) fn fill(&mut self) -> io::Result<bool> {
        let before = self.held.len();
        while self.held.len() < MAX_HELD_EVENTS {
            match self.inotify.read_events(&mut self.buffer) {
                Ok(events) => self.held.extend(events.map(|event| RawEvent {
                    wd: event.wd.get_watch_descriptor_id(),
                    mask: event.mask,
                    cookie: event.cookie,
                    name: event.name.map(|name| name.to_os_string()),
                })),
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        Ok(self.held.len() > before)
    }

    /// Waits until the kernel has events or `timeout` passed.
    pub(super) fn wait(&mut self, timeout: Duration) -> io::Result<()> {
        let timeout = Timespec::try_from(timeout).ok();
        let mut fds = [PollFd::new(&self.inotify, PollFlags::IN)];
        match poll(&mut fds, timeout.as_ref()) {
            Ok(_) | Err(rustix::io::Errno::INTR) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }

    /// The oldest event not handled yet.
    pub(super) fn pop(&mut self) -> Option<RawEvent> {
        self.held.pop_front()
    }

    /// Takes the IN_MOVED_TO with `cookie` from the events held, wherever it is.
    pub(super) fn take_moved_to(&mut self, cookie: u32) -> Option<RawEvent> {
        let at = self
            .held
            .iter()
            .position(|e| e.mask.contains(EventMask::MOVED_TO) && e.cookie == cookie)?;
        self.held.remove(at)
    }

    /// Queues an overflow after the events held, as the kernel does when it drops events.
    pub(super) fn push_overflow(&mut self) {
        self.held.push_back(RawEvent {
            wd: -1,
            mask: EventMask::Q_OVERFLOW,
            cookie: 0,
            name: None,
        });
    }

    /// Drops every event held and what the kernel has queued, reading a few times at
    /// most: under a flood, the rest is handled as usual (against a fresh start, an
    /// old event only causes a redundant look at its path).
    pub(super) fn discard(&mut self) -> io::Result<()> {
        for _ in 0..DISCARD_ROUNDS {
            self.held.clear();
            if !self.fill()? {
                break;
            }
        }
        Ok(())
    }
}
