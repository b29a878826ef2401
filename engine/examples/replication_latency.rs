//! Replication latency: a small write on the source → the same bytes readable in the replica.
//!
//! Under `SOURCE/latency-probe` it makes FILES empty files and waits until the replica
//! (`REPLICA/latency-probe`) has them all. Then, one at a time, it appends a 64-byte record
//! to one of them (open, write, close; round robin) and waits until the replica's copy of
//! that file holds the record at the right offset. The wait is driven by inotify on the
//! replica's directory: after every event the file is checked again (stat, then a read of
//! the record), so a write is timed from just before `write` to the first check that sees
//! it, without a polling interval. Prints p50, p90, p99 and max, and a last line
//! `p50_ms=… p99_ms=… max_ms=…` for scripts.
//!
//! `cargo run --release -p engine --example replication_latency -- SOURCE REPLICA [WRITES] [FILES]`
//! (defaults: 1,000 writes over 10 files). Run against a job that is already replicating
//! SOURCE into REPLICA.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use inotify::{Inotify, WatchMask};
use rustix::event::{poll, PollFd, PollFlags, Timespec};

/// Bytes in one record; every write appends exactly one.
const RECORD: usize = 64;
/// How long one write may take to show up before the probe gives up.
const WRITE_DEADLINE: Duration = Duration::from_secs(30);
/// How long the set-up (the probe's files appearing in the replica) may take.
const SETUP_DEADLINE: Duration = Duration::from_secs(60);

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: replication_latency SOURCE REPLICA [WRITES] [FILES]";
    let source = PathBuf::from(args.next().context(usage)?);
    let replica = PathBuf::from(args.next().context(usage)?);
    let writes: usize = args.next().map_or(Ok(1000), |a| a.parse())?;
    let files: usize = args.next().map_or(Ok(10), |a| a.parse())?;
    if files == 0 {
        bail!("FILES must be at least 1");
    }

    let source_dir = source.join("latency-probe");
    let replica_dir = replica.join("latency-probe");
    let names: Vec<String> = (0..files).map(|f| format!("w{f:03}.log")).collect();
    fs::create_dir_all(&source_dir)?;
    for name in &names {
        File::create(source_dir.join(name))?;
    }
    wait_for_files(&replica_dir, &names)?;

    let mut inotify = Inotify::init()?;
    inotify.watches().add(
        &replica_dir,
        WatchMask::MODIFY | WatchMask::CLOSE_WRITE | WatchMask::CREATE | WatchMask::MOVED_TO,
    )?;
    let mut events = [0u8; 64 * 1024];

    let mut latencies = Vec::with_capacity(writes);
    for i in 0..writes {
        let name = &names[i % files];
        let offset = ((i / files) * RECORD) as u64;
        let record = record(i);
        let started = Instant::now();
        let mut out = OpenOptions::new()
            .append(true)
            .open(source_dir.join(name))?;
        out.write_all(&record)?;
        drop(out);
        let target = replica_dir.join(name);
        while !holds(&target, offset, &record)? {
            let waited = started.elapsed();
            if waited >= WRITE_DEADLINE {
                bail!("write {i} to {name} not in the replica after {waited:.1?}");
            }
            wait_readable(&inotify, WRITE_DEADLINE - waited)?;
            // Drain whatever arrived; which file an event names does not matter,
            // the check above decides.
            match inotify.read_events(&mut events) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e.into()),
            }
        }
        latencies.push(started.elapsed());
    }

    if latencies.is_empty() {
        bail!("no writes measured");
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    let (p50, p90, p99, max) = (at(0.50), at(0.90), at(0.99), at(1.0));
    println!(
        "{writes} writes of {RECORD} B over {files} files: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(p50),
        ms(p90),
        ms(p99),
        ms(max)
    );
    println!(
        "p50_ms={:.3} p99_ms={:.3} max_ms={:.3}",
        ms(p50),
        ms(p99),
        ms(max)
    );
    Ok(())
}

/// The `i`th record: its number, padded with dots, ending in a newline.
fn record(i: usize) -> Vec<u8> {
    let mut r = format!("write {i:06} ").into_bytes();
    r.resize(RECORD - 1, b'.');
    r.push(b'\n');
    r
}

/// Whether `file` holds `record` at `offset`.
fn holds(file: &Path, offset: u64, record: &[u8]) -> io::Result<bool> {
    let f = match File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    if f.metadata()?.len() < offset + record.len() as u64 {
        return Ok(false);
    }
    let mut got = vec![0u8; record.len()];
    f.read_exact_at(&mut got, offset)?;
    Ok(got == record)
}

/// Blocks until `inotify` has events to read or `limit` has passed.
fn wait_readable(inotify: &Inotify, limit: Duration) -> io::Result<()> {
    let timeout = Timespec {
        tv_sec: limit.as_secs() as i64,
        tv_nsec: i64::from(limit.subsec_nanos()),
    };
    let mut fds = [PollFd::new(inotify, PollFlags::IN)];
    loop {
        match poll(&mut fds, Some(&timeout)) {
            Ok(_) => return Ok(()),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Waits (set-up, not timed) until every one of `names` exists in `dir`.
fn wait_for_files(dir: &Path, names: &[String]) -> anyhow::Result<()> {
    let started = Instant::now();
    while !names.iter().all(|n| dir.join(n).is_file()) {
        if started.elapsed() > SETUP_DEADLINE {
            bail!("{} did not appear in the replica", dir.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}
