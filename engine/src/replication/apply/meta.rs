//! Applying a [`FileMeta`]: owner (only when the engine runs as root), then mode
//! (after the owner, since a change of owner clears set-ID bits), then modification
//! time. A symbolic link gets owner and time on the link itself; Linux links have no
//! mode of their own.

use std::ffi::CStr;
use std::io;
use std::os::fd::BorrowedFd;

use rustix::fs::{
    chownat, fchmod, fchown, fstat, futimens, openat, utimensat, AtFlags, Gid, Mode, OFlags,
    Timespec, Timestamps, Uid, UTIME_OMIT,
};
use rustix::io::Errno;

use crate::replication::FileMeta;

/// Sets `meta` on the open file or directory `fd`.
pub(super) fn apply_fd(fd: BorrowedFd<'_>, meta: &FileMeta, owners: bool) -> io::Result<()> {
    apply_fd_but_time(fd, meta, owners)?;
    set_time(fd, meta)
}

/// Sets `meta`'s owner and mode on the open file or directory `fd`.
pub(super) fn apply_fd_but_time(
    fd: BorrowedFd<'_>,
    meta: &FileMeta,
    owners: bool,
) -> io::Result<()> {
    if owners {
        fchown(fd, Some(uid(meta)), Some(gid(meta)))?;
    }
    Ok(fchmod(fd, Mode::from_raw_mode(meta.mode & 0o7777))?)
}

/// Gives the regular file `fd`, just created with `meta`'s permission bits, `meta`'s
/// owner (when `owners`) and mode, with a call only for what creation did not set
/// already: creation applies the umask (or a default ACL), gives the group of a
/// set-group-ID directory, and never sets set-ID bits.
pub(super) fn apply_created(fd: BorrowedFd<'_>, meta: &FileMeta, owners: bool) -> io::Result<()> {
    let created = fstat(fd)?;
    if owners && (created.st_uid, created.st_gid) != (meta.uid, meta.gid) {
        return apply_fd_but_time(fd, meta, owners);
    }
    if created.st_mode & 0o7777 != meta.mode & 0o7777 {
        fchmod(fd, Mode::from_raw_mode(meta.mode & 0o7777))?;
    }
    Ok(())
}

/// Sets `meta`'s modification time on the open file or directory `fd`.
pub(super) fn set_time(fd: BorrowedFd<'_>, meta: &FileMeta) -> io::Result<()> {
    Ok(futimens(fd, &times(meta))?)
}

/// Sets `meta` on the open regular file `fd`, through which `earlier` was applied
/// (nothing but writes since): the owner and mode are left alone when they are
/// `earlier`'s, unless set-ID bits (which a write may clear) are involved; the
/// modification time is always set.
pub(super) fn apply_fd_after(
    fd: BorrowedFd<'_>,
    meta: &FileMeta,
    owners: bool,
    earlier: Option<&FileMeta>,
) -> io::Result<()> {
    let Some(earlier) = earlier else {
        return apply_fd(fd, meta, owners);
    };
    let same_owner = (earlier.uid, earlier.gid) == (meta.uid, meta.gid);
    let mode = meta.mode & 0o7777;
    let same_mode = earlier.mode & 0o7777 == mode && mode & SET_ID_BITS == 0;
    if owners && !same_owner {
        return apply_fd(fd, meta, owners);
    }
    if !same_mode {
        fchmod(fd, Mode::from_raw_mode(mode))?;
    }
    set_time(fd, meta)
}

/// Set-user-ID and set-group-ID: a write or a change of owner may clear them.
const SET_ID_BITS: u32 = 0o6000;

/// Sets `meta` on `name` in `dir`, which may be a symbolic link (never followed).
pub(super) fn apply_at(
    dir: BorrowedFd<'_>,
    name: &CStr,
    meta: &FileMeta,
    owners: bool,
) -> io::Result<()> {
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    match openat(dir, name, flags, Mode::empty()) {
        Ok(fd) => apply_fd(std::os::fd::AsFd::as_fd(&fd), meta, owners),
        Err(Errno::LOOP) => {
            if owners {
                chownat(
                    dir,
                    name,
                    Some(uid(meta)),
                    Some(gid(meta)),
                    AtFlags::SYMLINK_NOFOLLOW,
                )?;
            }
            Ok(utimensat(
                dir,
                name,
                &times(meta),
                AtFlags::SYMLINK_NOFOLLOW,
            )?)
        }
        Err(e) => Err(e.into()),
    }
}

fn uid(meta: &FileMeta) -> Uid {
    Uid::from_raw(meta.uid)
}

fn gid(meta: &FileMeta) -> Gid {
    Gid::from_raw(meta.gid)
}

/// Access time left alone, modification time from `meta`.
fn times(meta: &FileMeta) -> Timestamps {
    Timestamps {
        last_access: Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_OMIT,
        },
        last_modification: Timespec {
            tv_sec: meta.mtime_ns.div_euclid(1_000_000_000),
            tv_nsec: meta.mtime_ns.rem_euclid(1_000_000_000),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::fs;
    use std::os::fd::AsFd;
    use std::os::unix::fs::{symlink, MetadataExt};

    #[test]
    fn times_before_1970_keep_their_nanoseconds_in_range() {
        let t = times(&FileMeta {
            mode: 0,
            uid: 0,
            gid: 0,
            mtime_ns: -1,
        });
        assert_eq!(t.last_modification.tv_sec, -1);
        assert_eq!(t.last_modification.tv_nsec, 999_999_999);
    }

    #[test]
    fn sets_mode_and_time_and_leaves_link_targets_alone() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        fs::write(&victim, b"x").unwrap();
        let before = fs::metadata(&victim).unwrap();
        fs::write(root.path().join("f"), b"x").unwrap();
        symlink(&victim, root.path().join("l")).unwrap();
        let dir = fs::File::open(root.path()).unwrap();
        let meta = FileMeta {
            mode: 0o4751,
            uid: 0,
            gid: 0,
            mtime_ns: 1_500_000_000_123_456_789,
        };
        for name in ["f", "l"] {
            apply_at(dir.as_fd(), &CString::new(name).unwrap(), &meta, false).unwrap();
        }
        let f = fs::symlink_metadata(root.path().join("f")).unwrap();
        assert_eq!(f.mode() & 0o7777, 0o4751);
        assert_eq!((f.mtime(), f.mtime_nsec()), (1_500_000_000, 123_456_789));
        let l = fs::symlink_metadata(root.path().join("l")).unwrap();
        assert_eq!(l.mtime(), 1_500_000_000);
        let after = fs::metadata(&victim).unwrap();
        assert_eq!(after.mode(), before.mode());
        assert_eq!(after.mtime_nsec(), before.mtime_nsec());
        assert_eq!(after.mtime(), before.mtime());
    }
}
