//! [`Replica`]: the job's target path, and each [`Operation`] carried out under it.
//!
//! Every operation resolves its parent with [`beneath`](super::beneath) (never through
//! a symbolic link) and acts on the last component with `*at` calls that do not follow
//! links either; a run of Writes, Truncates and a SetMeta on the file the operation
//! before created or wrote acts on that file, kept open ([`OpenFile`]). Each operation
//! also gives the same replica when carried out twice in a row, or after a partial
//! first attempt — the property the applier's crash argument rests on:
//! - Mkdir, Create and Symlink make the path be that kind of thing, replacing whatever
//!   else is there (a directory tree is removed); Mkdir keeps an existing directory's
//!   contents, Create empties an existing file.
//! - Write (at its offset) and Truncate create a missing file; they refuse a path that
//!   is not a regular file.
//! - Rename replaces the destination, file or directory; when the source is gone and
//!   the destination exists, the rename already happened.
//! - Delete and Rmdir remove whatever is at the path, trees included; nothing there is
//!   success.
//! - SetMeta sets owner (as root), mode and time; a link's owner and time only.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use rustix::fs::{
    fstat, ftruncate, openat, renameat, statat, symlinkat, AtFlags, FileType, Mode, OFlags,
};
use rustix::io::Errno;

use super::beneath::{open_dir, Parent};
use super::execute::Execute;
use super::meta;
use super::open_file::{KeptFile, OpenFile};
use super::parent_cache::ParentCache;
use super::remove::remove_entry;
use crate::replication::{FileMeta, Operation, RelPath};

/// Mode of a file that Write or Truncate had to create (the source's SetMeta follows).
const CREATED_FILE_MODE: u32 = 0o644;

/// The most bytes one `pwrite` puts in the page cache. A file system with large folios
/// (ext4, XFS) sizes the page-cache folios it allocates by the write: a whole mirror
/// chunk (1 MiB) in one call asks for 1 MiB folios, which memory that is fragmented
/// gives only after a direct compaction, in the applier's time. Pieces of this size
/// (what rsync's receiver writes) get folios that are at hand.
const WRITE_PIECE: usize = 256 * 1024;

/// The replica under one target path.
#[derive(Debug)]
pub struct Replica {
    root: PathBuf,
    root_fd: OwnedFd,
    owners: bool,
    parents: ParentCache,
    open_file: OpenFile,
}

impl Replica {
    /// Opens `root` (made if missing). Owners are applied when the engine runs as root.
    pub fn open(root: &Path) -> io::Result<Replica> {
        std::fs::create_dir_all(root)?;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let root_fd = rustix::fs::open(root, flags, Mode::empty())?;
        Ok(Replica {
            root: root.to_path_buf(),
            root_fd,
            owners: rustix::process::geteuid().is_root(),
            parents: ParentCache::default(),
            open_file: OpenFile::default(),
        })
    }

    /// Carries `op` out on the replica.
    pub fn apply(&self, op: &Operation) -> io::Result<()> {
        if op.may_move_directories() {
            self.parents.forget();
        }
        let on_a_file = matches!(
            op,
            Operation::Write { .. } | Operation::Truncate { .. } | Operation::SetMeta { .. }
        );
        if !on_a_file {
            self.open_file.close()?;
        }
        match op {
            Operation::Mkdir { path, meta } => self.mkdir(path, meta),
            Operation::Create { path, meta } => {
                let file = self.create(path, meta)?;
                self.open_file.keep(KeptFile {
                    path: path.clone(),
                    file,
                    created_with: Some(*meta),
                    time_pending: true,
                });
                Ok(())
            }
            Operation::Write { path, offset, data } => {
                let mut kept = self.writable(path)?;
                kept.time_pending = false;
                write_in_pieces(&kept.file, data, *offset)?;
                self.open_file.keep(kept);
                Ok(())
            }
            Operation::Truncate { path, len } => {
                let mut kept = self.writable(path)?;
                kept.time_pending = false;
                ftruncate(&kept.file, *len)?;
                self.open_file.keep(kept);
                Ok(())
            }
            Operation::Symlink { path, target } => self.symlink(path, target),
            Operation::SetMeta { path, meta } => match self.open_file.take(path)? {
                // The mirror's last word on a file: it is closed after.
                Some(mut kept) => {
                    kept.time_pending = false;
                    meta::apply_fd_after(
                        kept.file.as_fd(),
                        meta,
                        self.owners,
                        kept.created_with.as_ref(),
                    )
                }
                None => {
                    let at = self.lookup(path)?;
                    meta::apply_at(at.dir.as_fd(), &at.name, meta, self.owners)
                }
            },
            Operation::Rename { from, to } => self.rename(from, to),
            Operation::Delete { path } | Operation::Rmdir { path } => match self.lookup(path) {
                Ok(at) => remove_entry(at.dir.as_fd(), &at.name),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(e),
            },
        }
    }

    /// `path` open for writing: the kept file, or the path opened (see
    /// [`open_regular`](Self::open_regular)).
    fn writable(&self, path: &RelPath) -> io::Result<KeptFile> {
        if let Some(kept) = self.open_file.take(path)? {
            return Ok(kept);
        }
        Ok(KeptFile {
            path: path.clone(),
            file: self.open_regular(path)?,
            created_with: None,
            time_pending: false,
        })
    }

    /// The parent of `path`, made if missing.
    fn parent(&self, path: &RelPath) -> io::Result<Parent> {
        self.parents.parent(self.root_fd.as_fd(), path, true)
    }

