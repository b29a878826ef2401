//! Shared by the core tests: the guide's sample snapshot, `.sts` files, a stats-port
//! server that sends a real stream, and the `dtstat` binary.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::Path;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use assert_cmd::Command;
use chrono::{DateTime, TimeDelta, Utc};
use logparse::sts::{
    ConState, ConnectionStats, Kernel, Security, Snapshot, SourceState, SourceStats, StsWriter,
    TargetState, TargetStats,
};

/// A UTC time from RFC 3339 text.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid time")
        .to_utc()
}

/// The snapshot behind the guide's sample DTStat output (one target, one connection).
pub fn guide_sample() -> Snapshot {
    let address = IpAddr::V4(Ipv4Addr::new(10, 10, 1, 104));
    Snapshot {
        timestamp: at("2010-11-10T12:48:05.204Z"),
        system_allocator_total_bytes: 0,
        iq_allocator_total_bytes: 0,
        security: Security {
            logins: 1,
            failed_logins: 0,
        },
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: at("2007-09-11T12:45:26Z"),
            rep_ops_generated: 436_845,
            mir_ops_generated: 3_316_423,
            mir_bytes_generated: 108_352_749_214_952,
            ..Default::default()
        },
        targets: vec![TargetStats {
            peer_address: address,
            local_address: address,
            ops_received: 25,
            mirror_ops_received: 23,
            ..Default::default()
        }],
        source: Some(SourceStats {
            auto_disconnects: 0,
            auto_reconnects: 1,
            last_file_touched: "/log/data file".into(),
        }),
        connections: vec![ConnectionStats {
            connection_id: 2,
            replication_set: "FilesAndFolders".into(),
            target_name: "BETA".into(),
            con_peer_address: address,
            connect_time: Some(at("2007-09-11T12:45:34Z")),
            con_state: ConState::Active,
            con_ops_tx: 27,
            con_bytes_tx: 14_952_687_269,
            con_bytes_compressed_tx: 14_952,
            con_ops_rx: 201_127,
            con_bytes_rx: 647_062_280,
            con_bandwidth_limit: 429_496_295,
            con_bytes_skipped: 22_867_624,
            con_mirror_percent: 100.0,
            con_rpt: Some(at("2010-11-10T12:48:03Z")),
            con_rpl: 2,
            con_current_time: Some(at("2010-11-10T12:48:05Z")),
            con_mirror_start_time: Some(at("2007-09-11T12:45:40Z")),
            ..Default::default()
        }],
    }
}

/// `count` snapshots a second apart; `changes` says which of them move conBytesTx.
pub fn series(changes: &[bool]) -> Vec<Snapshot> {
    let mut snapshot = guide_sample();
    changes
        .iter()
        .map(|changed| {
            snapshot.timestamp += TimeDelta::seconds(1);
            snapshot.connections[0].con_current_time = Some(snapshot.timestamp);
            if *changed {
                snapshot.connections[0].con_bytes_tx += 1000;
            }
            snapshot.clone()
        })
        .collect()
}

/// The bytes of a `.sts` stream holding `snapshots`.
pub fn sts_bytes(snapshots: &[Snapshot]) -> Vec<u8> {
    let mut writer = StsWriter::new(Vec::new()).expect("header");
    for snapshot in snapshots {
        writer.write_snapshot(snapshot).expect("encodes");
    }
    writer.into_inner()
}

/// Writes `snapshots` as a `.sts` file at `path`.
pub fn write_sts(path: &Path, snapshots: &[Snapshot]) {
    std::fs::write(path, sts_bytes(snapshots)).expect("writes the file");
}

/// A stats port on loopback for one client: it reads the client's request line, sends
/// `stream`, and closes. The handle returns the request line.
pub fn serve(stream: Vec<u8>) -> (u16, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("address").port();
    let handle = thread::spawn(move || {
        let (socket, _) = listener.accept().expect("a client connects");
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut request = String::new();
        BufReader::new(&socket)
            .read_line(&mut request)
            .expect("reads the request");
        (&socket).write_all(&stream).expect("sends the stream");
        request
    });
    (port, handle)
}

/// The `dtstat` binary with the time zone fixed to UTC and no DT.conf.
pub fn dtstat() -> Command {
    let mut command = Command::cargo_bin("dtstat").expect("dtstat is built");
    command
        .env("TZ", "UTC")
        .env("DT_CONF", "/nonexistent/DT.conf")
        .timeout(Duration::from_secs(30));
    command
}
