//! RemapLink: the text a symbolic link travels with.

use std::ffi::OsStr;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use crate::replication::RelPath;
use crate::repset::ReplicationSet;

use super::options::RemapLink;

/// The text the mirror sends for a link reading `text` on the source: with
/// [`RemapLink::Remap`], an absolute `text` naming a path in `set` becomes that path
/// under `target_path`; anything else is sent as it is.
pub fn remapped_link_text(
    text: &[u8],
    set: &ReplicationSet,
    remap: RemapLink,
    target_path: &Path,
) -> Vec<u8> {
    let pointee = Path::new(OsStr::from_bytes(text));
    if remap == RemapLink::Retain || !pointee.has_root() || !set.includes(pointee) {
        return text.to_vec();
    }
    match RelPath::of_source(pointee) {
        Some(rel) => rel.under(target_path).into_os_string().into_vec(),
        None => text.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repset::{Rule, RuleAttributes};

    fn set() -> ReplicationSet {
        let rules = vec![
            Rule::new("/srv", RuleAttributes::INCLUDE_RECURSIVE).unwrap(),
            Rule::new("/srv/tmp", RuleAttributes::EXCLUDE_RECURSIVE).unwrap(),
        ];
        ReplicationSet::new("s", rules, chrono::Utc::now()).unwrap()
    }

    fn sent(text: &str, remap: RemapLink) -> String {
        let out = remapped_link_text(text.as_bytes(), &set(), remap, Path::new("/replica"));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn absolute_links_into_the_set_are_remapped_by_default() {
        let remap = RemapLink::default();
        assert_eq!(sent("/srv/docs/a", remap), "/replica/srv/docs/a");
        assert_eq!(sent("//srv/./docs", remap), "/replica/srv/docs");
        assert_eq!(sent("/srv", remap), "/replica/srv");
    }

    #[test]
    fn other_links_travel_as_they_are() {
        let remap = RemapLink::Remap;
        assert_eq!(sent("../docs/a", remap), "../docs/a");
        assert_eq!(sent("/etc/passwd", remap), "/etc/passwd");
        assert_eq!(sent("/srv/tmp/x", remap), "/srv/tmp/x");
        assert_eq!(sent("/srv/../etc", remap), "/srv/../etc");
        assert_eq!(sent("/srv/docs/a", RemapLink::Retain), "/srv/docs/a");
    }
}
