//! The byte format itself: a golden encoding, forward compatibility, and files that are not `.sts`.

use std::io::Cursor;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::DateTime;
use logparse::sts::{
    decode_all, encode_header, encode_record, ConState, ConnectionStats, HeaderError, Kernel,
    PayloadError, Problem, ProblemKind, Security, Snapshot, SourceState, SourceStats, StsError,
    StsReader, TargetState, TargetStats, FRAME_HEADER_LEN, HEADER_LEN, MAGIC, SYNC_MARKER,
};

/// The snapshot of the guide's sample DTStat output (one target, one connection).
fn guide_sample() -> Snapshot {
    let at = |text: &str| {
        DateTime::parse_from_rfc3339(text)
            .expect("valid time")
            .to_utc()
    };
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
            con_peer_address: IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 0x104)),
            connect_time: Some(at("2007-09-11T12:45:34Z")),
            con_state: ConState::ScheduledAndError,
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
            ..Default::default()
        }],
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Header and one record of [`guide_sample`]; changing these bytes breaks every file written so far.
const GOLDEN: &[&str] = &[
    "895354530d0a1a0a010000001c67f3f3ffa5535213010000ecfeffff22e2ebc1010708a8a1a1dd864b02020800030208",
    "0004040801100005280802100118e0a9d2c99e4520edd41a280030c7b5ca0138e8b982b9bdd118400048005000580060",
    "0006260a040a0a016812040a0a016818192017280030003800400048005000580060006800700078000714080010011a",
    "0e2f6c6f672f646174612066696c650891010802120f46696c6573416e64466f6c646572731a04424554412210fd0000",
    "0000000000000000000000010428e0a6d3c99e45300c38004000480050005800601b680070a5cdffd93778e8748001a7",
    "a30c880188c6c5b402900100980100a001e7afe6cc01a801a8ddf30ab00100b9010000000000005940c00100c80100d0",
    "0100d80100e00100e801f0fea0dd864bf00102",
];

#[test]
fn golden_encoding_of_the_guide_sample() {
    let mut data = Vec::new();
    encode_header(&mut data);
    encode_record(&guide_sample(), &mut data).expect("encodes");
    assert_eq!(hex(&data), GOLDEN.concat());
    let decoded = decode_all(&data).expect("valid header");
    assert_eq!(decoded.snapshots, vec![(HEADER_LEN as u64, guide_sample())]);
    assert!(decoded.problems.is_empty());
}

// An independent reading of FORMAT-sts.md, used to build records the encoder never writes.

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0;
    for shift in (0..64).step_by(7) {
        let byte = bytes[*at];
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
    }
    value
}

