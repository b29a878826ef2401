//! `TreeWalk`: the walk the source's mirror and the target's manifest share.
//!
//! # Order
//! Roots are visited in `Path` order and each directory's entries sorted by name
//! bytes, depth first, a directory before its entries: so paths come in ascending
//! [`walk_order`], on both sides. A difference mirror relies on it to pair the source's
//! paths with the target's manifest as both stream, holding neither whole.
//!
//! # Memory
//! The walk holds, for each directory it is inside, that directory's remaining entries
//! (and the directory open, so each entry is looked at relative to it, not by its whole
//! path): one directory listing per level, never the tree's.
//!
//! Symbolic links are never followed; a path that vanishes during the walk is skipped
//! quietly, one that cannot be read is reported and skipped.

use std::cmp::Ordering;
use std::ffi::OsString;
use std::fs::{self, Metadata};
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fs::{Mode, OFlags};

use crate::replication::{FileMeta, RelPath};
use crate::repset::ReplicationSet;

use super::error::MirrorError;

/// The order both walks list paths in: component by component, by bytes.
pub fn walk_order(a: &RelPath, b: &RelPath) -> Ordering {
    a.as_path().cmp(b.as_path())
}

/// Which paths a walk reports and which directories it enters.
pub(crate) trait Scope {
    /// Whether `path` (absolute) is reported.
    fn includes(&self, path: &Path) -> bool;
    /// Whether the walk enters directory `dir` (absolute).
    fn may_include_below(&self, dir: &Path) -> bool;
}

impl Scope for ReplicationSet {
    fn includes(&self, path: &Path) -> bool {
        ReplicationSet::includes(self, path)
    }

    fn may_include_below(&self, dir: &Path) -> bool {
        ReplicationSet::may_include_below(self, dir)
    }
}

/// Every path below the roots (the target's manifest).
pub(crate) struct Everything;

impl Scope for Everything {
    fn includes(&self, _: &Path) -> bool {
        true
    }

    fn may_include_below(&self, _: &Path) -> bool {
        true
    }
}

/// A path met by the walk.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Where it is on this machine.
    pub abs: PathBuf,
    /// Where it is in the replica.
    pub rel: RelPath,
    /// Its `lstat`.
    pub metadata: Metadata,
    /// The directory it is in, open, when the walk listed it: a file is opened relative
    /// to it rather than by its whole path.
    pub dir: Option<Arc<OwnedFd>>,
}

impl Node {
    /// Its metadata as the mirror sends it.
    pub fn meta(&self) -> FileMeta {
        FileMeta {
            mode: self.metadata.mode() & 0o7777,
            uid: self.metadata.uid(),
            gid: self.metadata.gid(),
            mtime_ns: self
                .metadata
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(self.metadata.mtime_nsec()),
        }
    }
}

/// One step of the walk.
#[derive(Debug)]
pub(crate) enum Visit {
    /// A directory the walk goes into; its entries follow, then [`Visit::Leave`].
    /// `included` says whether the directory itself is in scope.
    Enter {
        /// The directory.
        node: Node,
        /// Whether it is in scope.
        included: bool,
    },
    /// A non-directory in scope.
    Leaf(Node),
    /// The end of the entries of the directory last entered and not yet left.
    Leave,
}

/// A walk root: where it is here and in the replica (`None` for `/`, whose entries are
/// the replica's top level).
pub(crate) type Root = (PathBuf, Option<RelPath>);

/// A directory the walk is inside.
struct Frame {
    /// The directory in the replica (`None` for the `/` root, which is never reported).
    rel: Option<RelPath>,
    /// Its path here.
    abs: PathBuf,
    /// Entries not yet visited, with their names, in reverse order (popped from the end).
    names: Vec<(OsString, fs::DirEntry)>,
    /// The directory, open (`None` if it could not be opened: its files are then opened
    /// by path).
    dir: Option<Arc<OwnedFd>>,
}

/// A depth-first walk in [`walk_order`] over `roots`, reporting what `scope` includes.
pub(crate) struct TreeWalk<S> {
    scope: S,
    roots: std::vec::IntoIter<Root>,
    stack: Vec<Frame>,
}

