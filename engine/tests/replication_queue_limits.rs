//! The queue's bounds and its files: the disk limit refuses an operation without losing
//! any, clear and drop remove the journal, stale journals go on open.

mod replication_queue_support;

use engine::replication::queue::{DiskLimit, OpQueue, QueueError, QueueLimits};
use replication_queue_support::*;

#[test]
fn the_disk_limit_hands_the_operation_back_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let limits = QueueLimits {
        disk_bytes: Some(10_000),
        ..limits(dir.path(), 2_500, 3_000)
    };
    let mut queue = OpQueue::open(limits, "q").unwrap();
    let mut queued = Vec::new();
    let refused = loop {
        let op = write(queued.len() as u64, 1000, queued.len() as u8);
        match queue.push(op.clone()) {
            Ok(()) => queued.push(op),
            Err(QueueError::Full { op: back, limit }) => {
                assert_eq!(*back, op);
                assert_eq!(limit, DiskLimit::Space { bytes: 10_000 });
                break *back;
            }
            Err(other) => panic!("{other}"),
        }
        assert!(queued.len() < 100, "the limit never bit");
    };
    assert!(queue.disk_bytes() <= 10_000 && queue.disk_bytes() > 10_000 - 2_000);
    assert_eq!(queue.len(), queued.len() as u64);
    // Still full, and a refused push changes nothing.
    assert!(matches!(queue.push(refused), Err(QueueError::Full { .. })));
    assert_eq!(queue.len(), queued.len() as u64);
    let mut popped = Vec::new();
    while let Some(op) = queue.pop().unwrap() {
        popped.push(op);
    }
    assert_eq!(popped, queued);
}

#[test]
fn a_disk_limit_of_zero_keeps_the_queue_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let limits = QueueLimits {
        disk_bytes: Some(0),
        ..limits(dir.path(), 5_000, 1 << 20)
    };
    let mut queue = OpQueue::open(limits, "q").unwrap();
    let mut pushed = 0;
    while queue.push(write(pushed, 1000, 7)).is_ok() {
        pushed += 1;
    }
    assert_eq!(pushed, 4);
    assert_eq!(queue.disk_bytes(), 0);
    assert!(journal_files(dir.path()).is_empty());
    queue.pop().unwrap();
    queue.push(write(pushed, 1000, 7)).unwrap();
    assert_eq!(queue.len(), 4);
}

#[test]
fn clear_empties_the_queue_and_removes_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut queue = OpQueue::open(limits(dir.path(), 3_000, 2_000), "q").unwrap();
    for i in 0..20 {
        queue.push(write(i, 1000, 1)).unwrap();
    }
    assert!(journal_files(dir.path()).len() > 2);
    queue.clear().unwrap();
    assert!(queue.is_empty());
    assert_eq!(
        (queue.bytes(), queue.memory_bytes(), queue.disk_bytes()),
        (0, 0, 0)
    );
    assert!(journal_files(dir.path()).is_empty());
    assert_eq!(queue.pop().unwrap(), None);
    // Usable again, spilling into new files.
    for i in 0..5 {
        queue.push(write(i, 1000, 2)).unwrap();
    }
    assert!(queue.disk_bytes() > 0);
    assert_eq!(queue.pop().unwrap(), Some(write(0, 1000, 2)));
}

#[test]
fn drop_removes_the_journal_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut queue = OpQueue::open(limits(dir.path(), 0, 2_000), "q").unwrap();
    for i in 0..10 {
        queue.push(write(i, 1000, 1)).unwrap();
    }
    queue.pop().unwrap();
    assert!(!journal_files(dir.path()).is_empty());
    drop(queue);
    assert!(journal_files(dir.path()).is_empty());
}

#[test]
fn open_removes_stale_journals_of_its_name_only() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["q-1.dtq", "q-17.dtq", "q-x-1.dtq", "qq-1.dtq", "q-1.txt"] {
        std::fs::write(dir.path().join(file), b"left over").unwrap();
    }
    let mut queue = OpQueue::open(limits(dir.path(), 0, 1 << 20), "q").unwrap();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["q-1.txt", "q-x-1.dtq", "qq-1.dtq"]);
    // The queue starts empty, whatever the old files held.
    assert_eq!(queue.pop().unwrap(), None);
    queue.push(write(0, 10, 1)).unwrap();
    assert_eq!(queue.pop().unwrap(), Some(write(0, 10, 1)));
}

#[test]
fn a_name_that_cannot_be_a_file_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["", "../q", "a/b"] {
        assert!(matches!(
            OpQueue::open(limits(dir.path(), 0, 1), name),
            Err(QueueError::InvalidName(_))
        ));
    }
}

#[test]
fn an_unusable_journal_directory_names_itself_and_keeps_the_operation_out() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"").unwrap();
    let mut queue = OpQueue::open(limits(&blocker.join("journal"), 0, 1 << 20), "q").unwrap();
    match queue.push(write(0, 10, 1)) {
        Err(QueueError::Io { path, .. }) => assert_eq!(path, blocker.join("journal")),
        other => panic!("{other:?}"),
    }
    assert!(queue.is_empty());
    assert_eq!(queue.bytes(), 0);
}
