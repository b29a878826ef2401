//! Measures `.sts` decode throughput of the slice decoder and the streaming decoder.
//!
//! `cargo run --release -p logparse --example sts_throughput -- [--mb 100] [FILE]`
//! decodes FILE, or without one ~N MB of generated snapshots (2 targets, 3 connections).

use std::process::ExitCode;
use std::time::Instant;

use logparse::sts::{encode_header, encode_record, records, Snapshot, StsReader};

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

fn tally(good: usize, bad: usize, ok: bool) -> (usize, usize) {
    if ok {
        (good + 1, bad)
    } else {
        (good, bad + 1)
    }
}

/// Runs `decode` three times; its result and the shortest time in seconds.
fn best_of_three<T, E>(mut decode: impl FnMut() -> Result<T, E>) -> Result<(T, f64), E> {
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..3 {
        let started = Instant::now();
        let value = decode()?;
        best = best.min(started.elapsed().as_secs_f64());
        result = Some(value);
    }
    Ok((result.expect("three passes ran"), best))
}

fn report(decoder: &str, records: usize, bytes: usize, seconds: f64) {
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

    // Best of three passes each: the first pass also pays for faulting the buffer in.
    let slice = best_of_three(|| {
        records(&data)
            .map(|items| items.fold((0, 0), |(good, bad), item| tally(good, bad, item.is_ok())))
    });
    let stream = best_of_three(|| {
        StsReader::new(data.as_slice())
            .map(|reader| reader.fold((0, 0), |(good, bad), item| tally(good, bad, item.is_ok())))
    });
    let stream_into = best_of_three(|| {
        StsReader::new(data.as_slice()).map(|mut reader| {
            let mut snapshot = Snapshot::default();
            let mut counts = (0, 0);
            while let Some(item) = reader.next_into(&mut snapshot) {
                counts = tally(counts.0, counts.1, item.is_ok());
            }
            counts
        })
    });
    match (slice, stream, stream_into) {
        (
            Ok(((good, bad), slice_s)),
            Ok(((streamed, stream_bad), stream_s)),
            Ok(((_, into_bad), into_s)),
        ) => {
            report("slice", good, data.len(), slice_s);
            report("stream", streamed, data.len(), stream_s);
            report("stream into one snapshot", streamed, data.len(), into_s);
            let stream_bad = stream_bad + into_bad;
            if bad + stream_bad > 0 {
                println!("problems: {bad} (slice), {stream_bad} (stream)");
            }
        }
        (Err(e), _, _) => {
            eprintln!("sts_throughput: {e}");
            return ExitCode::FAILURE;
        }
        (_, Err(e), _) | (_, _, Err(e)) => {
            eprintln!("sts_throughput: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
