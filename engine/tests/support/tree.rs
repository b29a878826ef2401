//! A directory tree as the tests compare it: kinds, modes, file times and contents.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// One entry of a tree, as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A directory and its mode.
    Dir(u32),
    /// A regular file: mode, modification time (ns), content.
    File(u32, i128, Vec<u8>),
    /// A symbolic link and its target.
    Symlink(Vec<u8>),
}

/// An item in a line: kind, mode, time, length and its first bytes.
pub fn summary(item: &Item) -> String {
    match item {
        Item::Dir(mode) => format!("directory {mode:o}"),
        Item::File(mode, mtime, content) => {
            let first_bytes: Vec<u8> = content.iter().take(8).copied().collect();
            format!(
                "file {mode:o} mtime {mtime} len {} starting {first_bytes:?}",
                content.len()
            )
        }
        Item::Symlink(target) => format!("symlink to {}", String::from_utf8_lossy(target)),
    }
}

/// Every entry below `root` (not `root` itself) for which `keep(relative path)` holds.
pub fn snapshot(root: &Path, keep: &dyn Fn(&Path) -> bool) -> BTreeMap<PathBuf, Item> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            let md = fs::symlink_metadata(&path).unwrap();
            let item = if md.is_dir() {
                stack.push(path.clone());
                Item::Dir(md.mode() & 0o7777)
            } else if md.file_type().is_symlink() {
                Item::Symlink(
                    fs::read_link(&path)
                        .unwrap()
                        .as_os_str()
                        .as_bytes()
                        .to_vec(),
                )
            } else {
                let mtime = md.mtime() as i128 * 1_000_000_000 + md.mtime_nsec() as i128;
                Item::File(md.mode() & 0o7777, mtime, fs::read(&path).unwrap())
            };
            if keep(&relative) {
                out.insert(relative, item);
            }
        }
    }
    out
}

/// The differences between the trees at `a` and `b` (every entry), one line each;
/// empty when they are equal.
pub fn differences(a: &Path, b: &Path) -> Vec<String> {
    let everything = |_: &Path| true;
    let (left, right) = (snapshot(a, &everything), snapshot(b, &everything));
    let mut found = Vec::new();
    for (path, item) in &left {
        match right.get(path) {
            None => found.push(format!("{} is missing", path.display())),
            Some(copy) if copy != item => found.push(format!(
                "{} differs: {} vs {}",
                path.display(),
                summary(item),
                summary(copy)
            )),
            Some(_) => {}
        }
    }
    for path in right.keys().filter(|path| !left.contains_key(*path)) {
        found.push(format!("{} is extra", path.display()));
    }
    found
}
