//! [`FailureKind`]: why the target could not carry an operation out, as the guide's
//! events 4110–4113 name it, and whether retrying can help.

use std::fmt;
use std::io;

use rustix::io::Errno;

/// The class of a failed target write (guide events 4110–4113, 4150).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// 4110: the disk is full (`ENOSPC`, `EDQUOT`, or `EFBIG`: the file may grow no
    /// further). Raises the target-full notification; retried.
    TargetFull,
    /// 4111: a sharing violation, Linux's "locked" (`ETXTBSY`, `EBUSY`); retried.
    SharingViolation,
    /// 4112: access denied (`EACCES`, `EPERM`, `EROFS`); retried.
    AccessDenied,
    /// 4113: any other system failure (`EIO`, `EMFILE`, …); retried.
    Unknown,
    /// The replica does not hold what the operation needs (a missing file, a symbolic
    /// link or a file where a directory must be, an impossible name or link text).
    /// Retrying cannot help: the operation is discarded at once (4150) and the replica
    /// needs a remirror.
    Diverged,
}

impl FailureKind {
    /// The class of `err`.
    pub fn of(err: &io::Error) -> FailureKind {
        let Some(errno) = Errno::from_io_error(err) else {
            return match err.kind() {
                io::ErrorKind::NotFound
                | io::ErrorKind::InvalidInput
                | io::ErrorKind::InvalidData => FailureKind::Diverged,
                _ => FailureKind::Unknown,
            };
        };
        match errno {
            Errno::NOSPC | Errno::DQUOT | Errno::FBIG => FailureKind::TargetFull,
            Errno::TXTBSY | Errno::BUSY => FailureKind::SharingViolation,
            Errno::ACCESS | Errno::PERM | Errno::ROFS => FailureKind::AccessDenied,
            Errno::NOENT
            | Errno::NOTDIR
            | Errno::ISDIR
            | Errno::LOOP
            | Errno::XDEV
            | Errno::INVAL
            | Errno::NAMETOOLONG
            | Errno::NOTEMPTY
            | Errno::EXIST => FailureKind::Diverged,
            _ => FailureKind::Unknown,
        }
    }

    /// The catalogue event logged when an operation first fails this way ("… will be
    /// retried"); `None` for [`FailureKind::Diverged`], which is not retried.
    pub fn event_id(self) -> Option<u32> {
        match self {
            FailureKind::TargetFull => Some(4110),
            FailureKind::SharingViolation => Some(4111),
            FailureKind::AccessDenied => Some(4112),
            FailureKind::Unknown => Some(4113),
            FailureKind::Diverged => None,
        }
    }

    /// Whether waiting and trying again may succeed.
    pub fn is_retried(self) -> bool {
        self != FailureKind::Diverged
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FailureKind::TargetFull => "target disk full",
            FailureKind::SharingViolation => "sharing violation",
            FailureKind::AccessDenied => "access denied",
            FailureKind::Unknown => "unknown reason",
            FailureKind::Diverged => "replica differs from the source",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(errno: Errno) -> FailureKind {
        FailureKind::of(&io::Error::from(errno))
    }

    #[test]
    fn errnos_map_to_the_guides_classes() {
        assert_eq!(kind(Errno::NOSPC), FailureKind::TargetFull);
        assert_eq!(kind(Errno::DQUOT), FailureKind::TargetFull);
        assert_eq!(kind(Errno::FBIG), FailureKind::TargetFull);
        assert_eq!(kind(Errno::TXTBSY), FailureKind::SharingViolation);
        assert_eq!(kind(Errno::BUSY), FailureKind::SharingViolation);
        assert_eq!(kind(Errno::ACCESS), FailureKind::AccessDenied);
        assert_eq!(kind(Errno::PERM), FailureKind::AccessDenied);
        assert_eq!(kind(Errno::ROFS), FailureKind::AccessDenied);
        assert_eq!(kind(Errno::IO), FailureKind::Unknown);
        assert_eq!(kind(Errno::MFILE), FailureKind::Unknown);
        assert_eq!(kind(Errno::LOOP), FailureKind::Diverged);
        assert_eq!(kind(Errno::NOENT), FailureKind::Diverged);
        assert_eq!(
            FailureKind::of(&io::Error::new(io::ErrorKind::InvalidInput, "x")),
            FailureKind::Diverged
        );
        assert_eq!(
            FailureKind::of(&io::Error::other("x")),
            FailureKind::Unknown
        );
    }

    #[test]
    fn only_diverged_is_not_retried_and_has_no_retry_event() {
        let all = [
            FailureKind::TargetFull,
            FailureKind::SharingViolation,
            FailureKind::AccessDenied,
            FailureKind::Unknown,
        ];
        let ids: Vec<_> = all.iter().map(|k| k.event_id()).collect();
        assert_eq!(ids, [Some(4110), Some(4111), Some(4112), Some(4113)]);
        assert!(all.iter().all(|k| k.is_retried()));
        assert!(!FailureKind::Diverged.is_retried());
        assert_eq!(FailureKind::Diverged.event_id(), None);
    }
}
