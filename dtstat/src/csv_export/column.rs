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

/// Defines a section's columns, `const NAME: [Column<Entry>; N] = [C { header, value }, …]`,
/// and from the same list `fn ROW(out, last_times, snapshot, entry)`, which appends that
/// section's cells for one entry, each after a comma, as [`Value::append_after_comma`]
/// spells them. Every value is a direct call the compiler inlines: no call through a
/// function pointer and no `Value` match per cell, the bulk of a `-s` export's work.
macro_rules! columns {
    (
        $(#[$doc:meta])*
        $name:ident, $row:ident: [$entry:ty; $n:literal] = [
            $(C { header: $header:literal, value: $value:expr $(,)? }),* $(,)?
        ]
    ) => {
        $(#[$doc])*
        const $name: [$crate::csv_export::column::Column<$entry>; $n] = [
            $($crate::csv_export::column::Column { header: $header, value: $value }),*
        ];

        /// Appends the cells of the section's columns for `entry` of `snapshot`, each after
        /// a comma; `last_times` are the columns' last spelled times.
        pub(crate) fn $row(
            out: &mut Vec<u8>,
            last_times: &mut [$crate::csv_export::value::LastTime],
            snapshot: &logparse::sts::Snapshot,
            entry: &$entry,
        ) {
            let mut times = last_times.iter_mut();
            // Without a memory for a column (never, by construction) its cell is spelled anew.
            let mut spare = $crate::csv_export::value::LastTime::default();
            $(
                let value: for<'a> fn(
                    &'a logparse::sts::Snapshot,
                    &'a $entry,
                ) -> $crate::csv_export::value::Value<'a> = $value;
                let last = times.next().unwrap_or(&mut spare);
                value(snapshot, entry).append_after_comma(out, last);
            )*
        }
    };
}

pub(crate) use columns;