/// A record's frame around `payload`.
fn frame(payload: &[u8]) -> Vec<u8> {
    let length = payload.len() as u32;
    let mut out = SYNC_MARKER.to_vec();
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&(!length).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// A section: tag, varint body length, body.
fn section(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    put_varint(&mut out, body.len() as u64);
    out.extend_from_slice(body);
    out
}

/// A field key: field number × 8 + wire type.
fn key(out: &mut Vec<u8>, field: u64, wire_type: u64) {
    put_varint(out, field * 8 + wire_type);
}

/// The sections of a payload, in order.
fn sections(payload: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < payload.len() {
        let tag = payload[at];
        at += 1;
        let len = read_varint(payload, &mut at) as usize;
        out.push((tag, payload[at..at + len].to_vec()));
        at += len;
    }
    out
}

fn file_of(records: &[Vec<u8>]) -> Vec<u8> {
    let mut data = Vec::new();
    encode_header(&mut data);
    for record in records {
        data.extend_from_slice(record);
    }
    data
}

fn encoded(snapshot: &Snapshot) -> Vec<u8> {
    let mut record = Vec::new();
    encode_record(snapshot, &mut record).expect("encodes");
    record
}

#[test]
fn unknown_sections_and_fields_are_skipped_and_known_ones_kept() {
    let record = encoded(&guide_sample());
    let mut payload = section(9, b"a section from a later minor version");
    for (tag, mut body) in sections(&record[FRAME_HEADER_LEN..]) {
        key(&mut body, 1000, 0);
        put_varint(&mut body, u64::MAX);
        key(&mut body, 1001, 1);
        body.extend_from_slice(&1.5f64.to_bits().to_le_bytes());
        key(&mut body, 1002, 2);
        put_varint(&mut body, 3);
        body.extend_from_slice(b"new");
        payload.extend_from_slice(&section(tag, &body));
        payload.extend_from_slice(&section(200, &[]));
    }
    payload.extend_from_slice(&section(255, &[0xFF; 300]));
    let data = file_of(&[frame(&payload)]);
    let decoded = decode_all(&data).expect("valid header");
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    assert_eq!(decoded.snapshots, vec![(HEADER_LEN as u64, guide_sample())]);
}

#[test]
fn absent_sections_and_fields_read_as_defaults() {
    let mut body = Vec::new();
    key(&mut body, 1, 0);
    put_varint(&mut body, 7);
    let data = file_of(&[frame(&section(8, &body)), frame(&[])]);
    let decoded = decode_all(&data).expect("valid header");
    let connection = ConnectionStats {
        connection_id: 7,
        ..Default::default()
    };
    let only_connection = Snapshot {
        connections: vec![connection],
        ..Default::default()
    };
    let offsets = (
        HEADER_LEN as u64,
        (HEADER_LEN + FRAME_HEADER_LEN + 2 + body.len()) as u64,
    );
    assert_eq!(
        decoded.snapshots,
        vec![
            (offsets.0, only_connection),
            (offsets.1, Snapshot::default())
        ]
    );
}

/// The file [good, bad, good], decoded; the bad record's problem must be `expected`.
fn assert_only_middle_undecodable(bad_payload: &[u8], expected: PayloadError) {
    let good = encoded(&guide_sample());
    let data = file_of(&[good.clone(), frame(bad_payload), good.clone()]);
    let decoded = decode_all(&data).expect("valid header");
    let bad_at = HEADER_LEN + good.len();
    let last_at = bad_at + FRAME_HEADER_LEN + bad_payload.len();
    assert_eq!(
        decoded.snapshots,
        vec![
            (HEADER_LEN as u64, guide_sample()),
            (last_at as u64, guide_sample())
        ]
    );
    let problem = Problem {
        offset: bad_at as u64,
        kind: ProblemKind::UndecodablePayload(expected),
    };
    assert_eq!(decoded.problems, vec![problem.clone()]);
    let streamed: Vec<_> = StsReader::new(Cursor::new(&data))
        .expect("valid header")
        .collect();
    assert_eq!(
        streamed,
        vec![Ok(guide_sample()), Err(problem), Ok(guide_sample())]
    );
}

#[test]
fn intact_records_with_undefined_values_are_reported_and_skipped() {
    let field = |number: u64, wire_type: u64, value: &[u8]| {
        let mut body = Vec::new();
        key(&mut body, number, wire_type);
        body.extend_from_slice(value);
        body
    };
    let cases = [
        (
            section(8, &field(6, 0, &[3])),
            PayloadError::InvalidConState(3),
        ),
        (
            section(5, &field(1, 0, &[3])),
            PayloadError::InvalidSourceState(3),
        ),
        (
            section(5, &field(2, 0, &[2])),
            PayloadError::InvalidTargetState(2),
        ),
        (
            section(8, &field(1, 0, &[0x80, 0x80, 0x80, 0x80, 0x10])),
            PayloadError::ValueOutOfRange {
                section: 8,
                field: 1,
                value: 1 << 32,
            },
        ),
        (
            section(6, &field(1, 2, &[3, 10, 0, 0])),
            PayloadError::BadAddressLength {
                section: 6,
                field: 1,
                len: 3,
            },
        ),
        (
            section(7, &field(3, 2, &[2, 0xC3, 0x28])),
            PayloadError::InvalidUtf8 {
                section: 7,
                field: 3,
            },
        ),
        (
            section(
                5,
                &field(
                    3,
                    0,
                    &[0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
                ),
            ),
            PayloadError::TimeOutOfRange {
                section: 5,
                field: 3,
                millis: i64::MAX,
            },
        ),
        (
            section(4, &field(1, 2, &[0])),
            PayloadError::WrongWireType {
                section: 4,
                field: 1,
                wire_type: 2,
            },
        ),
        (
            section(4, &field(1, 5, &[0])),
            PayloadError::UnknownWireType { wire_type: 5 },
        ),
        (section(4, &field(1, 0, &[])), PayloadError::Truncated),
        (vec![4, 10, 8, 1], PayloadError::Truncated),
        (
            section(4, &field(1, 0, &[0xFF; 10])),
            PayloadError::VarintTooLong,
        ),
    ];
    for (payload, expected) in cases {
        assert_only_middle_undecodable(&payload, expected);
    }
}

fn header(major: u16, minor: u16) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&major.to_le_bytes());
    out.extend_from_slice(&minor.to_le_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

#[test]
fn data_that_is_not_a_readable_sts_stream_is_a_header_error() {
    let mut own = Vec::new();
    encode_header(&mut own);
    let mut damaged = own.clone();
    damaged[8] ^= 0x04;
    let mut other_magic = own.clone();
    other_magic[1] = b'T';
    let cases: Vec<(Vec<u8>, HeaderError)> = vec![
        (
            b"Date,Time,conPeerAddress\r\n".to_vec(),
            HeaderError::BadMagic,
        ),
        (other_magic, HeaderError::BadMagic),
        (Vec::new(), HeaderError::Truncated { len: 0 }),
        (own[..12].to_vec(), HeaderError::Truncated { len: 12 }),
        (damaged, HeaderError::BadChecksum),
        (
            header(2, 0),
            HeaderError::UnsupportedVersion { major: 2, minor: 0 },
        ),
        (
            header(0, 9),
            HeaderError::UnsupportedVersion { major: 0, minor: 9 },
        ),
    ];
    for (data, expected) in cases {
        assert_eq!(decode_all(&data).err(), Some(expected.clone()));
        match StsReader::new(Cursor::new(&data)) {
            Err(StsError::Header(error)) => assert_eq!(error, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
    }
    assert_eq!(HeaderError::GUIDE_ERROR_CODE, 143);
}

#[test]
fn a_later_minor_version_is_read() {
    let mut data = header(1, 4);
    data.extend_from_slice(&encoded(&guide_sample()));
    let decoded = decode_all(&data).expect("minor versions are compatible");
    assert_eq!(decoded.snapshots, vec![(HEADER_LEN as u64, guide_sample())]);
}
