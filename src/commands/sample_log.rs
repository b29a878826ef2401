//! `dtsuite sample-log`: writes a realistic engine log, as one file or as a rotating
//! series, and optionally keeps appending to it like a running engine.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use bytesize::ByteSize;
use chrono::Local;
use clap::Args;
use dtsuite::sample_log::SampleLog;
use logparse::dtl::{
    Appender, AppenderConfig, Level, LogMessageLevel, Severity, DEFAULT_MAX_LOG_FILE_SIZE,
    DEFAULT_MAX_NUMBER_OF_LOG_FILES,
};

/// Write a sample engine log: a seeded mix of the guide's engine events.
///
/// With --out, one .dtl file of the given size (for benchmarks). With --dir, a
/// dtlog1.dtl… series rotated as the engine does (MaxLogFileSize, MaxNumberofLogFiles);
/// add --live to keep appending messages in real time until interrupted.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  dtsuite sample-log --out /tmp/big.dtl --size 200MB\n  dtsuite sample-log --dir /tmp/dtlog --records 5000 --max-file-size 64KiB --live"
)]
pub struct SampleLogArgs {
    /// Write one file, without rotation
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dir", "live"], required_unless_present = "dir")]
    out: Option<PathBuf>,

    /// Write a rotating dtlogN.dtl series into this folder (created if missing)
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,

    /// Stop after about this many bytes (e.g. 200MB, 64KiB)
    #[arg(long, value_name = "SIZE", conflicts_with = "records")]
    size: Option<ByteSize>,

    /// Stop after this many records [default: 1000 unless --size is given]
    #[arg(long, value_name = "N")]
    records: Option<u64>,

    /// Seed of the generator: the same seed writes the same messages
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// MaxLogFileSize of the series
    #[arg(long, value_name = "SIZE", default_value_t = ByteSize::b(DEFAULT_MAX_LOG_FILE_SIZE))]
    max_file_size: ByteSize,

    /// MaxNumberofLogFiles of the series (1-999)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NUMBER_OF_LOG_FILES,
          value_parser = clap::value_parser!(u16).range(1..=999))]
    max_files: u16,

    /// After the records above, keep appending in real time until interrupted
    #[arg(long, requires = "dir")]
    live: bool,

    /// Messages per second while --live
    #[arg(long, value_name = "N", default_value_t = 4.0)]
    rate: f64,
}

/// Runs `dtsuite sample-log`.
pub fn run(args: SampleLogArgs) -> anyhow::Result<()> {
    if !(args.rate > 0.0 && args.rate.is_finite()) {
        bail!("--rate must be a positive number of messages per second");
    }
    let limit = match (args.size, args.records) {
        (Some(size), _) => Limit::Bytes(size.as_u64()),
        (None, records) => Limit::Records(records.unwrap_or(1000)),
    };
    let start = Local::now().naive_local() - chrono::Duration::days(1);
    let mut log = SampleLog::new(args.seed, start);
    let began = Instant::now();
    let (records, bytes, place) = match (&args.out, &args.dir) {
        (Some(path), _) => {
            let file = File::create(path).with_context(|| format!("{}", path.display()))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let (mut records, mut bytes) = (0u64, 0u64);
            while !limit.reached(records, bytes) {
                let line = log.next_record().to_line();
                out.write_all(line.as_bytes())?;
                records += 1;
                bytes += line.len() as u64;
            }
            out.flush().with_context(|| format!("{}", path.display()))?;
            (records, bytes, path.display().to_string())
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
            let mut appender = Appender::open(AppenderConfig {
                dir: dir.clone(),
                max_file_size: args.max_file_size.as_u64(),
                max_files: args.max_files,
                message_level: LogMessageLevel::AlertsReleaseAndDebug,
                ..AppenderConfig::default()
            })
            .with_context(|| format!("opening the log series in {}", dir.display()))?;
            appender.set_pid(log.pid());
            let (mut records, mut bytes) = (0u64, 0u64);
            while !limit.reached(records, bytes) {
                let record = log.next_record();
                appender.append_at(
                    record.timestamp,
                    severity(record.level),
                    record.id,
                    record.tid,
                    &record.text,
                )?;
                records += 1;
                bytes += record.to_line().len() as u64;
            }
            eprintln!(
                "sample-log: wrote {records} records ({}) to {} in {:.2} s",
                ByteSize::b(bytes),
                dir.display(),
                began.elapsed().as_secs_f64()
            );
            if args.live {
                eprintln!(
                    "sample-log: appending {} messages/s until interrupted",
                    args.rate
                );
                let pause = Duration::from_secs_f64(1.0 / args.rate);
                loop {
                    std::thread::sleep(pause);
                    let record = log.next_record();
                    appender.append(severity(record.level), record.id, record.tid, &record.text)?;
                }
            }
            return Ok(());
        }
        (None, None) => bail!("give --out FILE or --dir DIR"),
    };
    eprintln!(
        "sample-log: wrote {records} records ({}) to {place} in {:.2} s",
        ByteSize::b(bytes),
        began.elapsed().as_secs_f64()
    );
    Ok(())
}

/// When to stop writing.
#[derive(Debug, Clone, Copy)]
enum Limit {
    Records(u64),
    Bytes(u64),
}

impl Limit {
    fn reached(self, records: u64, bytes: u64) -> bool {
        match self {
            Limit::Records(n) => records >= n,
            Limit::Bytes(n) => bytes >= n,
        }
    }
}

/// The LogMessageLevel class of a generated message.
fn severity(level: Level) -> Severity {
    match level {
        Level::Alert => Severity::Alert,
        Level::Info => Severity::Release,
    }
}
