//! Writes Linux job error events into job logs as the engine does (for bench/dtnotify.sh).
//!
//! usage: job_events DIR JOBS EVENTS [INTERVAL_MS]
//! Appends EVENTS error events round-robin over JOBS job logs in DIR, one every
//! INTERVAL_MS (default 0: a burst), and prints `GUID SEQ UNIX_NS` for each once written.

use std::io::{self, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use logparse::catalog::{linux_job_event, EventId};
use logparse::dtl::{JobLogDir, Severity};

const ERRORS: [u32; 7] = [5709, 5710, 5716, 5715, 5713, 5707, 5708];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        bail!("usage: job_events DIR JOBS EVENTS [INTERVAL_MS]");
    }
    let dir = JobLogDir::new(&args[0]);
    let jobs: usize = args[1].parse().context("JOBS")?;
    let events: usize = args[2].parse().context("EVENTS")?;
    let interval = Duration::from_millis(
        args.get(3)
            .map_or(Ok(0), |a| a.parse())
            .context("INTERVAL_MS")?,
    );
    let guids: Vec<String> = (0..jobs)
        .map(|n| format!("{n:08x}-0000-4000-8000-{n:012x}"))
        .collect();
    let mut logs = guids
        .iter()
        .map(|guid| dir.appender(guid))
        .collect::<io::Result<Vec<_>>>()
        .context("opening job logs")?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for n in 0..events {
        let job = n % jobs;
        let id = ERRORS[(n / jobs) % ERRORS.len()];
        let message = linux_job_event(EventId(id)).map_or("", |e| e.message);
        let seq = logs[job]
            .append(Severity::Alert, id, 1, message)
            .context("append")?
            .context("not written at the default message level")?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos();
        writeln!(out, "{} {seq} {now}", guids[job])?;
        if !interval.is_zero() {
            out.flush()?;
            std::thread::sleep(interval);
        }
    }
    out.flush()?;
    Ok(())
}
