//! Removing whatever is at a name, directories with everything in them, without
//! following a symbolic link (a link is removed, never what it points to).

use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use rustix::fs::{unlinkat, AtFlags, Dir};
use rustix::io::Errno;

use super::beneath::open_dir;

/// Removes `name` in `dir`: a file, a link, or a whole directory tree; a missing name
/// is not an error.
pub(super) fn remove_entry(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<()> {
    match unlinkat(dir, name, AtFlags::empty()) {
        Ok(()) | Err(Errno::NOENT) => Ok(()),
        Err(Errno::ISDIR) => remove_tree(dir, name),
        Err(e) => Err(e.into()),
    }
}

/// A directory being emptied: its handle, its name in its parent, and the entries
/// still to remove.
struct Level {
    fd: OwnedFd,
    name: CString,
    entries: Vec<CString>,
}

impl Level {
    fn open(parent: BorrowedFd<'_>, name: &CStr) -> io::Result<Level> {
        let fd = open_dir(parent, name.to_bytes())?;
        let mut entries = Vec::new();
        for entry in Dir::read_from(&fd)? {
            let name = entry?.file_name().to_owned();
            if name.as_bytes() != b"." && name.as_bytes() != b".." {
                entries.push(name);
            }
        }
        Ok(Level {
            fd,
            name: name.to_owned(),
            entries,
        })
    }
}

/// Empties and removes directory `name`, depth first with an explicit stack (a deep
/// tree cannot exhaust the thread's stack).
fn remove_tree(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<()> {
    let mut stack = vec![Level::open(dir, name)?];
    while let Some(top) = stack.last_mut() {
        if let Some(entry) = top.entries.pop() {
            match unlinkat(&top.fd, &entry, AtFlags::empty()) {
                Ok(()) | Err(Errno::NOENT) => {}
                Err(Errno::ISDIR) => {
                    let below = Level::open(top.fd.as_fd(), &entry)?;
                    stack.push(below);
                }
                Err(e) => return Err(e.into()),
            }
            continue;
        }
        let done = stack.pop();
        let parent = stack.last().map_or(dir, |level| level.fd.as_fd());
        if let Some(done) = done {
            match unlinkat(parent, &done.name, AtFlags::REMOVEDIR) {
                Ok(()) | Err(Errno::NOENT) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn removes_trees_files_links_and_nothing_beyond_links() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("keep"), b"x").unwrap();
        let tree = root.path().join("t");
        fs::create_dir_all(tree.join("a/b/c")).unwrap();
        fs::write(tree.join("a/b/c/f"), b"1").unwrap();
        fs::write(tree.join("a/g"), b"2").unwrap();
        symlink(outside.path(), tree.join("a/b/link")).unwrap();
        fs::write(root.path().join("file"), b"3").unwrap();
        symlink(outside.path(), root.path().join("toplink")).unwrap();
        let fd = fs::File::open(root.path()).unwrap();
        for name in [&b"t"[..], b"file", b"toplink", b"missing"] {
            remove_entry(fd.as_fd(), &CString::new(name).unwrap()).unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
        assert!(outside.path().join("keep").exists());
    }

    #[test]
    fn removes_a_tree_deeper_than_path_max() {
        let root = tempfile::tempdir().unwrap();
        let fd = fs::File::open(root.path()).unwrap();
        let mut dir = fd.as_fd().try_clone_to_owned().unwrap();
        let name = CString::new("d".repeat(200)).unwrap();
        for _ in 0..40 {
            rustix::fs::mkdirat(&dir, &name, rustix::fs::Mode::from_raw_mode(0o700)).unwrap();
            dir = open_dir(dir.as_fd(), name.as_bytes()).unwrap();
        }
        remove_entry(fd.as_fd(), &name).unwrap();
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
