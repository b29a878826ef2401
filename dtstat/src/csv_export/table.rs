//! Writes rows of one kind (connections or targets) as RFC 4180 CSV, streaming.
//!
//! Rows are spelled straight into one output buffer (CRLF line ends, quoting only where a
//! text cell needs it). The columns that depend only on the snapshot (the Date/Time Stamp
//! and the server-wide sections of `-s`) are spelled once per snapshot and copied into
//! each of its rows; without `--delta`, an entry's own cells are spelled by the function
//! its section's column list generates (see `columns!`).

use std::io::Write;

use logparse::sts::Snapshot;

use super::column::Column;
use super::value::{push_quoted, LastTime, Value};
use super::{ExportError, ExportSummary};
use crate::delta::{is_counter, per_second};
use crate::filter::Filter;

/// Output bytes gathered before each write to the output.
const BUFFER: usize = 256 * 1024;
/// Header of the `--delta` column holding each interval's length.
const INTERVAL_HEADER: &str = "Interval (s)";
/// Appended to a counter's header for its `--delta` per-second rate column.
const RATE_SUFFIX: &str = " per second";
/// RFC 4180's record separator.
const LINE_END: &[u8] = b"\r\n";

/// The rows of an export: which entries of a snapshot, which of them `-IP` keeps, which columns.
pub(crate) struct Table<T: 'static> {
    /// The columns, Date/Time Stamp first.
    pub(crate) columns: Vec<Column<T>>,
    /// Columns from this index on depend only on the snapshot, not on the entry.
    pub(crate) shared_from: usize,
    /// Appends an entry's cells of the columns after the Date/Time Stamp and before
    /// `shared_from`, each after a comma, without `--delta`'s columns (`last_times` are
    /// those columns' last spelled times).
    pub(crate) own_cells: fn(&mut Vec<u8>, &mut [LastTime], &Snapshot, &T),
    /// The entries of a snapshot, one row each.
    pub(crate) entries: fn(&Snapshot) -> &[T],
    /// Whether `-IP` keeps an entry.
    pub(crate) keeps: fn(&Filter, &T) -> bool,
}

/// A CSV writer for one [`Table`]; with `delta`, counters are differences and each has a
/// rate column after it, and an interval column follows the Date/Time Stamp.
pub(crate) struct TableWriter<'f, T: 'static, W: Write> {
    table: Table<T>,
    /// Per column: whether a rate column follows it (a counter in `--delta`).
    rates: Vec<bool>,
    filter: &'f Filter,
    out: W,
    buffer: Vec<u8>,
    /// The current snapshot's Date/Time Stamp, spelled.
    stamp: Vec<u8>,
    /// The current snapshot's shared columns, spelled, each preceded by its comma.
    shared: Vec<u8>,
    /// Per column: the last time it spelled.
    last_times: Vec<LastTime>,
    delta: bool,
    summary: ExportSummary,
}