impl<S: Scope> TreeWalk<S> {
    /// A walk of `roots` (sorted here into [`walk_order`]; a root below another is
    /// dropped).
    pub(crate) fn new(scope: S, mut roots: Vec<Root>) -> TreeWalk<S> {
        roots.sort_by(|a, b| a.0.cmp(&b.0));
        let mut tops: Vec<Root> = Vec::new();
        for root in roots {
            if !tops.last().is_some_and(|top| root.0.starts_with(&top.0)) {
                tops.push(root);
            }
        }
        TreeWalk {
            scope,
            roots: tops.into_iter(),
            stack: Vec::new(),
        }
    }

    /// Looks at `abs`; pushes a frame for a directory to enter.
    fn visit(
        &mut self,
        abs: PathBuf,
        rel: Option<RelPath>,
        entry: Option<fs::DirEntry>,
        parent: Option<Arc<OwnedFd>>,
    ) -> Option<Result<Visit, MirrorError>> {
        // An entry is looked at relative to its open directory, not by its whole path.
        let metadata = match entry.map_or_else(|| fs::symlink_metadata(&abs), |e| e.metadata()) {
            Ok(metadata) => metadata,
            Err(err) if vanished(&err) => return None,
            Err(err) => return Some(Err(MirrorError::read(abs, err))),
        };
        let included = self.scope.includes(&abs);
        if !metadata.is_dir() {
            return match rel {
                Some(rel) if included => Some(Ok(Visit::Leaf(Node {
                    abs,
                    rel,
                    metadata,
                    dir: parent,
                }))),
                _ => None,
            };
        }
        let descend = self.scope.may_include_below(&abs);
        if !included && !descend {
            return None;
        }
        let names = if descend {
            match sorted_names(&abs) {
                Ok(names) => names,
                Err(err) if vanished(&err) => return None,
                Err(err) => return Some(Err(MirrorError::read(abs, err))),
            }
        } else {
            Vec::new()
        };
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let dir = descend
            .then(|| rustix::fs::open(&abs, flags, Mode::empty()).ok())
            .flatten()
            .map(Arc::new);
        self.stack.push(Frame {
            rel: rel.clone(),
            abs: abs.clone(),
            names,
            dir,
        });
        let node = Node {
            abs,
            rel: rel?,
            metadata,
            dir: parent,
        };
        Some(Ok(Visit::Enter { node, included }))
    }
}

impl<S: Scope> TreeWalk<S> {
    /// The directories in scope among the entries of the directory last entered that
    /// the walk has not reached yet, in walk order, each looked at now (the walk looks
    /// again when it reaches it). A path that cannot be looked at, or is no directory
    /// any more, is left out.
    pub(crate) fn directories_ahead(&self) -> Vec<Node> {
        let Some(frame) = self.stack.last() else {
            return Vec::new();
        };
        let Some(dir_rel) = &frame.rel else {
            return Vec::new();
        };
        frame
            .names
            .iter()
            .rev()
            .filter(|(_, entry)| entry.file_type().is_ok_and(|kind| kind.is_dir()))
            .filter_map(|(name, entry)| {
                let abs = frame.abs.join(name);
                if !self.scope.includes(&abs) {
                    return None;
                }
                let rel = child(dir_rel, name).ok()?;
                let metadata = entry.metadata().ok().filter(Metadata::is_dir)?;
                Some(Node {
                    abs,
                    rel,
                    metadata,
                    dir: frame.dir.clone(),
                })
            })
            .collect()
    }
}

impl<S: Scope> Iterator for TreeWalk<S> {
    type Item = Result<Visit, MirrorError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some(frame) = self.stack.last_mut() else {
                let (abs, rel) = self.roots.next()?;
                match self.visit(abs, rel, None, None) {
                    Some(visit) => return Some(visit),
                    None => continue,
                }
            };
            let Some((name, entry)) = frame.names.pop() else {
                if self.stack.pop()?.rel.is_some() {
                    return Some(Ok(Visit::Leave));
                }
                continue;
            };
            let abs = frame.abs.join(&name);
            let rel = match &frame.rel {
                Some(dir) => child(dir, &name),
                None => RelPath::from_bytes(name.as_bytes()),
            };
            match rel {
                Ok(rel) => {
                    let parent = frame.dir.clone();
                    if let Some(visit) = self.visit(abs, Some(rel), Some(entry), parent) {
                        return Some(visit);
                    }
                }
                Err(source) => return Some(Err(MirrorError::Name { path: abs, source })),
            }
        }
    }
}