    /// The parent of `path`, which must exist.
    fn lookup(&self, path: &RelPath) -> io::Result<Parent> {
        self.parents.parent(self.root_fd.as_fd(), path, false)
    }

    fn mkdir(&self, path: &RelPath, meta: &FileMeta) -> io::Result<()> {
        let at = self.parent(path)?;
        let dir = match open_dir(at.dir.as_fd(), at.name.as_bytes()) {
            Ok(dir) => dir,
            Err(e) => {
                match Errno::from_io_error(&e) {
                    Some(Errno::NOENT) => {}
                    Some(Errno::LOOP | Errno::NOTDIR) => remove_entry(at.dir.as_fd(), &at.name)?,
                    _ => return Err(e),
                }
                rustix::fs::mkdirat(&at.dir, &at.name, Mode::from_raw_mode(0o700))?;
                open_dir(at.dir.as_fd(), at.name.as_bytes())?
            }
        };
        meta::apply_fd(dir.as_fd(), meta, self.owners)
    }

    /// Creates (or empties) the regular file `path` with `meta`'s owner and mode;
    /// returns it open (its time is the caller's: see [`KeptFile::time_pending`]).
    fn create(&self, path: &RelPath, meta: &FileMeta) -> io::Result<File> {
        let at = self.parent(path)?;
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::CLOEXEC;
        // Created with its permission bits (the descriptor may write even when they do
        // not let its owner), so that most often it needs no other call to get them.
        let mode = Mode::from_raw_mode(meta.mode & 0o777);
        // Most often nothing is there yet: one call makes the file.
        match openat(&at.dir, &at.name, flags | OFlags::EXCL, mode) {
            Ok(file) => {
                meta::apply_created(file.as_fd(), meta, self.owners)?;
                return Ok(File::from(file));
            }
            Err(Errno::EXIST) => {}
            Err(e) => return Err(e.into()),
        }
        match statat(&at.dir, &at.name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile => {
                remove_entry(at.dir.as_fd(), &at.name)?;
                // It may have been a directory the cache holds.
                self.parents.forget();
            }
            Ok(_) | Err(Errno::NOENT) => {}
            Err(e) => return Err(e.into()),
        }
        let file = openat(&at.dir, &at.name, flags | OFlags::TRUNC, mode)?;
        meta::apply_fd_but_time(file.as_fd(), meta, self.owners)?;
        Ok(File::from(file))
    }

    /// Opens `path` for writing, creating a missing file; anything but a regular file
    /// (a link, a directory, a device, a FIFO) is refused.
    fn open_regular(&self, path: &RelPath) -> io::Result<File> {
        let at = self.parent(path)?;
        let flags = OFlags::WRONLY
            | OFlags::CREATE
            | OFlags::NOFOLLOW
            | OFlags::NONBLOCK
            | OFlags::NOCTTY
            | OFlags::CLOEXEC;
        let fd = openat(
            &at.dir,
            &at.name,
            flags,
            Mode::from_raw_mode(CREATED_FILE_MODE),
        )?;
        if FileType::from_raw_mode(fstat(&fd)?.st_mode) != FileType::RegularFile {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{path} is not a regular file on the target"),
            ));
        }
        Ok(File::from(fd))
    }

    fn symlink(&self, path: &RelPath, target: &[u8]) -> io::Result<()> {
        let at = self.parent(path)?;
        match symlinkat(target, &at.dir, &at.name) {
            Err(Errno::EXIST) => {
                remove_entry(at.dir.as_fd(), &at.name)?;
                Ok(symlinkat(target, &at.dir, &at.name)?)
            }
            other => Ok(other?),
        }
    }

    fn rename(&self, from: &RelPath, to: &RelPath) -> io::Result<()> {
        let source = match self.lookup(from) {
            Ok(source) => source,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return self.already_renamed(to, e),
            Err(e) => return Err(e),
        };
        let dest = self.parent(to)?;
        match renameat(&source.dir, &source.name, &dest.dir, &dest.name) {
            Ok(()) => Ok(()),
            Err(Errno::NOENT) => self.already_renamed(to, Errno::NOENT.into()),
            Err(Errno::ISDIR | Errno::NOTDIR | Errno::NOTEMPTY | Errno::EXIST) => {
                remove_entry(dest.dir.as_fd(), &dest.name)?;
                Ok(renameat(&source.dir, &source.name, &dest.dir, &dest.name)?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A rename whose source is gone is done when its destination `to` exists (it was
    /// carried out before a crash); otherwise the replica lacks the source: `missing`.
    fn already_renamed(&self, to: &RelPath, missing: io::Error) -> io::Result<()> {
        let dest = match self.lookup(to) {
            Ok(dest) => dest,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(missing),
            Err(e) => return Err(e),
        };
        match statat(&dest.dir, &dest.name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(_) => Ok(()),
            Err(Errno::NOENT) => Err(missing),
            Err(e) => Err(e.into()),
        }
    }
}

impl Execute for Replica {
    fn execute(&mut self, op: &Operation) -> io::Result<()> {
        self.apply(op)
    }

    /// Closes the kept file, setting the time its `Create` left pending.
    fn settle(&mut self) -> io::Result<()> {
        self.open_file.close()
    }

    fn root(&self) -> &Path {
        &self.root
    }
}

/// Writes `data` at `offset` of `file` in [`WRITE_PIECE`]s.
fn write_in_pieces(file: &File, data: &[u8], offset: u64) -> io::Result<()> {
    let mut at = offset;
    for piece in data.chunks(WRITE_PIECE) {
        file.write_all_at(piece, at)?;
        at += piece.len() as u64;
    }
    Ok(())
}
