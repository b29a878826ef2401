//! Measures `-s` CSV export against decode alone on a `.sts` file, with peak memory.
//!
//! ```text
//! export_throughput generate FILE [--mb 100] [--connections 16]   write a .sts file
//! export_throughput decode FILE                                    decode only
//! export_throughput decode-owned FILE                              decode, a new snapshot each
//! export_throughput csv FILE OUT                                   decode + -s CSV
//! ```
//! Each measuring mode prints one line: input bytes, seconds, MB/s of input, output bytes
//! and the process's peak resident memory (VmHWM).

use std::fs::File;
use std::io::BufWriter;
use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chrono::DateTime;
use dtstat::csv_export::CsvExport;
use dtstat::filter::Filter;
use logparse::sts::{
    ConState, ConnectionStats, Kernel, Snapshot, SourceState, SourceStats, StsReader, StsWriter,
    TargetState, TargetStats,
};

/// 2024-01-01T00:00:00Z: the first snapshot's time.
const FIRST_MILLIS: i64 = 1_704_067_200_000;

fn connection(id: u32, second: u64) -> ConnectionStats {
    let busy = second * u64::from(id);
    ConnectionStats {
        connection_id: id,
        replication_set: format!("Replication Set {id}"),
        target_name: format!("target-{id}.example.com"),
        con_peer_address: IpAddr::V4(Ipv4Addr::new(10, 0, (id / 250) as u8, (id % 250) as u8 + 1)),
        connect_time: DateTime::from_timestamp_millis(FIRST_MILLIS - 3_600_000),
        con_state: ConState::Active,
        con_ops_in_ack_queue: busy % 97,
        con_ops_in_rep_queue: busy % 1013,
        con_bytes_in_rep_queue: (busy % 1013) * 4096,
        con_ops_tx: 1_000_000 + busy * 37,
        con_bytes_tx: 14_952_687_269 + busy * 151_357,
        con_bytes_compressed_tx: 9_000_000_000 + busy * 80_123,
        con_ops_rx: 999_000 + busy * 37,
        con_bytes_rx: 14_952_000_000 + busy * 151_357,
        con_bandwidth_limit: 429_496_295,
        con_bytes_skipped: 22_867_624,
        con_mirror_percent: 100.0,
        con_rpt: DateTime::from_timestamp_millis(FIRST_MILLIS + second as i64 * 1000 - 2000),
        con_rpl: 2,
        con_current_time: DateTime::from_timestamp_millis(FIRST_MILLIS + second as i64 * 1000),
        con_mirror_start_time: DateTime::from_timestamp_millis(FIRST_MILLIS - 3_000_000),
        con_mirror_end_time: DateTime::from_timestamp_millis(FIRST_MILLIS - 1_000_000),
        ..ConnectionStats::default()
    }
}

fn snapshot(second: u64, connections: u32) -> Snapshot {
    Snapshot {
        timestamp: DateTime::from_timestamp_millis(FIRST_MILLIS + second as i64 * 1000)
            .unwrap_or_default(),
        system_allocator_total_bytes: 1 << 20,
        iq_allocator_total_bytes: 3 << 20,
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: DateTime::from_timestamp_millis(FIRST_MILLIS - 86_400_000)
                .unwrap_or_default(),
            rep_ops_generated: 436_845 + second * 500,
            rep_bytes_generated: 1_000_000_000 + second * 2_000_000,
            mir_ops_generated: 3_316_423,
            mir_bytes_generated: 108_352_749_214_952,
            ..Kernel::default()
        },
        targets: (1..=2)
            .map(|n| TargetStats {
                peer_address: IpAddr::V4(Ipv4Addr::new(10, 1, 0, n)),
                ops_received: second * 400,
                ..TargetStats::default()
            })
            .collect(),
        source: Some(SourceStats {
            auto_disconnects: 0,
            auto_reconnects: 1,
            last_file_touched: format!("/data/projects/file-{}.dat", second % 1000),
        }),
        connections: (1..=connections).map(|id| connection(id, second)).collect(),
        ..Snapshot::default()
    }
}

fn generate(path: &str, megabytes: u64, connections: u32) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {path}"))?;
    let mut writer = StsWriter::new(BufWriter::new(file))?;
    let mut second = 0;
    while writer.bytes_written() < megabytes * 1_000_000 {
        writer.write_snapshot(&snapshot(second, connections))?;
        second += 1;
    }
    writer.flush()?;
    println!(
        "generated {path}: {} bytes, {second} snapshots of {connections} connections",
        writer.bytes_written()
    );
    Ok(())
}

/// The process's peak resident memory in kB (Linux), 0 where unknown.
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn reader(path: &str) -> Result<StsReader<File>> {
    let file = File::open(path).with_context(|| format!("cannot open {path}"))?;
    Ok(StsReader::new(file)?)
}

/// Decodes every record of `path` into one reused snapshot, as `dtstat -f` does, giving
/// each good snapshot to `each`.
fn for_each_snapshot(path: &str, mut each: impl FnMut(&Snapshot) -> Result<()>) -> Result<u64> {
    let mut reader = reader(path)?;
    let mut snapshot = Snapshot::default();
    let mut count = 0;
    while let Some(item) = reader.next_into(&mut snapshot) {
        if item.is_ok() {
            count += 1;
            each(&snapshot)?;
        }
    }
    Ok(count)
}

fn measure(mode: &str, path: &str, out: Option<&str>) -> Result<()> {
    let input = std::fs::metadata(path)?.len();
    let started = Instant::now();
    let (snapshots_read, output) = match out {
        None => (for_each_snapshot(path, |_| Ok(()))?, 0),
        Some(out) => {
            let file = File::create(out).with_context(|| format!("cannot create {out}"))?;
            let filter = Filter::default();
            let mut csv = CsvExport::connections(&filter, file)?;
            for_each_snapshot(path, |snapshot| Ok(csv.write(snapshot)?))?;
            let summary = csv.finish()?;
            (summary.snapshots, std::fs::metadata(out)?.len())
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{mode}: {input} bytes in, {snapshots_read} snapshots, {seconds:.3} s, {:.0} MB/s, {output} bytes out, peak {} kB",
        input as f64 / 1e6 / seconds,
        peak_kb()
    );
    Ok(())
}

fn run(args: &[String]) -> Result<()> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["generate", path, rest @ ..] => {
            let (mut mb, mut connections) = (100, 16);
            for pair in rest.chunks(2) {
                match pair {
                    ["--mb", n] => mb = n.parse()?,
                    ["--connections", n] => connections = n.parse()?,
                    _ => bail!("unknown option {pair:?}"),
                }
            }
            generate(path, mb, connections)
        }
        ["decode", path] => measure("decode", path, None),
        ["decode-owned", path] => {
            // The iterator API: a new snapshot per record, as the sub-agent reads.
            let started = Instant::now();
            let count = reader(path)?.filter_map(Result::ok).count();
            let seconds = started.elapsed().as_secs_f64();
            println!("decode-owned: {count} snapshots, {seconds:.3} s");
            Ok(())
        }
        ["csv", path, out] => measure("decode+csv", path, Some(out)),
        _ => bail!("usage: export_throughput generate FILE [--mb N] [--connections N] | decode FILE | decode-owned FILE | csv FILE OUT"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export_throughput: {e:#}");
            ExitCode::FAILURE
        }
    }
}