impl<'f, T: 'static, W: Write> TableWriter<'f, T, W> {
    /// Starts the export with its header row.
    pub(crate) fn new(
        table: Table<T>,
        filter: &'f Filter,
        out: W,
        delta: bool,
    ) -> Result<Self, ExportError> {
        let columns = table.columns.len();
        let rates = table
            .columns
            .iter()
            .map(|c| delta && is_counter(c.header))
            .collect();
        let mut writer = TableWriter {
            table,
            rates,
            filter,
            out,
            buffer: Vec::with_capacity(BUFFER + 64 * 1024),
            stamp: Vec::new(),
            shared: Vec::new(),
            last_times: vec![LastTime::default(); columns],
            delta,
            summary: ExportSummary::default(),
        };
        writer.header();
        Ok(writer)
    }

    fn header(&mut self) {
        for (index, column) in self.table.columns.iter().enumerate() {
            if index > 0 {
                self.buffer.push(b',');
            }
            push_quoted(&mut self.buffer, column.header);
            if index == 0 && self.delta {
                self.buffer.push(b',');
                push_quoted(&mut self.buffer, INTERVAL_HEADER);
            }
            if self.rates[index] {
                self.buffer.push(b',');
                push_quoted(&mut self.buffer, &format!("{}{RATE_SUFFIX}", column.header));
            }
        }
        self.buffer.extend_from_slice(LINE_END);
    }

    /// Writes a row per kept entry of `snapshot`; `interval` is the `--delta` interval in seconds.
    pub(crate) fn snapshot(
        &mut self,
        snapshot: &Snapshot,
        interval: Option<f64>,
    ) -> Result<(), ExportError> {
        self.summary.snapshots += 1;
        if !self.filter.keeps_time(snapshot.timestamp) {
            return Ok(());
        }
        self.summary.kept += 1;
        let mut entries = (self.table.entries)(snapshot)
            .iter()
            .filter(|e| (self.table.keeps)(self.filter, e))
            .peekable();
        let Some(first) = entries.peek() else {
            return Ok(());
        };
        let shared_from = self.table.shared_from;
        self.shared.clear();
        let shared = &self.table.columns[shared_from..];
        let rates = &self.rates[shared_from..];
        let (own_times, shared_times) = self.last_times.split_at_mut(shared_from);
        let row = Row {
            snapshot,
            entry: *first,
            interval,
            delta: self.delta,
        };
        push_cells(
            &mut self.shared,
            shared,
            rates,
            shared_times,
            shared_from,
            &row,
        );
        let own = &self.table.columns[..shared_from];
        let own_rates = &self.rates[..shared_from];
        // The Date/Time Stamp is the snapshot's: spelled once for all its rows.
        self.stamp.clear();
        if let (Some(column), [stamp_time, ..]) = (own.first(), &mut *own_times) {
            (column.value)(snapshot, row.entry).append_remembering(&mut self.stamp, stamp_time);
        }
        for entry in entries {
            if self.delta {
                let row = Row { entry, ..row };
                push_cells(&mut self.buffer, own, own_rates, own_times, 0, &row);
            } else {
                self.buffer.extend_from_slice(&self.stamp);
                let cell_times = own_times.get_mut(1..).unwrap_or_default();
                (self.table.own_cells)(&mut self.buffer, cell_times, snapshot, entry);
            }
            self.buffer.extend_from_slice(&self.shared);
            self.buffer.extend_from_slice(LINE_END);
            self.summary.rows += 1;
            if self.buffer.len() >= BUFFER {
                self.out.write_all(&self.buffer).map_err(ExportError::Io)?;
                self.buffer.clear();
            }
        }
        Ok(())
    }

    /// Writes what is buffered, flushes the output and returns what was written.
    pub(crate) fn finish(mut self) -> Result<ExportSummary, ExportError> {
        self.out.write_all(&self.buffer).map_err(ExportError::Io)?;
        self.out.flush().map_err(ExportError::Io)?;
        Ok(self.summary)
    }
}

/// What one row's cells are made of.
struct Row<'s, T> {
    snapshot: &'s Snapshot,
    entry: &'s T,
    /// The `--delta` interval in seconds.
    interval: Option<f64>,
    delta: bool,
}

impl<T> Clone for Row<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Row<'_, T> {}

/// Appends the cells of `columns` (the first at index `first_index` of the table), each
/// after a comma unless it is the row's first, with the `--delta` interval and rates;
/// `last_times` are the columns' last spelled times.
fn push_cells<T>(
    out: &mut Vec<u8>,
    columns: &[Column<T>],
    rates: &[bool],
    last_times: &mut [LastTime],
    first_index: usize,
    row: &Row<'_, T>,
) {
    let Row {
        snapshot,
        entry,
        interval,
        delta,
    } = *row;
    let cells = columns.iter().zip(rates).zip(last_times);
    for (offset, ((column, &rate), last_time)) in cells.enumerate() {
        let index = first_index + offset;
        if index > 0 {
            out.push(b',');
        }
        let value = (column.value)(snapshot, entry);
        value.append_remembering(out, last_time);
        if index == 0 && delta {
            out.push(b',');
            Value::Number(interval.unwrap_or(0.0)).append_to(out);
        }
        if rate {
            out.push(b',');
            if let (Value::Count(n), Some(seconds)) = (value, interval) {
                if let Some(rate) = per_second(n, seconds) {
                    Value::Number(rate).append_to(out);
                }
            }
        }
    }
}
