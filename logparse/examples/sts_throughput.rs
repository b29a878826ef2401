//! Measures `.sts` decode throughput of the slice decoder and the streaming decoder.
//!
//! `cargo run --release -p logparse --example sts_throughput -- [--mb 100] [FILE]`
//! decodes FILE, or without one ~N MB of generated snapshots (2 targets, 3 connections).

use std::process::ExitCode;
use std::time::Instant;

use logparse::sts::{encode_header, encode_record, records, StsReader};

#[path = "../benches/samples/sts.rs"]
mod samples;
use samples::realistic;

fn generate(megabytes: usize) -> Vec<u8> {
    let mut data = Vec::with_capacity(megabytes * 1_000_000 + 4096);
    encode_header(&mut data);
    let mut i = 0;
    while data.len() < megabytes * 1_000_000 {
        if let Err(e) = encode_record(&realistic(i), &mut data) {
            eprintln!("sts_throughput: {e}");
            break;
        }
        i += 1;
    }
    data
}

fn report(decoder: &str, records: usize, bytes: usize, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    let rate = bytes as f64 / 1e6 / seconds;
    println!(
        "sts decode ({decoder}): {records} records, {bytes} bytes, {seconds:.3} s, {rate:.0} MB/s"
    );
}

fn main() -> ExitCode {
    let mut megabytes = 100;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--mb", Some(n)) if n.parse::<usize>().is_ok() => megabytes = n.parse().unwrap_or(100),
            (path, None) if !path.starts_with("--") => file = Some(path.to_owned()),
            _ => {
                eprintln!("usage: sts_throughput [--mb N] [FILE]");
                return ExitCode::FAILURE;
            }
        }
    }
    let data = match &file {
        Some(path) => match std::fs::read(path) {
            Ok(data) => data,
            Err(e) => {
                eprintln!("sts_throughput: {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => generate(megabytes),
    };

    let started = Instant::now();
    let (mut good, mut bad) = (0, 0);
    match records(&data) {
        Ok(items) => items.for_each(|item| if item.is_ok() { good += 1 } else { bad += 1 }),
        Err(e) => {
            eprintln!("sts_throughput: {e}");
            return ExitCode::FAILURE;
        }
    }
    report("slice", good, data.len(), started);

    let started = Instant::now();
    let (mut streamed, mut stream_bad) = (0, 0);
    match StsReader::new(data.as_slice()) {
        Ok(reader) => reader.for_each(|item| {
            if item.is_ok() {
                streamed += 1
            } else {
                stream_bad += 1
            }
        }),
        Err(e) => {
            eprintln!("sts_throughput: {e}");
            return ExitCode::FAILURE;
        }
    }
    report("stream", streamed, data.len(), started);
    if bad + stream_bad > 0 {
        println!("problems: {bad} (slice), {stream_bad} (stream)");
    }
    ExitCode::SUCCESS
}