/// `dir/name` in the replica.
fn child(dir: &RelPath, name: &OsString) -> Result<RelPath, crate::replication::RelPathError> {
    let mut bytes = Vec::with_capacity(dir.as_bytes().len() + 1 + name.len());
    bytes.extend_from_slice(dir.as_bytes());
    bytes.push(b'/');
    bytes.extend_from_slice(name.as_bytes());
    RelPath::from_bytes(&bytes)
}

/// `dir`'s entries and their names, sorted in reverse so popping gives ascending order.
fn sorted_names(dir: &Path) -> io::Result<Vec<(OsString, fs::DirEntry)>> {
    let mut names = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| (entry.file_name(), entry)))
        .collect::<io::Result<Vec<_>>>()?;
    names.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    Ok(names)
}

/// Whether `err` means the path went away while the walk ran.
fn vanished(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rel(s: &str) -> RelPath {
        RelPath::from_bytes(s.as_bytes()).unwrap()
    }

    #[test]
    fn order_is_by_component_not_by_bytes() {
        // '.' sorts before '/', yet a directory's entries come right after it.
        assert_eq!(walk_order(&rel("a/b"), &rel("a.b")), Ordering::Less);
        assert_eq!(walk_order(&rel("a"), &rel("a/b")), Ordering::Less);
        assert_eq!(walk_order(&rel("a/z"), &rel("b")), Ordering::Less);
    }

    fn paths_of(walk: TreeWalk<Everything>) -> Vec<(String, &'static str)> {
        walk.map(|visit| match visit.unwrap() {
            Visit::Enter { node, .. } => (node.rel.to_string(), "enter"),
            Visit::Leaf(node) => (node.rel.to_string(), "leaf"),
            Visit::Leave => (String::new(), "leave"),
        })
        .collect()
    }

    #[test]
    fn directories_open_before_and_close_after_their_entries() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("r");
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a.b"), b"x").unwrap();
        fs::write(root.join("a/b/f"), b"x").unwrap();
        fs::write(root.join("z"), b"x").unwrap();
        let walk = TreeWalk::new(Everything, vec![(root, Some(rel("r")))]);
        assert_eq!(
            paths_of(walk),
            [
                ("r", "enter"),
                ("r/a", "enter"),
                ("r/a/b", "enter"),
                ("r/a/b/f", "leaf"),
                ("", "leave"),
                ("", "leave"),
                ("r/a.b", "leaf"),
                ("r/z", "leaf"),
                ("", "leave"),
            ]
            .map(|(p, k)| (p.to_string(), k))
        );
    }

    #[test]
    fn missing_and_nested_roots_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        let walk = TreeWalk::new(
            Everything,
            vec![
                (dir.path().join("missing"), Some(rel("missing"))),
                (dir.path().join("a/inner"), Some(rel("a/inner"))),
                (dir.path().join("a"), Some(rel("a"))),
            ],
        );
        assert_eq!(
            paths_of(walk),
            [("a", "enter"), ("", "leave")].map(|(p, k)| (p.to_string(), k))
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// Whatever the names, the walk lists paths in strictly ascending walk order.
        #[test]
        fn the_walk_is_in_walk_order(names in prop::collection::btree_set("[a.b/-]{1,6}", 1..20)) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("r");
            fs::create_dir(&root).unwrap();
            for name in &names {
                let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
                if let Some((file, dirs)) = parts.split_last() {
                    let parent = dirs.iter().fold(root.clone(), |p, d| p.join(d));
                    if fs::create_dir_all(&parent).is_ok() && !parent.join(file).exists() {
                        let _ = fs::write(parent.join(file), b"");
                    }
                }
            }
            let walk = TreeWalk::new(Everything, vec![(root, Some(rel("r")))]);
            let mut previous: Option<RelPath> = None;
            for visit in walk {
                if let Visit::Enter { node, .. } | Visit::Leaf(node) = visit.unwrap() {
                    if let Some(previous) = &previous {
                        prop_assert_eq!(walk_order(previous, &node.rel), Ordering::Less);
                    }
                    previous = Some(node.rel);
                }
            }
        }
    }
}
