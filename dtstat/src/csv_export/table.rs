//! Writes rows of one kind (connections or targets) as RFC 4180 CSV, streaming.
//!
//! Rows are spelled straight into one output buffer (CRLF line ends, quoting only where a
//! text cell needs it). The columns that depend only on the snapshot (the server-wide
//! sections of `-s`) are spelled once per snapshot and copied into each of its rows.

use std::io::Write;

use logparse::sts::Snapshot;

use super::column::Column;
use super::value::{push_quoted, Value};
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
    /// The current snapshot's shared columns, spelled, each preceded by its comma.
    shared: Vec<u8>,
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
            shared: Vec::new(),
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
        push_cells(
            &mut self.shared,
            shared,
            rates,
            shared_from,
            snapshot,
            first,
            interval,
            self.delta,
        );
        let own = &self.table.columns[..shared_from];
        let own_rates = &self.rates[..shared_from];
        for entry in entries {
            push_cells(
                &mut self.buffer,
                own,
                own_rates,
                0,
                snapshot,
                entry,
                interval,
                self.delta,
            );
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

/// Appends the cells of `columns` (the first at index `first_index` of the table), each
/// after a comma unless it is the row's first, with the `--delta` interval and rates.
#[allow(clippy::too_many_arguments)]
fn push_cells<T>(
    out: &mut Vec<u8>,
    columns: &[Column<T>],
    rates: &[bool],
    first_index: usize,
    snapshot: &Snapshot,
    entry: &T,
    interval: Option<f64>,
    delta: bool,
) {
    for (offset, (column, &rate)) in columns.iter().zip(rates).enumerate() {
        let index = first_index + offset;
        if index > 0 {
            out.push(b',');
        }
        let value = (column.value)(snapshot, entry);
        value.append_to(out);
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
