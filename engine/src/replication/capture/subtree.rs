//! Subtrees of maps keyed by absolute paths: what a directory's removal or rename moves.
//!
//! `PathBuf` orders component by component, so a directory and everything below it
//! are one contiguous range of a `BTreeMap`: `/a`, `/a/b`, `/a/b/c` come before `/a-b`.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};

/// Removes `root` and every entry below it; returns them in path order.
pub(super) fn take_subtree<V>(map: &mut BTreeMap<PathBuf, V>, root: &Path) -> Vec<(PathBuf, V)> {
    let keys: Vec<PathBuf> = map
        .range::<Path, _>((Bound::Included(root), Bound::Unbounded))
        .take_while(|(key, _)| key.starts_with(root))
        .map(|(key, _)| key.clone())
        .collect();
    keys.into_iter()
        .filter_map(|key| map.remove_entry(&key))
        .collect()
}

/// Whether `root` or anything below it is in `map`.
pub(super) fn has_subtree<V>(map: &BTreeMap<PathBuf, V>, root: &Path) -> bool {
    map.range::<Path, _>((Bound::Included(root), Bound::Unbounded))
        .next()
        .is_some_and(|(key, _)| key.starts_with(root))
}

/// `path`, which is `from` or below it, with `from` replaced by `to`.
pub(super) fn rebase(path: &Path, from: &Path, to: &Path) -> PathBuf {
    match path.strip_prefix(from) {
        Ok(rest) if rest.as_os_str().is_empty() => to.to_path_buf(),
        Ok(rest) => to.join(rest),
        Err(_) => path.to_path_buf(),
    }
}

/// Moves `from` and everything below it to `to`, dropping what was at and below `to`;
/// `visit` may adjust each moved value and sees its new path.
pub(super) fn move_subtree<V>(
    map: &mut BTreeMap<PathBuf, V>,
    from: &Path,
    to: &Path,
    mut visit: impl FnMut(&Path, &mut V),
) {
    let moved = take_subtree(map, from);
    take_subtree(map, to);
    for (path, mut value) in moved {
        let new_path = rebase(&path, from, to);
        visit(&new_path, &mut value);
        map.insert(new_path, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(paths: &[&str]) -> BTreeMap<PathBuf, u32> {
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| (PathBuf::from(p), i as u32))
            .collect()
    }

    fn keys(map: &BTreeMap<PathBuf, u32>) -> Vec<&str> {
        map.keys().map(|k| k.to_str().unwrap()).collect()
    }

    #[test]
    fn a_subtree_is_the_path_and_what_is_below_it() {
        let mut m = map(&["/a", "/a/b", "/a/b/c", "/a-b", "/ab", "/a.b/x", "/b"]);
        assert!(has_subtree(&m, Path::new("/a/b")));
        assert!(!has_subtree(&m, Path::new("/a/c")));
        let taken: Vec<PathBuf> = take_subtree(&mut m, Path::new("/a"))
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            taken,
            vec![
                PathBuf::from("/a"),
                PathBuf::from("/a/b"),
                PathBuf::from("/a/b/c")
            ]
        );
        assert_eq!(keys(&m), vec!["/a-b", "/a.b/x", "/ab", "/b"]);
    }

    #[test]
    fn a_move_replaces_the_destination() {
        let mut m = map(&["/a", "/a/x", "/b", "/b/old", "/c"]);
        let mut seen = Vec::new();
        move_subtree(&mut m, Path::new("/a"), Path::new("/b"), |p, _| {
            seen.push(p.to_path_buf())
        });
        assert_eq!(keys(&m), vec!["/b", "/b/x", "/c"]);
        assert_eq!(seen, vec![PathBuf::from("/b"), PathBuf::from("/b/x")]);
        assert_eq!(m[Path::new("/b/x")], 1);
        assert_eq!(
            rebase(Path::new("/q/r"), Path::new("/a"), Path::new("/b")),
            PathBuf::from("/q/r")
        );
    }
}
