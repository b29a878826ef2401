//! The difference mirror's manifest: what the target holds under the replica's roots,
//! listed by the target ([`manifest_of`]) and read by the source as it walks
//! ([`Manifest`]).
//!
//! Both sides list paths in [`walk_order`], so the source pairs its
//! paths with the target's entries as both stream, keeping one entry at a time: the
//! manifest of a large replica is never held whole. An entry out of order is passed
//! over, and its file is then sent again: a slower mirror, never a wrong one.

use std::fmt;
use std::fs;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::replication::RelPath;
use crate::repset::ReplicationSet;

use super::error::MirrorError;
use super::walk::{walk_order, Everything, Node, TreeWalk, Visit};

/// What kind of thing a manifest entry is, with what the comparison needs of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManifestKind {
    /// A directory.
    Directory,
    /// A regular file of `size` bytes.
    File {
        /// Its length.
        size: u64,
    },
    /// A symbolic link reading `target`.
    Symlink {
        /// The link's text.
        #[serde(with = "serde_bytes")]
        target: Vec<u8>,
    },
    /// Anything else (FIFO, socket, device).
    Other,
}

/// One path the target holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Where it is in the replica.
    pub path: RelPath,
    /// What it is.
    pub kind: ManifestKind,
    /// Its permission bits.
    pub mode: u32,
    /// Its modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
}

impl ManifestEntry {
    /// The entry for `node`; reads a symbolic link's text.
    fn of(node: Node) -> Result<ManifestEntry, MirrorError> {
        let file_type = node.metadata.file_type();
        let kind = if file_type.is_dir() {
            ManifestKind::Directory
        } else if file_type.is_file() {
            ManifestKind::File {
                size: node.metadata.len(),
            }
        } else if file_type.is_symlink() {
            match fs::read_link(&node.abs) {
                Ok(target) => ManifestKind::Symlink {
                    target: target.into_os_string().into_vec(),
                },
                Err(err) => return Err(MirrorError::read(node.abs, err)),
            }
        } else {
            ManifestKind::Other
        };
        let meta = node.meta();
        Ok(ManifestEntry {
            path: node.rel,
            kind,
            mode: meta.mode,
            mtime_ns: meta.mtime_ns,
        })
    }
}

/// The target's entries under some replica roots, in walk order: see [`manifest_of`].
pub struct ManifestWalk {
    walk: TreeWalk<Everything>,
}

impl Iterator for ManifestWalk {
    type Item = Result<ManifestEntry, MirrorError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.walk.next()? {
                Ok(Visit::Enter { node, .. } | Visit::Leaf(node)) => {
                    return Some(ManifestEntry::of(node))
                }
                Ok(Visit::Leave) => continue,
                Err(err) => return Some(Err(err)),
            }
        }
    }
}

/// Lists, on the target, every path of the replica under `target_root` at or below
/// `roots` (replica paths, as [`manifest_roots`] gives them), streaming in walk order
/// and following no symbolic link. An `Err` item is a path that could not be read; the
/// walk goes on, and the source sends that path again.
pub fn manifest_of(target_root: &Path, roots: &[RelPath]) -> ManifestWalk {
    let roots = roots
        .iter()
        .map(|rel| (rel.under(target_root), Some(rel.clone())))
        .collect();
    ManifestWalk {
        walk: TreeWalk::new(Everything, roots),
    }
}

/// The replica roots a difference mirror of `set` asks the target to list: the set's
/// non-overlapping paths as replica paths, or for a set that protects `/` the source's
/// top-level entries (anything else the target holds is not the mirror's concern).
pub fn manifest_roots(set: &ReplicationSet) -> Result<Vec<RelPath>, MirrorError> {
    manifest_roots_in(set, Path::new("/"))
}

/// [`manifest_roots`] with replica paths taken below `source_root` (see
/// [`MirrorOptions::source_root`](super::MirrorOptions::source_root)).
pub fn manifest_roots_in(
    set: &ReplicationSet,
    source_root: &Path,
) -> Result<Vec<RelPath>, MirrorError> {
    let mut roots = Vec::new();
    for path in set.non_overlapping_paths() {
        match RelPath::of_source_in(source_root, &path) {
            Some(rel) => roots.push(rel),
            None if path != source_root => {}
            None => {
                let entries = fs::read_dir(&path).map_err(|err| MirrorError::read(&path, err))?;
                for entry in entries {
                    let entry = entry.map_err(|err| MirrorError::read(&path, err))?;
                    let name = entry.file_name();
                    let rel = RelPath::from_bytes(name.as_bytes()).map_err(|source| {
                        MirrorError::Name {
                            path: entry.path(),
                            source,
                        }
                    })?;
                    roots.push(rel);
                }
            }
        }
    }
    roots.sort_by(walk_order);
    Ok(roots)
}

