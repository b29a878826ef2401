//! Shared by the queue tests: operations to queue, limits in a temp dir, and the
//! journal files a queue leaves.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use engine::replication::queue::QueueLimits;
use engine::replication::{FileMeta, Operation, RelPath};
use proptest::prelude::*;

/// Limits with the journal in `dir` and no disk limit.
pub fn limits(dir: &Path, memory_bytes: u64, journal_file_bytes: u64) -> QueueLimits {
    QueueLimits {
        memory_bytes,
        journal_dir: dir.to_path_buf(),
        journal_file_bytes,
        disk_bytes: None,
    }
}

/// A write of `len` bytes of `fill` at `offset` to `f`.
pub fn write(offset: u64, len: usize, fill: u8) -> Operation {
    Operation::Write {
        path: RelPath::from_bytes(b"dir/f").unwrap(),
        offset,
        data: vec![fill; len].into(),
    }
}

/// The journal files in `dir` (every `.dtq`), sorted by name.
pub fn journal_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "dtq"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Any operation, with short paths and up to `max_data` bytes of data.
pub fn any_op(max_data: usize) -> impl Strategy<Value = Operation> {
    let meta = (any::<u32>(), any::<u32>(), any::<u32>(), any::<i64>()).prop_map(
        |(mode, uid, gid, mtime_ns)| FileMeta {
            mode,
            uid,
            gid,
            mtime_ns,
        },
    );
    let rel =
        "[a-zé]{1,6}(/[a-z0-9]{1,6}){0,2}".prop_map(|s| RelPath::from_bytes(s.as_bytes()).unwrap());
    let bytes = proptest::collection::vec(any::<u8>(), 0..max_data);
    prop_oneof![
        1 => (rel.clone(), meta.clone()).prop_map(|(path, meta)| Operation::Mkdir { path, meta }),
        1 => (rel.clone(), meta.clone()).prop_map(|(path, meta)| Operation::Create { path, meta }),
        3 => (rel.clone(), any::<u64>(), bytes.clone())
            .prop_map(|(path, offset, data)| Operation::Write { path, offset, data: data.into() }),
        1 => (rel.clone(), any::<u64>()).prop_map(|(path, len)| Operation::Truncate { path, len }),
        1 => (rel.clone(), bytes).prop_map(|(path, target)| Operation::Symlink { path, target }),
        1 => (rel.clone(), meta).prop_map(|(path, meta)| Operation::SetMeta { path, meta }),
        1 => (rel.clone(), rel.clone()).prop_map(|(from, to)| Operation::Rename { from, to }),
        1 => rel.clone().prop_map(|path| Operation::Delete { path }),
        1 => rel.prop_map(|path| Operation::Rmdir { path }),
    ]
}
