//! Waking a log's reader as soon as its directory changes (inotify: a line appended, a
//! log created or rolled), with the poll interval as the longest wait. Without inotify,
//! or while the directory does not exist, it simply sleeps.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use inotify::{EventMask, Inotify, WatchMask};
use rustix::event::{poll, PollFd, PollFlags, Timespec};

/// Room for many events per read.
const READ_BUFFER_SIZE: usize = 16 * 1024;

/// Waits for changes in one directory.
#[derive(Debug)]
pub struct DirWakeup {
    dir: PathBuf,
    inotify: Option<Inotify>,
    watching: bool,
    buffer: Vec<u8>,
}

impl DirWakeup {
    /// Watches `dir` (from the first wait on, once it exists).
    pub fn new(dir: impl Into<PathBuf>) -> DirWakeup {
        DirWakeup {
            dir: dir.into(),
            inotify: Inotify::init().ok(),
            watching: false,
            buffer: vec![0; READ_BUFFER_SIZE],
        }
    }

    /// Whether inotify watches the directory (after a first [`wait`](Self::wait)): while
    /// it does, a long timeout costs no latency.
    pub fn is_watching(&self) -> bool {
        self.watching
    }

    /// Returns when the directory changed or after `timeout`.
    pub fn wait(&mut self, timeout: Duration) {
        let Some(inotify) = self.inotify.as_mut() else {
            std::thread::sleep(timeout);
            return;
        };
        if !self.watching {
            let mask = WatchMask::MODIFY | WatchMask::CREATE | WatchMask::MOVED_TO;
            self.watching = inotify.watches().add(&self.dir, mask).is_ok();
            if !self.watching {
                std::thread::sleep(timeout);
                return;
            }
        }
        let timespec = Timespec::try_from(timeout).ok();
        let mut fds = [PollFd::new(&*inotify, PollFlags::IN)];
        if poll(&mut fds, timespec.as_ref()).is_err() {
            // Interrupted: the caller polls the logs anyway.
            return;
        }
        // Drain what is queued; a removed directory ends the watch (added again later).
        loop {
            match inotify.read_events(&mut self.buffer) {
                Ok(events) => {
                    for event in events {
                        if event.mask.contains(EventMask::IGNORED) {
                            self.watching = false;
                        }
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_change_wakes_it_before_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let mut wakeup = DirWakeup::new(dir.path());
        // First wait adds the watch and times out (nothing changes).
        wakeup.wait(Duration::from_millis(1));
        assert!(wakeup.is_watching());
        let path = dir.path().join("job.log");
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            std::fs::write(path, "line\n").unwrap();
        });
        let start = Instant::now();
        wakeup.wait(Duration::from_secs(30));
        assert!(start.elapsed() < Duration::from_secs(30));
        writer.join().unwrap();
    }

    #[test]
    fn a_missing_directory_is_not_watched_until_it_exists() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("log");
        let mut wakeup = DirWakeup::new(&dir);
        wakeup.wait(Duration::from_millis(1));
        assert!(!wakeup.is_watching());
        std::fs::create_dir(&dir).unwrap();
        wakeup.wait(Duration::from_millis(1));
        assert!(wakeup.is_watching());
    }
}
