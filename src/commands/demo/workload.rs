//! The light write workload on the data set while the job replicates: small writes
//! into existing files and, now and then, a new file.

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Pause between two writes.
const PAUSE: Duration = Duration::from_millis(200);
/// Every this many writes, a new file instead.
const NEW_FILE_EVERY: u64 = 10;

/// Counters the screen shows.
#[derive(Debug, Default)]
pub struct WorkloadCounters {
    /// Writes done.
    pub writes: AtomicU64,
    /// Bytes written.
    pub bytes: AtomicU64,
}

/// The running workload, stopped by [`Workload::stop`] or on drop.
#[derive(Debug)]
pub struct Workload {
    stop: Arc<AtomicBool>,
    /// What it has done so far.
    pub counters: Arc<WorkloadCounters>,
    thread: Option<JoinHandle<()>>,
}

impl Workload {
    /// Starts writing into `files`, new files going into `new_dir`.
    pub fn start(files: Vec<PathBuf>, new_dir: PathBuf, seed: u64) -> Workload {
        let stop = Arc::new(AtomicBool::new(false));
        let counters = Arc::new(WorkloadCounters::default());
        let thread = {
            let (stop, counters) = (stop.clone(), counters.clone());
            std::thread::spawn(move || run(&files, &new_dir, seed, &stop, &counters))
        };
        Workload {
            stop,
            counters,
            thread: Some(thread),
        }
    }

    /// Stops writing and waits for the last write to finish.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Workload {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(
    files: &[PathBuf],
    new_dir: &std::path::Path,
    seed: u64,
    stop: &AtomicBool,
    counters: &WorkloadCounters,
) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut done = 0u64;
    while !stop.load(Ordering::Relaxed) && !files.is_empty() {
        std::thread::sleep(PAUSE);
        done += 1;
        let mut chunk = vec![0u8; rng.usize(512..=16 * 1024)];
        rng.fill(&mut chunk);
        let written = if done.is_multiple_of(NEW_FILE_EVERY) {
            let _ = std::fs::create_dir_all(new_dir);
            std::fs::write(new_dir.join(format!("new-{done:05}.bin")), &chunk).is_ok()
        } else {
            let path = &files[rng.usize(..files.len())];
            OpenOptions::new().write(true).open(path).is_ok_and(|file| {
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                file.write_all_at(&chunk, rng.u64(0..=len)).is_ok()
            })
        };
        if written {
            counters.writes.fetch_add(1, Ordering::Relaxed);
            counters
                .bytes
                .fetch_add(chunk.len() as u64, Ordering::Relaxed);
        }
    }
}
