//! A replication set's size (the guide's Contains, Total size and Last calculated) and
//! its calculation by walking the set's paths.
//!
//! Every path in the set counts once: a directory (including a rule's own directory)
//! as a directory; anything else (regular file, symbolic link, device, FIFO, socket) as
//! a file. Bytes are the lengths of the regular files. Symbolic links are not followed.
//! A rule path that does not exist (or lies below a file) adds nothing; a path that exists but cannot be
//! read counts as unreadable, and the walk goes on.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::set::ReplicationSet;

/// The size of a replication set when it was last calculated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetSize {
    /// The number of files in the set.
    pub files: u64,
    /// The number of directories in the set.
    pub directories: u64,
    /// The total length of the set's regular files.
    pub bytes: u64,
    /// Paths the calculation could not read (their contents are not counted).
    #[serde(default)]
    pub unreadable: u64,
    /// When the calculation finished.
    pub calculated_at: DateTime<Utc>,
}

/// The outcome of a size calculation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeReport {
    /// The size found.
    pub size: SetSize,
    /// The first path that could not be read, and why.
    pub first_unreadable: Option<String>,
}

/// Walks `set`'s paths, without following symbolic links, skipping directories below
/// which no Include rule can reach, and counts what is in the set.
pub fn calculate_size(set: &ReplicationSet) -> SizeReport {
    let mut walk = Walk::default();
    // Paths still to look at; an entry of a directory listing is looked at relative to
    // its open directory, not by its whole path.
    let mut pending: Vec<(PathBuf, Option<fs::DirEntry>)> = set
        .non_overlapping_paths()
        .into_iter()
        .map(|path| (path, None))
        .collect();
    while let Some((path, entry)) = pending.pop() {
        let metadata = match entry.map_or_else(|| fs::symlink_metadata(&path), |e| e.metadata()) {
            Ok(metadata) => metadata,
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                continue
            }
            Err(err) => {
                walk.unreadable(&path, &err);
                continue;
            }
        };
        if set.includes(&path) {
            if metadata.is_dir() {
                walk.directories += 1;
            } else {
                walk.files += 1;
                if metadata.is_file() {
                    walk.bytes += metadata.len();
                }
            }
        }
        if metadata.is_dir() && set.may_include_below(&path) {
            match fs::read_dir(&path) {
                Ok(entries) => {
                    for entry in entries {
                        match entry {
                            Ok(entry) => pending.push((entry.path(), Some(entry))),
                            Err(err) => walk.unreadable(&path, &err),
                        }
                    }
                }
                Err(err) => walk.unreadable(&path, &err),
            }
        }
    }
    SizeReport {
        size: SetSize {
            files: walk.files,
            directories: walk.directories,
            bytes: walk.bytes,
            unreadable: walk.unreadable,
            calculated_at: Utc::now(),
        },
        first_unreadable: walk.first_unreadable,
    }
}

/// Counts gathered during one walk.
#[derive(Debug, Default)]
struct Walk {
    files: u64,
    directories: u64,
    bytes: u64,
    unreadable: u64,
    first_unreadable: Option<String>,
}

impl Walk {
    fn unreadable(&mut self, path: &Path, err: &io::Error) {
        self.unreadable += 1;
        self.first_unreadable
            .get_or_insert_with(|| format!("{}: {err}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repset::rule::{Inclusion, Rule, RuleAttributes};
    use proptest::prelude::*;
    use std::path::PathBuf;

    fn attributes(include: bool, recursive: bool) -> RuleAttributes {
        RuleAttributes {
            inclusion: if include {
                Inclusion::Include
            } else {
                Inclusion::Exclude
            },
            recursive,
        }
    }

    /// `root` and every path below it, by a plain walk without pruning.
    fn every_path_below(root: &Path) -> Vec<PathBuf> {
        let mut all = vec![root.to_path_buf()];
        let mut pending = vec![root.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if fs::symlink_metadata(&path).unwrap().is_dir() {
                    pending.push(path.clone());
                }
                all.push(path);
            }
        }
        all
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The pruned walk counts exactly the paths of the tree that `includes` accepts.
        #[test]
        fn walk_counts_what_includes_accepts(
            files in prop::collection::btree_set("[ab]{1}(/[abc]{1}){0,3}", 1..12),
            rules in prop::collection::vec(("([ab](/[abc]){0,3})?", any::<bool>(), any::<bool>()), 0..5),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            for file in &files {
                fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            }
            for file in &files {
                // A name that is also a parent stays a directory.
                let path = root.join(file);
                if !path.exists() {
                    fs::write(&path, file.as_bytes()).unwrap();
                }
            }
            let rules = rules
                .iter()
                .map(|(p, inc, rec)| Rule::new(root.join(p), attributes(*inc, *rec)).unwrap())
                .collect();
            let set = ReplicationSet::new("tree", rules, Utc::now()).unwrap();
            let report = calculate_size(&set);

            let (mut files, mut directories, mut bytes) = (0, 0, 0);
            for path in every_path_below(root).iter().filter(|p| set.includes(p)) {
                let metadata = fs::symlink_metadata(path).unwrap();
                if metadata.is_dir() {
                    directories += 1;
                } else {
                    files += 1;
                    bytes += metadata.len();
                }
            }
            prop_assert_eq!(
                (report.size.files, report.size.directories, report.size.bytes, report.size.unreadable),
                (files, directories, bytes, 0)
            );
        }
    }
}
