//! A damaged journal is reported as such, naming the file and the record's offset,
//! never as a panic or a wrong operation; the operations before the damage come out.

mod replication_queue_support;

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

use engine::replication::queue::{Damage, OpQueue, QueueError};
use engine::replication::Operation;
use proptest::prelude::*;
use replication_queue_support::*;

/// Operations pushed before the damage.
const OPS: u64 = 8;

/// A queue with everything in one journal file, the first seven records written out
/// (the eighth push writes the buffer), each `record` bytes.
struct Spilled {
    _dir: tempfile::TempDir,
    queue: OpQueue,
    file: PathBuf,
    record: u64,
}

fn op(i: u64) -> Operation {
    write(i, 40 << 10, i as u8)
}

fn spilled() -> Spilled {
    let dir = tempfile::tempdir().unwrap();
    let mut queue = OpQueue::open(limits(dir.path(), 0, 16 << 20), "q").unwrap();
    for i in 0..OPS {
        queue.push(op(i)).unwrap();
    }
    let record = queue.disk_bytes() / OPS;
    let files = journal_files(dir.path());
    assert_eq!(files.len(), 1);
    let file = files[0].clone();
    assert!(std::fs::metadata(&file).unwrap().len() >= 7 * record);
    Spilled {
        _dir: dir,
        queue,
        file,
        record,
    }
}

fn damage_at(file: &PathBuf, at: u64, mask: u8) {
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(file)
        .unwrap();
    let mut byte = [0];
    f.read_exact_at(&mut byte, at).unwrap();
    f.write_all_at(&[byte[0] ^ mask], at).unwrap();
}

#[test]
fn a_flipped_byte_is_a_checksum_error_at_its_record() {
    let mut s = spilled();
    damage_at(&s.file, 2 * s.record + 100, 0x01);
    assert_eq!(s.queue.pop().unwrap(), Some(op(0)));
    assert_eq!(s.queue.pop().unwrap(), Some(op(1)));
    for _ in 0..2 {
        match s.queue.pop() {
            Err(QueueError::Damaged {
                path,
                offset,
                damage: Damage::Checksum { .. },
            }) => {
                assert_eq!(path, s.file);
                assert_eq!(offset, 2 * s.record);
            }
            other => panic!("{other:?}"),
        }
    }
    let message = s.queue.pop().unwrap_err().to_string();
    assert!(message.contains(&s.file.display().to_string()), "{message}");
    assert!(
        message.contains(&format!("offset {}", 2 * s.record)),
        "{message}"
    );
    // A remirror clears the queue, which is then usable again.
    s.queue.clear().unwrap();
    s.queue.push(op(9)).unwrap();
    assert_eq!(s.queue.pop().unwrap(), Some(op(9)));
}

#[test]
fn a_file_cut_short_is_a_truncated_record() {
    let mut s = spilled();
    let f = OpenOptions::new().write(true).open(&s.file).unwrap();
    f.set_len(s.record + 10).unwrap();
    assert_eq!(s.queue.pop().unwrap(), Some(op(0)));
    match s.queue.pop() {
        Err(QueueError::Damaged {
            path,
            offset,
            damage: Damage::Truncated { available, .. },
        }) => {
            assert_eq!(path, s.file);
            assert_eq!(offset, s.record);
            assert_eq!(available, 10);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_length_past_the_end_is_refused_before_reading() {
    let mut s = spilled();
    damage_at(&s.file, 3, 0x80);
    match s.queue.pop() {
        Err(QueueError::Damaged {
            offset: 0,
            damage: Damage::Truncated { needed, available },
            ..
        }) => {
            assert!(needed > 1 << 31);
            assert_eq!(available, OPS * s.record);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_journal_file_unlinked_behind_the_queue_still_reads() {
    let mut s = spilled();
    std::fs::remove_file(&s.file).unwrap();
    // The queue reads and writes the open file, not the name.
    for i in 0..OPS {
        assert_eq!(s.queue.pop().unwrap(), Some(op(i)));
    }
    assert_eq!(s.queue.pop().unwrap(), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_flipped_byte_stops_the_queue_at_its_record(
        at_fraction in 0.0f64..1.0,
        mask in 1u8..=255,
    ) {
        let mut s = spilled();
        let at = ((7 * s.record) as f64 * at_fraction) as u64;
        damage_at(&s.file, at, mask);
        let damaged = at / s.record;
        for i in 0..damaged {
            prop_assert_eq!(s.queue.pop().unwrap(), Some(op(i)));
        }
        match s.queue.pop() {
            Err(QueueError::Damaged { path, offset, .. }) => {
                prop_assert_eq!(path, s.file.clone());
                prop_assert_eq!(offset, damaged * s.record);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }
}
