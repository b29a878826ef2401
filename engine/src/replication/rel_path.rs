//! [`RelPath`]: where a protected file lives, relative to the replica's root.
//!
//! A source path `/srv/docs/a.txt` travels as `srv/docs/a.txt` and lands under the job's
//! target path, e.g. `/replica/srv/docs/a.txt`. Because the target applies what arrives
//! from the network, a `RelPath` is checked when it is made and when it is decoded: it
//! is never empty, never absolute, and has no `.`, `..` or empty components and no NUL,
//! so joining it to a root cannot leave that root lexically. (Symlinks inside the
//! replica are the applier's concern.)

use std::ffi::OsStr;
use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why bytes are not a [`RelPath`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelPathError {
    /// The path is empty.
    #[error("empty path")]
    Empty,
    /// The path starts at `/`.
    #[error("{0:?} is absolute")]
    Absolute(String),
    /// A component is `.`, `..` or empty (`a//b`).
    #[error("{0:?} has a '.', '..' or empty component")]
    BadComponent(String),
    /// The path holds a NUL byte.
    #[error("{0:?} holds a NUL byte")]
    Nul(String),
}

/// A relative path with only normal components (file names may be any bytes but `/`
/// and NUL, so non-UTF-8 names travel intact).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelPath(Vec<u8>);

impl RelPath {
    /// Checks `bytes` (components separated by `/`).
    pub fn from_bytes(bytes: &[u8]) -> Result<RelPath, RelPathError> {
        let shown = || String::from_utf8_lossy(bytes).into_owned();
        if bytes.is_empty() {
            return Err(RelPathError::Empty);
        }
        if bytes[0] == b'/' {
            return Err(RelPathError::Absolute(shown()));
        }
        if bytes.contains(&0) {
            return Err(RelPathError::Nul(shown()));
        }
        if bytes
            .split(|&b| b == b'/')
            .any(|c| c.is_empty() || c == b"." || c == b"..")
        {
            return Err(RelPathError::BadComponent(shown()));
        }
        Ok(RelPath(bytes.to_vec()))
    }

    /// The replica path of source path `absolute` (`/srv/a` → `srv/a`); `None` for `/`
    /// itself or a path with `.`/`..` components.
    pub fn of_source(absolute: &Path) -> Option<RelPath> {
        let mut out = Vec::new();
        for component in absolute.components() {
            match component {
                Component::RootDir => {}
                Component::Normal(name) => {
                    if !out.is_empty() {
                        out.push(b'/');
                    }
                    out.extend_from_slice(name.as_bytes());
                }
                _ => return None,
            }
        }
        RelPath::from_bytes(&out).ok()
    }

    /// The replica path of source path `absolute` taken below `root` (`/`: as
    /// [`of_source`](RelPath::of_source)); `None` for `root` itself or a path outside it.
    pub fn of_source_in(root: &Path, absolute: &Path) -> Option<RelPath> {
        let below = absolute.strip_prefix(root).ok()?;
        RelPath::of_source(&Path::new("/").join(below))
    }

    /// The path's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// As a `Path`.
    pub fn as_path(&self) -> &Path {
        Path::new(OsStr::from_bytes(&self.0))
    }

    /// This path under `root`.
    pub fn under(&self, root: &Path) -> PathBuf {
        root.join(self.as_path())
    }

    /// The parent directory, `None` at the top.
    pub fn parent(&self) -> Option<RelPath> {
        let slash = self.0.iter().rposition(|&b| b == b'/')?;
        Some(RelPath(self.0[..slash].to_vec()))
    }
}

impl fmt::Debug for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

impl Serialize for RelPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for RelPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: serde_bytes::ByteBuf = Deserialize::deserialize(deserializer)?;
        RelPath::from_bytes(&bytes).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_source_path_below_a_root() {
        let rel = |root: &str, path: &str| {
            RelPath::of_source_in(Path::new(root), Path::new(path)).map(|r| r.to_string())
        };
        assert_eq!(rel("/", "/srv/a").as_deref(), Some("srv/a"));
        assert_eq!(rel("/replica", "/replica/srv/a").as_deref(), Some("srv/a"));
        assert_eq!(rel("/replica", "/replica"), None);
        assert_eq!(rel("/replica", "/replicas/srv"), None);
        assert_eq!(rel("/replica", "/srv/a"), None);
    }

    #[test]
    fn accepts_normal_relative_paths_only() {
        assert!(RelPath::from_bytes(b"srv/docs/a.txt").is_ok());
        assert!(RelPath::from_bytes("srv/dé\tj à".as_bytes()).is_ok());
        assert!(RelPath::from_bytes(b"srv/\xff\xfe").is_ok());
        assert_eq!(RelPath::from_bytes(b""), Err(RelPathError::Empty));
        for bad in [
            &b"/etc/passwd"[..],
            b"a/../../etc",
            b"./a",
            b"a//b",
            b"a/",
            b"..",
            b"a\0b",
        ] {
            assert!(RelPath::from_bytes(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn source_paths_map_under_the_root() {
        let rel = RelPath::of_source(Path::new("/srv/docs/a.txt")).unwrap();
        assert_eq!(rel.as_bytes(), b"srv/docs/a.txt");
        assert_eq!(
            rel.under(Path::new("/replica")),
            Path::new("/replica/srv/docs/a.txt")
        );
        assert_eq!(rel.parent().unwrap().as_bytes(), b"srv/docs");
        assert_eq!(RelPath::of_source(Path::new("/")), None);
        assert_eq!(RelPath::of_source(Path::new("/srv/../etc")), None);
    }

    proptest! {
        #[test]
        fn joined_paths_stay_under_the_root(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Ok(rel) = RelPath::from_bytes(&bytes) {
                let root = Path::new("/replica");
                let joined = rel.under(root);
                prop_assert!(joined.starts_with(root));
                prop_assert!(joined.components().all(|c| !matches!(c, Component::ParentDir | Component::CurDir)));
            }
        }
    }
}
