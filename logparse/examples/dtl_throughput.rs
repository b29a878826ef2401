//! Measures `.dtl` parsing throughput on a file.
//!
//! `cargo run --release -p logparse --example dtl_throughput -- FILE` reads FILE with
//! `LogReader`, parses every line and prints
//! `dtl parse: N records, B bytes, T s, X records/s, Y MB/s` (MB = 10^6 bytes).
//! `-- --generate MB FILE` first writes about MB megabytes of realistic lines to FILE.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use logparse::dtl::{Item, Level, LogReader, Record};

/// Engine messages of the guide's kind, with their IDs (about 110-byte lines).
const MESSAGES: &[(Level, u32, &str)] = &[
    (Level::Info, 4019, "Service has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2"),
    (Level::Info, 4022, "Service has completed a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2"),
    (Level::Info, 4024, "Replication Set FilesAndFolders has been modified"),
    (Level::Alert, 4101, "Connection 2 to BETA (172.31.206.201) lost: connection reset by peer"),
    (Level::Info, 0, "Queue threshold check: source queue at 12% of\tdisk space, target queue at 3%"),
    (Level::Alert, 4205, "Verification of /data/projects/2017/q2 found 3 files that differ on the target"),
];

fn generate(path: &str, megabytes: u64) -> std::io::Result<()> {
    let start = NaiveDate::from_ymd_opt(2017, 6, 22)
        .and_then(|d| d.and_hms_milli_opt(14, 42, 55, 318))
        .ok_or_else(|| std::io::Error::other("bad start date"))?;
    let mut out = BufWriter::new(File::create(path)?);
    let (mut written, mut seq) = (0u64, 1u64);
    while written < megabytes * 1_000_000 {
        let (level, id, text) = MESSAGES[(seq as usize * 7) % MESSAGES.len()];
        let record = Record {
            timestamp: start + Duration::milliseconds(seq as i64 * 37),
            pid: 2411,
            tid: 2417 + (seq % 5) as u32,
            seq,
            level,
            id,
            text: text.to_owned(),
        };
        let line = record.to_line();
        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
        seq += 1;
    }
    out.flush()
}

fn run(path: &str) -> std::io::Result<()> {
    let started = Instant::now();
    let mut reader = LogReader::open(path)?;
    let (mut records, mut diagnostics) = (0u64, 0u64);
    while let Some(item) = reader.next_item() {
        match item {
            Item::Record(_) => records += 1,
            Item::Diagnostic(diagnostic) => {
                if diagnostics < 5 {
                    eprintln!("{diagnostic}");
                }
                diagnostics += 1;
            }
        }
    }
    let bytes = reader.offset() + reader.pending_bytes();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "dtl parse: {records} records, {bytes} bytes, {seconds:.3} s, {:.0} records/s, {:.1} MB/s",
        records as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
    if diagnostics > 0 {
        eprintln!("{diagnostics} lines could not be parsed");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, megabytes, path] if flag == "--generate" => match megabytes.parse() {
            Ok(megabytes) => generate(path, megabytes).and_then(|()| run(path)),
            Err(_) => Err(std::io::Error::other(format!(
                "not a size in MB: {megabytes}"
            ))),
        },
        [path] => run(path),
        _ => {
            eprintln!("usage: dtl_throughput [--generate MB] FILE");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dtl_throughput: {err}");
            ExitCode::FAILURE
        }
    }
}
