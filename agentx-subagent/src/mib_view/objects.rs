//! The subtree's object types in numeric OID order: each scalar and each table column,
//! with where its instances' values live in a [`super::MibView`].

use std::sync::LazyLock;

use super::columns::{EXT_COLUMNS, VENDOR_COLUMNS};
use super::oids;
use super::scalars::SCALARS;

/// Where an object type's instances live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Instances {
    /// A scalar: the single instance `.0`, value at this position of the view's scalars.
    Scalar(usize),
    /// A column: one instance per row (`.index`), values in this column of the view.
    Column(usize),
}

/// One object type: its OID (instances are that OID plus a suffix) and its instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Object {
    /// The object type's OID.
    pub base: Vec<u32>,
    /// Where its instances live.
    pub instances: Instances,
}

/// Every accessible object type, sorted by OID; no OID is a prefix of another.
pub(super) static OBJECTS: LazyLock<Vec<Object>> = LazyLock::new(|| {
    let scalars = SCALARS.iter().enumerate().map(|(slot, (oid, _))| Object {
        base: oid.to_vec(),
        instances: Instances::Scalar(slot),
    });
    let vendor = VENDOR_COLUMNS
        .iter()
        .map(|(column, _)| (oids::DT_CONNECTION_ENTRY, *column));
    let ext = EXT_COLUMNS
        .iter()
        .map(|(column, _)| (oids::DT_CONNECTION_EXT_ENTRY, *column));
    let columns = vendor
        .chain(ext)
        .enumerate()
        .map(|(slot, (entry, column))| {
            let mut base = entry.to_vec();
            base.push(column);
            Object {
                base,
                instances: Instances::Column(slot),
            }
        });
    let mut objects: Vec<Object> = scalars.chain(columns).collect();
    objects.sort_by(|a, b| a.base.cmp(&b.base));
    objects
});

/// The position in [`OBJECTS`] of the object type `oid` is an instance of (or equals).
pub(super) fn containing(oid: &[u32]) -> Option<usize> {
    let after = OBJECTS.partition_point(|object| object.base.as_slice() <= oid);
    let candidate = after.checked_sub(1)?;
    oid.starts_with(&OBJECTS[candidate].base)
        .then_some(candidate)
}

/// The position in [`OBJECTS`] of the first object type that may hold an instance after
/// `oid`: every object type before it lies wholly before `oid`.
pub(super) fn first_not_before(oid: &[u32]) -> usize {
    OBJECTS.partition_point(|object| object.base.as_slice() < oid && !oid.starts_with(&object.base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_sorted_and_none_is_under_another() {
        assert_eq!(
            OBJECTS.len(),
            SCALARS.len() + VENDOR_COLUMNS.len() + EXT_COLUMNS.len()
        );
        for pair in OBJECTS.windows(2) {
            assert!(pair[0].base < pair[1].base);
            assert!(!pair[1].base.starts_with(&pair[0].base));
        }
        assert!(OBJECTS
            .iter()
            .all(|o| o.base.starts_with(oids::NSI_DOUBLE_TAKE)));
    }

    #[test]
    fn containing_finds_the_object_of_an_instance() {
        let up_time = containing(&[1, 3, 6, 1, 4, 1, 2592, 3, 2, 1, 0]);
        assert_eq!(
            up_time.map(|i| OBJECTS[i].base.as_slice()),
            Some(oids::DT_UP_TIME)
        );
        assert_eq!(containing(&[1, 3, 6, 1, 4, 1, 2592, 3, 2]), None);
        assert_eq!(
            containing(&[1, 3, 6, 1, 4, 1, 2592, 3, 6, 2, 1, 1, 5]),
            None,
            "index column"
        );
    }

    #[test]
    fn first_not_before_skips_whole_earlier_subtrees() {
        assert_eq!(first_not_before(&[1]), 0);
        assert_eq!(first_not_before(&[1, 3, 6, 1, 4, 1, 2592, 3, 2, 1, 0]), 0);
        assert_eq!(
            first_not_before(&[1, 3, 6, 1, 4, 1, 2592, 3, 2, 1, 9, 9]),
            0
        );
        assert_eq!(first_not_before(&[1, 3, 6, 1, 4, 1, 2592, 3, 2, 2]), 1);
        assert_eq!(first_not_before(&[2]), OBJECTS.len());
    }
}
