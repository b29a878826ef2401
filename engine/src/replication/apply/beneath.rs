//! Resolving a [`RelPath`] under the replica's root without following any symbolic
//! link: every directory is opened with `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS
//! | RESOLVE_NO_MAGICLINKS)` and `O_NOFOLLOW`, so a link in the replica (say `etc ->
//! /etc`) fails the walk with `ELOOP` instead of taking a write out of the replica. The
//! source sends real paths, so a link where the replica needs a directory means the
//! replica differs from the source.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;

use rustix::fs::{mkdirat, openat2, Mode, OFlags, ResolveFlags};
use rustix::io::Errno;

use crate::replication::RelPath;

const RESOLVE: ResolveFlags = ResolveFlags::BENEATH
    .union(ResolveFlags::NO_SYMLINKS)
    .union(ResolveFlags::NO_MAGICLINKS);

/// Mode of a parent directory made because an operation needed it (the source's own
/// Mkdir or SetMeta sets the real one).
const MISSING_PARENT_MODE: u32 = 0o755;

/// The directory that holds a path's last component, and that component.
#[derive(Debug)]
pub(super) struct Parent {
    /// The directory, open (shared with the [`ParentCache`](super::parent_cache::ParentCache),
    /// so a cache hit costs no system call).
    pub dir: Arc<OwnedFd>,
    /// The last component.
    pub name: CString,
}

/// Opens directory `path` (one or more components, or `.`) below `dir`.
pub(super) fn open_dir(dir: BorrowedFd<'_>, path: &[u8]) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(openat2(dir, path, flags, Mode::empty(), RESOLVE)?)
}

/// The parent of `path` below `root`; with `make`, missing directories are created.
pub(super) fn parent(root: BorrowedFd<'_>, path: &RelPath, make: bool) -> io::Result<Parent> {
    let (dir_path, name) = split(path)?;
    let dir = match open_dir(root, dir_path) {
        Ok(dir) => dir,
        Err(e) if make && e.kind() == io::ErrorKind::NotFound => make_dirs(root, dir_path)?,
        Err(e) => return Err(e),
    };
    Ok(Parent {
        dir: Arc::new(dir),
        name,
    })
}

/// `path` as its directory (`.` at the top) and its last component.
pub(super) fn split(path: &RelPath) -> io::Result<(&[u8], CString)> {
    let bytes = path.as_bytes();
    let (dir_path, name) = match bytes.iter().rposition(|&b| b == b'/') {
        Some(slash) => (&bytes[..slash], &bytes[slash + 1..]),
        None => (&b"."[..], bytes),
    };
    let name = CString::new(name).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    Ok((dir_path, name))
}

/// Walks `path` one component at a time from `root`, making each missing directory.
fn make_dirs(root: BorrowedFd<'_>, path: &[u8]) -> io::Result<OwnedFd> {
    let mut dir = open_dir(root, b".")?;
    for component in path.split(|&b| b == b'/') {
        let next = match open_dir(dir.as_fd(), component) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                match mkdirat(&dir, component, Mode::from_raw_mode(MISSING_PARENT_MODE)) {
                    Ok(()) | Err(Errno::EXIST) => {}
                    Err(e) => return Err(e.into()),
                }
                open_dir(dir.as_fd(), component)?
            }
            other => other?,
        };
        dir = next;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    fn rel(s: &str) -> RelPath {
        RelPath::from_bytes(s.as_bytes()).unwrap()
    }

    #[test]
    fn makes_missing_parents_only_when_asked() {
        let root = tempfile::tempdir().unwrap();
        let fd = fs::File::open(root.path()).unwrap();
        let err = parent(fd.as_fd(), &rel("a/b/c"), false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        let found = parent(fd.as_fd(), &rel("a/b/c"), true).unwrap();
        assert_eq!(found.name.as_bytes(), b"c");
        assert!(root.path().join("a/b").is_dir());
        let top = parent(fd.as_fd(), &rel("top"), false).unwrap();
        assert_eq!(top.name.as_bytes(), b"top");
    }

    #[test]
    fn never_walks_through_a_symbolic_link() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        symlink(outside.path(), root.path().join("out")).unwrap();
        fs::create_dir(root.path().join("in")).unwrap();
        symlink("../in", root.path().join("sideways")).unwrap();
        let fd = fs::File::open(root.path()).unwrap();
        for path in ["out/x", "out/deeper/x", "sideways/x"] {
            // ELOOP for a link on the way, ENOTDIR for a link as the last directory.
            let err = Errno::from_io_error(&parent(fd.as_fd(), &rel(path), true).unwrap_err());
            assert!(
                matches!(err, Some(Errno::LOOP | Errno::NOTDIR)),
                "{path}: {err:?}"
            );
        }
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}