/// The target's manifest as the source reads it: entries arriving in walk order (from
/// the network, or [`manifest_of`] in tests), looked up in walk order as the source
/// walks.
pub struct Manifest {
    entries: Box<dyn Iterator<Item = ManifestEntry> + Send>,
    head: Option<ManifestEntry>,
}

impl Manifest {
    /// A manifest of `entries`, which must come in walk order.
    pub fn new<I>(entries: I) -> Manifest
    where
        I: IntoIterator<Item = ManifestEntry>,
        I::IntoIter: Send + 'static,
    {
        Manifest {
            entries: Box::new(entries.into_iter()),
            head: None,
        }
    }

    /// The entry for `path`, if the target has one; `path`s must be asked in walk
    /// order. Entries before `path` are passed over: the target has them and the
    /// source does not (orphans, which a mirror leaves alone), or they are out of the
    /// set.
    pub(crate) fn take(&mut self, path: &RelPath) -> Option<ManifestEntry> {
        loop {
            let head = match &self.head {
                Some(head) => head,
                None => self.head.insert(self.entries.next()?),
            };
            match walk_order(&head.path, path) {
                std::cmp::Ordering::Less => self.head = None,
                std::cmp::Ordering::Equal => return self.head.take(),
                std::cmp::Ordering::Greater => return None,
            }
        }
    }
}

impl fmt::Debug for Manifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Manifest")
            .field("head", &self.head)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::os::unix::fs::symlink;

    fn rel(s: &str) -> RelPath {
        RelPath::from_bytes(s.as_bytes()).unwrap()
    }

    fn entry(path: &str) -> ManifestEntry {
        ManifestEntry {
            path: rel(path),
            kind: ManifestKind::Other,
            mode: 0,
            mtime_ns: 0,
        }
    }

    #[test]
    fn lookups_in_walk_order_pair_with_the_stream() {
        let entries = ["a", "a/b", "a/c", "a.b", "d"].map(entry);
        let mut manifest = Manifest::new(entries);
        assert_eq!(manifest.take(&rel("a")).unwrap().path, rel("a"));
        assert_eq!(manifest.take(&rel("a/bb")), None);
        assert_eq!(manifest.take(&rel("a/c")).unwrap().path, rel("a/c"));
        assert_eq!(manifest.take(&rel("b")), None);
        assert_eq!(manifest.take(&rel("d")).unwrap().path, rel("d"));
        assert_eq!(manifest.take(&rel("e")), None);
    }

    #[test]
    fn the_target_lists_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("srv/docs")).unwrap();
        fs::write(root.join("srv/docs/a"), b"hello").unwrap();
        symlink("/srv/docs/a", root.join("srv/link")).unwrap();
        fs::write(root.join("elsewhere"), b"not listed").unwrap();
        let entries: Vec<ManifestEntry> = manifest_of(root, &[rel("srv"), rel("missing")])
            .collect::<Result<_, _>>()
            .unwrap();
        let kinds: Vec<(String, ManifestKind)> = entries
            .into_iter()
            .map(|e| (e.path.to_string(), e.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("srv".into(), ManifestKind::Directory),
                ("srv/docs".into(), ManifestKind::Directory),
                ("srv/docs/a".into(), ManifestKind::File { size: 5 }),
                (
                    "srv/link".into(),
                    ManifestKind::Symlink {
                        target: b"/srv/docs/a".to_vec()
                    }
                ),
            ]
        );
    }

    fn arb_entry() -> impl Strategy<Value = ManifestEntry> {
        let path = prop::collection::vec(any::<u8>(), 1..24)
            .prop_filter_map("a replica path", |bytes| RelPath::from_bytes(&bytes).ok());
        let kind = prop_oneof![
            Just(ManifestKind::Directory),
            any::<u64>().prop_map(|size| ManifestKind::File { size }),
            prop::collection::vec(any::<u8>(), 0..24)
                .prop_map(|target| ManifestKind::Symlink { target }),
            Just(ManifestKind::Other),
        ];
        (path, kind, any::<u32>(), any::<i64>()).prop_map(|(path, kind, mode, mtime_ns)| {
            ManifestEntry {
                path,
                kind,
                mode,
                mtime_ns,
            }
        })
    }

    proptest! {
        #[test]
        fn entries_survive_the_wire(entry in arb_entry()) {
            let bytes = postcard::to_stdvec(&entry).unwrap();
            prop_assert_eq!(postcard::from_bytes::<ManifestEntry>(&bytes).unwrap(), entry);
        }

        #[test]
        fn decoding_never_panics_nor_accepts_a_bad_path(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(entry) = postcard::from_bytes::<ManifestEntry>(&bytes) {
                prop_assert!(RelPath::from_bytes(entry.path.as_bytes()).is_ok());
            }
        }
    }

    #[test]
    fn a_path_leaving_the_replica_is_refused_on_decoding() {
        let mut evil = postcard::to_stdvec(&entry("xx")).unwrap();
        evil[1] = b'/';
        assert!(postcard::from_bytes::<ManifestEntry>(&evil).is_err());
    }
}
