//! A CSV column: its header and where its value comes from in a snapshot.

use logparse::sts::Snapshot;

use super::value::Value;

/// One column of an export whose rows are entries of type `T` (a connection or a target)
/// of a snapshot.
pub(crate) struct Column<T: 'static> {
    /// The header cell: the guide's identifier of the statistic, ` (UTC)` after a time.
    pub(crate) header: &'static str,
    /// The cell of the row for `entry` of `snapshot`.
    pub(crate) value: for<'a> fn(&'a Snapshot, &'a T) -> Value<'a>,
}

/// The Date/Time Stamp column every export starts with.
pub(crate) const TIMESTAMP_HEADER: &str = "Date/Time Stamp (UTC)";

/// The Date/Time Stamp column, for any kind of row.
pub(crate) fn timestamp<T>() -> Column<T> {
    Column {
        header: TIMESTAMP_HEADER,
        value: |snapshot, _| Value::Time(Some(snapshot.timestamp)),
    }
}
