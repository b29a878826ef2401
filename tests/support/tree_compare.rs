//! Comparing two folder trees file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every regular file under `root`, by path relative to it, with its content.
pub fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let content = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), content);
            }
        }
    }
    files
}

/// Whether `replica` holds exactly `source`'s files with the same contents.
pub fn same_tree(source: &Path, replica: &Path) -> bool {
    replica.is_dir() && tree(source) == tree(replica)
}

/// Panics naming the first difference when `replica` does not hold exactly `source`'s
/// files with the same contents; returns the number of files.
pub fn assert_same_tree(source: &Path, replica: &Path) -> usize {
    let (a, b) = (tree(source), tree(replica));
    let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "the replica's files differ from the source's"
    );
    for (path, content) in &a {
        assert!(
            &b[path] == content,
            "{} differs between source and replica",
            path.display()
        );
    }
    a.len()
}
