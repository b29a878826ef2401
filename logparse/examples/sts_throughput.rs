//! Measures `.sts` decode throughput of the slice decoder and the streaming decoder.
//!
//! `cargo run --release -p logparse --example sts_throughput -- [--mb 100] [FILE]`
//! decodes FILE, or without one ~N MB of generated snapshots (2 targets, 3 connections).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{DateTime, Duration};
use logparse::sts::{
    encode_header, encode_record, records, ConState, ConnectionStats, Kernel, Security, Snapshot,
    SourceState, SourceStats, StsReader, TargetState, TargetStats,
};

/// The `i`-th snapshot of a busy server: two peers, three connections, growing counters.
fn realistic(i: u64) -> Snapshot {
    let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let now = start + Duration::seconds(i as i64);
    let target = |peer: u8| TargetStats {
        peer_address: IpAddr::V4(Ipv4Addr::new(10, 10, 1, peer)),
        local_address: IpAddr::V4(Ipv4Addr::new(10, 10, 1, 200)),
        ops_received: 25_000 + i * 40,
        mirror_ops_received: 3_316_423,
        retries: i / 1000,
        ops_remaining: i % 500,
        orphan_files_removed: 12,
        orphan_bytes_removed: 1_048_576,
        bytes_in_target_queue: (i % 64) << 20,
        bytes_in_target_disk_queue: (i % 8) << 24,
        tasks_succeeded: 4,
        ..TargetStats::default()
    };
    let connection = |id: u32| ConnectionStats {
        connection_id: id,
        replication_set: format!("FilesAndFolders{id}"),
        target_name: "BETA".to_owned(),
        con_peer_address: IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, id as u16)),
        connect_time: Some(start),
        con_state: if id == 3 {
            ConState::ScheduledAndError
        } else {
            ConState::Active
        },
        con_ops_in_cmd_queue: i % 7,
        con_ops_in_ack_queue: i % 300,
        con_ops_in_rep_queue: i % 1200,
        con_bytes_in_rep_queue: (i % 1200) * 4096,
        con_ops_tx: 27 + i * 130,
        con_bytes_tx: 14_952_687_269 + i * 532_000,
        con_bytes_compressed_tx: 4_952_687_269 + i * 210_000,
        con_ops_rx: 201_127 + i * 130,
        con_bytes_rx: 647_062_280 + i * 532_000,
        con_bytes_in_disk_queue: (i % 16) << 20,
        con_bandwidth_limit: 429_496_295,
        con_bytes_skipped: 22_867_624,
        con_mirror_percent: 100.0,
        con_rpt: Some(now - Duration::seconds(2)),
        con_rpl: 2,
        con_current_time: Some(now),
        con_mirror_start_time: Some(start),
        con_mirror_end_time: Some(start + Duration::seconds(3_600)),
        ..ConnectionStats::default()
    };
    Snapshot {
        timestamp: now,
        system_allocator_total_bytes: 268_435_456,
        iq_allocator_total_bytes: (i % 100) << 20,
        security: Security {
            logins: 3,
            failed_logins: 1,
        },
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: start,
            rep_ops_generated: 436_845 + i * 390,
            rep_bytes_generated: 1_596_000_000 + i * 1_596_000,
            mir_ops_generated: 3_316_423,
            mir_bytes_generated: 108_352_749_214_952,
            driver_queue_percent: i % 100,
            ..Kernel::default()
        },
        targets: vec![target(104), target(105)],
        source: Some(SourceStats {
            auto_disconnects: 1,
            auto_reconnects: 1,
            last_file_touched: format!("/srv/data/projects/report-{}.docx", i % 1000),
        }),
        connections: (1..=3).map(connection).collect(),
    }
}

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
