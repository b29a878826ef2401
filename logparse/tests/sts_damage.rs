//! Damaged data: torn tails, flipped bits, absurd lengths, garbage, concatenation.
//! Whatever the damage, both decoders report the same problems and keep every intact record.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::DateTime;
use logparse::sts::{
    decode_all, encode_header, encode_record, ConState, ConnectionStats, Decoded, Problem,
    ProblemKind, Snapshot, SourceStats, StsReader, TargetStats, FRAME_HEADER_LEN, HEADER_LEN,
    MAX_RECORD_LEN, SYNC_MARKER,
};
use proptest::collection::vec;
use proptest::prelude::*;

#[path = "support/chunked.rs"]
mod chunked;
use chunked::Chunked;

fn snapshot(i: u64) -> Snapshot {
    let at = |secs: i64| DateTime::from_timestamp_millis(1_500_000_000_000 + secs * 1000);
    Snapshot {
        timestamp: at(i as i64).expect("valid time"),
        system_allocator_total_bytes: 1 << 20,
        targets: vec![TargetStats {
            peer_address: IpAddr::V4(Ipv4Addr::new(10, 10, 1, 104)),
            local_address: IpAddr::V4(Ipv4Addr::new(10, 10, 1, 105)),
            ops_received: 25 + i,
            mirror_ops_received: 23,
            ..Default::default()
        }],
        source: Some(SourceStats {
            auto_reconnects: 1,
            last_file_touched: format!("/log/data file {i}"),
            ..Default::default()
        }),
        connections: (1..=2)
            .map(|id| ConnectionStats {
                connection_id: id,
                replication_set: "FilesAndFolders".into(),
                target_name: "BETA".into(),
                con_peer_address: IpAddr::V6(Ipv6Addr::LOCALHOST),
                connect_time: at(-60),
                con_state: ConState::Active,
                con_bytes_tx: 14_952_687_269 + i,
                con_mirror_percent: 100.0,
                con_rpt: at(i as i64 - 2),
                con_rpl: 2,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// A file of `count` records, and the offset of each record.
fn file(count: u64) -> (Vec<u8>, Vec<usize>) {
    let mut data = Vec::new();
    encode_header(&mut data);
    let mut offsets = Vec::new();
    for i in 0..count {
        offsets.push(data.len());
        encode_record(&snapshot(i), &mut data).expect("encodes");
    }
    (data, offsets)
}

/// Decodes with the slice decoder and the streaming decoder, checks they agree, returns the result.
fn decode_both(data: &[u8]) -> Decoded {
    let decoded = decode_all(data).expect("valid header");
    for chunk in [7, 4096] {
        let reader = StsReader::new(Chunked { data, chunk }).expect("valid header");
        let mut snapshots = Vec::new();
        let mut problems = Vec::new();
        for item in reader {
            match item {
                Ok(snapshot) => snapshots.push(snapshot),
                Err(problem) => problems.push(problem),
            }
        }
        let expected: Vec<&Snapshot> = decoded.snapshots.iter().map(|(_, s)| s).collect();
        assert_eq!(
            snapshots.iter().collect::<Vec<_>>(),
            expected,
            "stream snapshots"
        );
        assert_eq!(problems, decoded.problems, "stream problems");
    }
    decoded
}

fn expected_records(offsets: &[usize], lost: &[usize]) -> Vec<(u64, Snapshot)> {
    (0..offsets.len())
        .filter(|i| !lost.contains(i))
        .map(|i| (offsets[i] as u64, snapshot(i as u64)))
        .collect()
}

fn problem(offset: usize, kind: ProblemKind) -> Problem {
    Problem {
        offset: offset as u64,
        kind,
    }
}

#[test]
fn truncation_anywhere_in_the_last_record_is_one_torn_tail() {
    let (data, offsets) = file(3);
    let last = offsets[2];
    let earlier = expected_records(&offsets, &[2]);
    let clean = decode_both(&data[..last]);
    assert_eq!(clean.snapshots, earlier);
    assert!(clean.problems.is_empty());
    for cut in last + 1..data.len() {
        let decoded = decode_both(&data[..cut]);
        assert_eq!(decoded.snapshots, earlier, "cut at {cut}");
        assert_eq!(
            decoded.problems,
            vec![problem(last, ProblemKind::TornTail)],
            "cut at {cut}"
        );
    }
}

#[test]
fn a_flipped_bit_in_every_byte_of_the_middle_record_loses_only_that_record() {
    let (data, offsets) = file(5);
    let (start, end) = (offsets[2], offsets[3]);
    let others = expected_records(&offsets, &[2]);
    for byte in start..end {
        // Every bit of the frame header; one bit per payload byte, varying with the byte.
        let bits = if byte < start + FRAME_HEADER_LEN {
            0..8
        } else {
            byte % 8..byte % 8 + 1
        };
        for bit in bits {
            let mut damaged = data.clone();
            damaged[byte] ^= 1 << bit;
            let decoded = decode_both(&damaged);
            assert_eq!(decoded.snapshots, others, "bit {bit} of byte {byte}");
            assert_eq!(decoded.problems.len(), 1, "bit {bit} of byte {byte}");
            assert_eq!(
                decoded.problems[0].offset, start as u64,
                "bit {bit} of byte {byte}"
            );
            let expected_kind = match byte - start {
                0..4 => "BadSync",
                4..12 => "BadLength",
                _ => "BadChecksum",
            };
            assert!(
                format!("{:?}", decoded.problems[0].kind).starts_with(expected_kind),
                "bit {bit} of byte {byte}: {:?}",
                decoded.problems[0].kind
            );
        }
    }
}

#[test]
fn a_flipped_bit_in_the_first_or_last_record_loses_only_that_record() {
    let (data, offsets) = file(3);
    for (record, start, end) in [(0, offsets[0], offsets[1]), (2, offsets[2], data.len())] {
        let others = expected_records(&offsets, &[record]);
        for byte in start..end {
            let mut damaged = data.clone();
            damaged[byte] ^= 1 << (byte % 8);
            let decoded = decode_both(&damaged);
            assert_eq!(decoded.snapshots, others, "byte {byte}");
            assert_eq!(decoded.problems.len(), 1, "byte {byte}");
            assert_eq!(decoded.problems[0].offset, start as u64, "byte {byte}");
        }
    }
}

/// Replaces the length fields of the record at `at` with `length` and `inverted`.
fn set_length(data: &mut [u8], at: usize, length: u32, inverted: u32) {
    data[at + 4..at + 8].copy_from_slice(&length.to_le_bytes());
    data[at + 8..at + 12].copy_from_slice(&inverted.to_le_bytes());
}

#[test]
fn absurd_lengths_are_rejected_by_limit_and_decoding_resumes() {
    let (data, offsets) = file(3);
    let over = MAX_RECORD_LEN as u32 + 1;
    for (length, inverted) in [(0xFFFF_FFF0, !0xFFFF_FFF0), (0xFFFF_FFF0, 0), (over, !over)] {
        let mut damaged = data.clone();
        set_length(&mut damaged, offsets[1], length, inverted);
        let decoded = decode_both(&damaged);
        assert_eq!(decoded.snapshots, expected_records(&offsets, &[1]));
        assert_eq!(
            decoded.problems,
            vec![problem(offsets[1], ProblemKind::BadLength { length })]
        );
    }
}

#[test]
fn a_huge_but_legal_length_at_the_end_is_a_torn_tail() {
    let (mut data, offsets) = file(2);
    let max = MAX_RECORD_LEN as u32;
    set_length(&mut data, offsets[1], max, !max);
    let decoded = decode_both(&data);
    assert_eq!(decoded.snapshots, expected_records(&offsets, &[1]));
    assert_eq!(
        decoded.problems,
        vec![problem(offsets[1], ProblemKind::TornTail)]
    );
}

#[test]
fn a_record_cut_short_by_a_later_write_is_a_bad_checksum_and_the_later_records_kept() {
    let (data, offsets) = file(4);
    let half = offsets[1] + (offsets[2] - offsets[1]) / 2;
    let mut damaged = data[..half].to_vec();
    damaged.extend_from_slice(&data[offsets[2]..]);
    let decoded = decode_both(&damaged);
    let shift = (offsets[2] - half) as u64;
    let kept: Vec<(u64, Snapshot)> = expected_records(&offsets, &[1])
        .into_iter()
        .map(|(at, s)| {
            if at > half as u64 {
                (at - shift, s)
            } else {
                (at, s)
            }
        })
        .collect();
    assert_eq!(decoded.snapshots, kept);
    assert_eq!(
        decoded.problems,
        vec![problem(offsets[1], ProblemKind::BadChecksum)]
    );
}

#[test]
fn a_record_cut_short_and_reaching_past_the_end_is_a_bad_length_not_a_torn_tail() {
    let mut big = snapshot(1);
    big.connections = (0..20).map(|_| big.connections[0].clone()).collect();
    let mut data = Vec::new();
    encode_header(&mut data);
    encode_record(&snapshot(0), &mut data).expect("encodes");
    let big_at = data.len();
    encode_record(&big, &mut data).expect("encodes");
    let length = (data.len() - big_at - FRAME_HEADER_LEN) as u32;
    data.truncate(big_at + (data.len() - big_at) / 2);
    let small_at = data.len();
    encode_record(&snapshot(2), &mut data).expect("encodes");
    let decoded = decode_both(&data);
    let kept = vec![
        (HEADER_LEN as u64, snapshot(0)),
        (small_at as u64, snapshot(2)),
    ];
    assert_eq!(decoded.snapshots, kept);
    assert_eq!(
        decoded.problems,
        vec![problem(big_at, ProblemKind::BadLength { length })]
    );
}

#[test]
fn garbage_between_records_is_one_bad_sync() {
    let (data, offsets) = file(3);
    let mut damaged = data[..offsets[1]].to_vec();
    damaged.extend_from_slice(
        b"garbage with a fake marker \xFF\xA5SR\x01\x00\x00\x00\xfe\xff\xff\xff",
    );
    damaged.extend_from_slice(&SYNC_MARKER[..3]);
    let shift = damaged.len() - offsets[1];
    damaged.extend_from_slice(&data[offsets[1]..]);
    let decoded = decode_both(&damaged);
    let kept: Vec<(u64, Snapshot)> = expected_records(&offsets, &[])
        .into_iter()
        .map(|(at, s)| {
            if at > offsets[0] as u64 {
                (at + shift as u64, s)
            } else {
                (at, s)
            }
        })
        .collect();
    assert_eq!(decoded.snapshots, kept);
    assert_eq!(
        decoded.problems,
        vec![problem(offsets[1], ProblemKind::BadSync)]
    );
}

#[test]
fn concatenated_files_decode_without_problems() {
    let (data, offsets) = file(2);
    let mut joined = data.clone();
    joined.extend_from_slice(&data);
    let decoded = decode_both(&joined);
    let second: Vec<(u64, Snapshot)> = expected_records(&offsets, &[])
        .into_iter()
        .map(|(at, s)| (at + data.len() as u64, s))
        .collect();
    assert_eq!(
        decoded.snapshots,
        [expected_records(&offsets, &[]), second].concat()
    );
    assert!(decoded.problems.is_empty());
}

#[test]
fn a_header_alone_or_a_torn_repeated_header_is_handled() {
    let (data, _) = file(0);
    assert_eq!(data.len(), HEADER_LEN);
    assert_eq!(decode_both(&data), Decoded::default());
    let mut torn = data.clone();
    torn.extend_from_slice(&data[..9]);
    assert_eq!(
        decode_both(&torn).problems,
        vec![problem(HEADER_LEN, ProblemKind::TornTail)]
    );
}

/// One random edit of a file.
#[derive(Debug, Clone)]
enum Edit {
    Flip { at: usize, bit: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Truncate { at: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip { at, bit }),
        (any::<usize>(), vec(any::<u8>(), 1..40))
            .prop_map(|(at, bytes)| Edit::Insert { at, bytes }),
        (any::<usize>(), 1usize..300).prop_map(|(at, len)| Edit::Delete { at, len }),
        any::<usize>().prop_map(|at| Edit::Truncate { at }),
    ]
}

/// Applies `edit` to the records area of `data` (the header is left alone).
fn apply(data: &mut Vec<u8>, edit: &Edit) {
    let span = data.len() - HEADER_LEN + 1;
    match edit {
        Edit::Flip { at, bit } if data.len() > HEADER_LEN => {
            let at = HEADER_LEN + at % (data.len() - HEADER_LEN);
            data[at] ^= 1 << bit;
        }
        Edit::Flip { .. } => {}
        Edit::Insert { at, bytes } => {
            let at = HEADER_LEN + at % span;
            data.splice(at..at, bytes.iter().copied());
        }
        Edit::Delete { at, len } => {
            let at = HEADER_LEN + at % span;
            let end = (at + len).min(data.len());
            data.drain(at..end);
        }
        Edit::Truncate { at } => data.truncate(HEADER_LEN + at % span),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_damage_leaves_both_decoders_in_agreement(edits in vec(edit(), 1..4)) {
        let (mut data, _) = file(4);
        for edit in &edits {
            apply(&mut data, edit);
        }
        let decoded = decode_both(&data);
        let offsets: Vec<u64> = decoded.snapshots.iter().map(|(at, _)| *at)
            .chain(decoded.problems.iter().map(|p| p.offset))
            .collect();
        let mut sorted = offsets.clone();
        sorted.sort_unstable();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), offsets.len(), "each offset is reported once");
        prop_assert!(decoded.problems.iter().filter(|p| p.kind == ProblemKind::TornTail).count() <= 1);
    }
}
