//! The streaming decoder over real I/O: a stats-port TCP connection and a statistics file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;

use chrono::DateTime;
use logparse::sts::{
    decode_all, encode_record, Problem, ProblemKind, Snapshot, StsReader, StsWriter, HEADER_LEN,
};

fn snapshot(i: i64) -> Snapshot {
    Snapshot {
        timestamp: DateTime::from_timestamp_millis(1_500_000_000_000 + i).expect("valid time"),
        system_allocator_total_bytes: i as u64,
        ..Default::default()
    }
}

#[test]
fn snapshots_arrive_live_over_tcp_and_a_cut_connection_is_a_torn_tail() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("local address");
    let (next_tx, next_rx) = mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let (socket, _) = listener.accept().expect("accept");
        let mut writer = StsWriter::new(socket).expect("header sent");
        writer.write_snapshot(&snapshot(1)).expect("sent");
        // The client must get the first snapshot before a second one exists.
        next_rx.recv().expect("client asks for more");
        writer.write_snapshot(&snapshot(2)).expect("sent");
        let mut torn = Vec::new();
        encode_record(&snapshot(3), &mut torn).expect("encodes");
        let sent = writer.bytes_written();
        let mut socket = writer.into_inner();
        socket.write_all(&torn[..torn.len() / 2]).expect("sent");
        sent
    });
    let mut reader = StsReader::new(TcpStream::connect(address).expect("connect")).expect("header");
    assert_eq!(reader.next(), Some(Ok(snapshot(1))));
    next_tx.send(()).expect("server waits");
    assert_eq!(reader.next(), Some(Ok(snapshot(2))));
    let torn_at = server.join().expect("server ran");
    let torn = Problem {
        offset: torn_at,
        kind: ProblemKind::TornTail,
    };
    assert_eq!(reader.next(), Some(Err(torn)));
    assert_eq!(reader.next(), None);
}

#[test]
fn a_statistics_file_reads_the_same_through_both_decoders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("statistic.sts");
    let mut writer = StsWriter::new(BufWriter::new(File::create(&path).expect("create")))
        .expect("header written");
    let snapshots: Vec<Snapshot> = (0..50).map(snapshot).collect();
    for s in &snapshots {
        writer.write_snapshot(s).expect("written");
    }
    writer.flush().expect("flushed");
    let written = writer.bytes_written();
    drop(writer);

    let bytes = std::fs::read(&path).expect("read back");
    assert_eq!(bytes.len() as u64, written);
    let decoded = decode_all(&bytes).expect("valid header");
    assert_eq!(decoded.snapshots[0].0, HEADER_LEN as u64);
    let from_slice: Vec<Snapshot> = decoded.snapshots.into_iter().map(|(_, s)| s).collect();
    assert_eq!(from_slice, snapshots);

    let reader = StsReader::new(File::open(&path).expect("open")).expect("valid header");
    let from_stream: Result<Vec<Snapshot>, Problem> = reader.collect();
    assert_eq!(from_stream, Ok(snapshots));
}
