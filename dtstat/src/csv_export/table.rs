//! Writes rows of one kind (connections or targets) as RFC 4180 CSV, streaming.

use std::io::Write;

use logparse::sts::Snapshot;

use super::column::Column;
use super::value::Value;
use super::{ExportError, ExportSummary};
use crate::delta::{is_counter, per_second};
use crate::filter::Filter;

/// Buffer between the CSV encoder and the output.
const BUFFER: usize = 256 * 1024;
/// Header of the `--delta` column holding each interval's length.
const INTERVAL_HEADER: &str = "Interval (s)";
/// Appended to a counter's header for its `--delta` per-second rate column.
const RATE_SUFFIX: &str = " per second";

/// The rows of an export: which entries of a snapshot, which of them `-IP` keeps, which columns.
pub(crate) struct Table<T: 'static> {
    /// The columns, Date/Time Stamp first.
    pub(crate) columns: Vec<Column<T>>,
    /// The entries of a snapshot, one row each.
    pub(crate) entries: fn(&Snapshot) -> &[T],
    /// Whether `-IP` keeps an entry.
    pub(crate) keeps: fn(&Filter, &T) -> bool,
}

/// A CSV writer for one [`Table`]; with `delta`, counters are differences and each has a
/// rate column after it, and an interval column follows the Date/Time Stamp.
pub(crate) struct TableWriter<'f, T: 'static, W: Write> {
    table: Table<T>,
    /// Per column: whether it is a counter (its rate follows it in `--delta`).
    counters: Vec<bool>,
    filter: &'f Filter,
    csv: csv::Writer<W>,
    cell: Vec<u8>,
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
        let csv = csv::WriterBuilder::new()
            .buffer_capacity(BUFFER)
            .from_writer(out);
        let counters = table
            .columns
            .iter()
            .map(|c| delta && is_counter(c.header))
            .collect();
        let mut writer = TableWriter {
            table,
            counters,
            filter,
            csv,
            cell: Vec::with_capacity(64),
            delta,
            summary: ExportSummary::default(),
        };
        writer.header()?;
        Ok(writer)
    }

    fn header(&mut self) -> Result<(), ExportError> {
        for (index, column) in self.table.columns.iter().enumerate() {
            self.csv.write_field(column.header)?;
            if index == 0 && self.delta {
                self.csv.write_field(INTERVAL_HEADER)?;
            }
            if self.counters[index] {
                self.csv
                    .write_field(format!("{}{RATE_SUFFIX}", column.header))?;
            }
        }
        self.csv.write_record(None::<&[u8]>)?;
        Ok(())
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
        for entry in (self.table.entries)(snapshot) {
            if (self.table.keeps)(self.filter, entry) {
                self.row(snapshot, entry, interval)?;
            }
        }
        Ok(())
    }

    fn row(
        &mut self,
        snapshot: &Snapshot,
        entry: &T,
        interval: Option<f64>,
    ) -> Result<(), ExportError> {
        let csv = &mut self.csv;
        let cell = &mut self.cell;
        for (index, column) in self.table.columns.iter().enumerate() {
            let value = (column.value)(snapshot, entry);
            write_cell(csv, cell, value)?;
            if index == 0 && self.delta {
                write_cell(csv, cell, Value::Number(interval.unwrap_or(0.0)))?;
            }
            if self.counters[index] {
                let rate = match (value, interval) {
                    (Value::Count(n), Some(seconds)) => per_second(n, seconds),
                    _ => None,
                };
                match rate {
                    Some(rate) => write_cell(csv, cell, Value::Number(rate))?,
                    None => csv.write_field([])?,
                }
            }
        }
        csv.write_record(None::<&[u8]>)?;
        self.summary.rows += 1;
        Ok(())
    }

    /// Flushes the output and returns what was written.
    pub(crate) fn finish(mut self) -> Result<ExportSummary, ExportError> {
        self.csv.flush().map_err(ExportError::Io)?;
        Ok(self.summary)
    }
}

/// Spells `value` into `cell` and writes it as the next field.
fn write_cell<W: Write>(
    csv: &mut csv::Writer<W>,
    cell: &mut Vec<u8>,
    value: Value<'_>,
) -> Result<(), ExportError> {
    value.spell(cell);
    csv.write_field(&*cell)?;
    Ok(())
}
