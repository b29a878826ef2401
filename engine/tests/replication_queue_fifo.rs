//! The queue is a FIFO across the spill: whatever mix of pushes and pops, with memory
//! and journal files tiny or large, operations come out as they went in.

mod replication_queue_support;

use std::collections::VecDeque;

use engine::replication::queue::OpQueue;
use engine::replication::Operation;
use proptest::prelude::*;
use replication_queue_support::*;

#[derive(Debug, Clone)]
enum Step {
    Push(Operation),
    Pop,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        3 => any_op(200).prop_map(Step::Push),
        2 => Just(Step::Pop),
    ];
    proptest::collection::vec(step, 1..150)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pops_equal_a_vecdeque(
        steps in steps(),
        memory in 0u64..600,
        file_bytes in 1u64..2000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut queue = OpQueue::open(limits(dir.path(), memory, file_bytes), "q").unwrap();
        let mut model = VecDeque::new();
        let mut largest = 0;
        for step in steps {
            match step {
                Step::Push(op) => {
                    let before = queue.bytes();
                    queue.push(op.clone()).unwrap();
                    largest = largest.max(queue.bytes() - before);
                    model.push_back(op);
                }
                Step::Pop => prop_assert_eq!(queue.pop().unwrap(), model.pop_front()),
            }
            prop_assert_eq!(queue.len(), model.len() as u64);
            prop_assert_eq!(queue.is_empty(), model.is_empty());
            prop_assert_eq!(queue.bytes(), queue.memory_bytes() + queue.disk_bytes());
            prop_assert!(queue.memory_bytes() <= memory + largest);
            prop_assert_eq!(queue.disk_bytes() == 0, journal_files(dir.path()).is_empty());
        }
        while let Some(expected) = model.pop_front() {
            prop_assert_eq!(queue.pop().unwrap(), Some(expected));
        }
        prop_assert_eq!(queue.pop().unwrap(), None);
        prop_assert_eq!(queue.bytes(), 0);
        prop_assert!(journal_files(dir.path()).is_empty());
    }
}

#[test]
fn a_queue_within_its_memory_never_touches_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal");
    let mut queue = OpQueue::open(limits(&journal, 1 << 20, 1 << 20), "q").unwrap();
    for i in 0..100 {
        queue.push(write(i, 1000, 1)).unwrap();
    }
    assert_eq!(queue.disk_bytes(), 0);
    assert_eq!(queue.memory_bytes(), queue.bytes());
    assert!(queue.bytes() >= 100 * 1000);
    assert!(
        !journal.exists(),
        "the journal directory is made on the first spill"
    );
}

#[test]
fn spilled_operations_come_back_in_order_and_pushes_queue_behind_them() {
    let dir = tempfile::tempdir().unwrap();
    let record = {
        let mut probe = OpQueue::open(limits(dir.path(), 1 << 20, 1 << 20), "probe").unwrap();
        probe.push(write(0, 1000, 0)).unwrap();
        probe.bytes()
    };
    // Memory holds three writes; the rest spill into files of two.
    let mut queue = OpQueue::open(limits(dir.path(), 3 * record, 2 * record), "q").unwrap();
    for i in 0..10 {
        queue.push(write(i, 1000, i as u8)).unwrap();
    }
    assert_eq!(queue.memory_bytes(), 3 * record);
    assert_eq!(queue.disk_bytes(), 7 * record);
    let names: Vec<String> = journal_files(dir.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["q-1.dtq", "q-2.dtq", "q-3.dtq", "q-4.dtq"]);
    let mut popped = Vec::new();
    for _ in 0..4 {
        popped.push(queue.pop().unwrap().unwrap());
    }
    // Memory emptied and was refilled with three from disk (one popped since): the
    // first file is read through and gone, the second half read.
    assert_eq!(queue.memory_bytes(), 2 * record);
    assert_eq!(queue.disk_bytes(), 4 * record);
    assert_eq!(journal_files(dir.path()).len(), 3);
    queue.push(write(10, 1000, 10)).unwrap();
    assert_eq!(queue.disk_bytes(), 5 * record, "behind what is on disk");
    while let Some(op) = queue.pop().unwrap() {
        popped.push(op);
    }
    let expected: Vec<Operation> = (0..11).map(|i| write(i, 1000, i as u8)).collect();
    assert_eq!(popped, expected);
    assert!(journal_files(dir.path()).is_empty());
    // Drained, the queue keeps to memory again.
    queue.push(write(11, 1000, 11)).unwrap();
    assert_eq!(queue.disk_bytes(), 0);
}

#[test]
fn operations_larger_than_the_io_buffers_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    let mut queue = OpQueue::open(limits(dir.path(), 0, 1 << 20), "big").unwrap();
    let sizes = [3 << 20, 1, 700 << 10, 0, 300 << 10, 5];
    for (i, len) in sizes.iter().enumerate() {
        queue.push(write(i as u64, *len, i as u8 + 1)).unwrap();
    }
    assert_eq!(queue.memory_bytes(), 0);
    for (i, len) in sizes.iter().enumerate() {
        assert_eq!(
            queue.pop().unwrap(),
            Some(write(i as u64, *len, i as u8 + 1))
        );
        assert!(queue.memory_bytes() == 0, "memory 0 refills one at a time");
    }
    assert_eq!(queue.pop().unwrap(), None);
}

#[test]
fn a_queue_behind_a_mutex_is_shared_between_threads() {
    let dir = tempfile::tempdir().unwrap();
    let queue = OpQueue::open(limits(dir.path(), 3_000, 4_000), "q").unwrap();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    let producer = {
        let queue = queue.clone();
        std::thread::spawn(move || {
            for i in 0..200 {
                queue.lock().unwrap().push(write(i, 500, i as u8)).unwrap();
            }
        })
    };
    let mut popped = Vec::new();
    while popped.len() < 200 {
        if let Some(op) = queue.lock().unwrap().pop().unwrap() {
            popped.push(op);
        } else {
            std::thread::yield_now();
        }
    }
    producer.join().unwrap();
    let expected: Vec<Operation> = (0..200).map(|i| write(i, 500, i as u8)).collect();
    assert_eq!(popped, expected);
}
