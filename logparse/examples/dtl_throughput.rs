//! Measures `.dtl` parsing throughput on a file.
//!
//! `cargo run --release -p logparse --example dtl_throughput -- FILE` reads FILE with
//! `LogReader`, parses every line and prints
//! `dtl parse: N records, B bytes, T s, X records/s, Y MB/s` (MB = 10^6 bytes).
//! `bench/dtl.sh` makes FILE with `dtsuite sample-log`.

use std::process::ExitCode;
use std::time::Instant;

use logparse::dtl::{Item, LogReader};

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
        [path] => run(path),
        _ => {
            eprintln!("usage: dtl_throughput FILE");
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
