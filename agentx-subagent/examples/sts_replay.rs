//! A stand-in engine stats port for bench/snmp.sh: records an `.sts` with a snapshot of
//! CONNECTIONS connections to FILE, then serves that recording on a free loopback port
//! (prints `HOST:PORT` on stdout): every client gets the file's bytes and the
//! connection is held open, as an idle engine would. Runs until killed.
//! Usage: sts_replay FILE CONNECTIONS

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::process::ExitCode;

use chrono::{Duration, TimeZone, Utc};
use logparse::sts::{ConState, ConnectionStats, Kernel, Snapshot, SourceState, StsWriter};

fn snapshot(connections: u32) -> Snapshot {
    let start = Utc
        .with_ymd_and_hms(2025, 3, 1, 8, 0, 0)
        .single()
        .unwrap_or_default();
    Snapshot {
        timestamp: start + Duration::seconds(3600),
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            start_time: start,
            ..Kernel::default()
        },
        connections: (1..=connections)
            .map(|id| ConnectionStats {
                connection_id: id,
                replication_set: format!("set{id}"),
                target_name: format!("target{id}"),
                con_peer_address: IpAddr::V4(Ipv4Addr::new(10, 1, (id >> 8) as u8, id as u8)),
                con_state: ConState::ALL[id as usize % ConState::ALL.len()],
                con_ops_tx: u64::from(id) * 1000,
                con_bytes_tx: u64::from(id) << 33,
                ..ConnectionStats::default()
            })
            .collect(),
        ..Snapshot::default()
    }
}

fn run(file: &str, connections: u32) -> Result<(), Box<dyn std::error::Error>> {
    let mut writer = StsWriter::new(std::fs::File::create(file)?)?;
    writer.write_snapshot(&snapshot(connections))?;
    writer.flush()?;
    drop(writer);
    let recording = std::fs::read(file)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    let mut clients: Vec<TcpStream> = Vec::new();
    for stream in listener.incoming() {
        let mut stream = stream?;
        if stream.write_all(&recording).is_ok() {
            clients.push(stream);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(Ok(connections))) = (args.first(), args.get(1).map(|n| n.parse())) else {
        eprintln!("usage: sts_replay FILE CONNECTIONS");
        return ExitCode::from(2);
    };
    match run(file, connections) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sts_replay: {e}");
            ExitCode::FAILURE
        }
    }
}
