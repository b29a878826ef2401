//! Trap-latency source for bench/snmp.sh: appends COUNT "mirror started" events (4019)
//! to the engine log in DIR, one every INTERVAL_MS, the Nth naming replication set
//! `benchN`, and prints `N UNIX_NANOS` on stdout as each line has been written.
//! Usage: dtl_events DIR COUNT INTERVAL_MS

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use logparse::catalog::{engine_event, EventId};
use logparse::dtl::{Appender, AppenderConfig, LogMessageLevel, Severity, DEFAULT_BASE_NAME};

const MIRROR_STARTED: u32 = 4019;

fn run(dir: PathBuf, count: u32, interval: Duration) -> Result<(), Box<dyn std::error::Error>> {
    let event = engine_event(EventId(MIRROR_STARTED)).ok_or("event 4019 is not catalogued")?;
    let mut log = Appender::open(AppenderConfig {
        dir,
        base_name: DEFAULT_BASE_NAME.to_owned(),
        max_file_size: 64 << 20,
        max_files: 10,
        message_level: LogMessageLevel::AlertsAndRelease,
    })?;
    let mut out = std::io::stdout().lock();
    for n in 1..=count {
        let text = event.format(&["beta", "10.0.0.5", &format!("bench{n}"), "5"]);
        log.append(Severity::Release, MIRROR_STARTED, 1, &text)?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos();
        writeln!(out, "{n} {now}")?;
        out.flush()?;
        std::thread::sleep(interval);
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(Ok(count)), Some(Ok(millis))) = (
        args.first(),
        args.get(1).map(|n| n.parse()),
        args.get(2).map(|n| n.parse()),
    ) else {
        eprintln!("usage: dtl_events DIR COUNT INTERVAL_MS");
        return ExitCode::from(2);
    };
    match run(PathBuf::from(dir), count, Duration::from_millis(millis)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dtl_events: {e}");
            ExitCode::FAILURE
        }
    }
}
