//! `-s` and `-st`: connection or target statistics as CSV for spreadsheets, following the
//! guide's notes on the ASCII export (see [`write_connections`] and [`write_targets`]).
//!
//! One header row, then one row per snapshot and connection (or target) that the
//! [`Filter`] keeps, RFC 4180 (CRLF line ends, text quoted when it holds a comma, a
//! quote or a line break). Times are UTC, `yyyy-mm-dd hh:mm:ss.fff`, which
//! spreadsheets read as dates. Snapshots are written as they arrive: memory does not
//! grow with the input.

mod column;
mod connection_columns;
mod decimal;
mod export;
mod table;
mod target_columns;
mod value;

use std::io::{self, Write};

use logparse::sts::Snapshot;
use thiserror::Error;

use crate::delta::Change;
use crate::filter::Filter;
use connection_columns::{connection_columns, push_connection_cells, SHARED_FROM};
use table::{Table, TableWriter};
use target_columns::{push_target_cells, target_columns};

pub use export::CsvExport;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Snapshots read.
    pub snapshots: u64,
    /// Snapshots within `-Start`/`-Stop`.
    pub kept: u64,
    /// Data rows written (the header row not counted).
    pub rows: u64,
}

/// A CSV export that could not be written.
#[derive(Debug, Error)]
pub enum ExportError {
    /// Writing to or flushing the output failed.
    #[error("writing CSV: {0}")]
    Io(#[source] io::Error),
}

/// `-s`: a row per snapshot and connection, with the connection's statistics and the
/// server-wide ones (System Allocator, IQAllocator, Managed Pagefile Alloc, Security,
/// Kernel without TargetOpenHandles, Source); never the Target category.
pub fn write_connections(
    snapshots: impl IntoIterator<Item = Snapshot>,
    filter: &Filter,
    out: impl Write,
) -> Result<ExportSummary, ExportError> {
    let mut export = CsvExport::connections(filter, out)?;
    for snapshot in snapshots {
        export.write(&snapshot)?;
    }
    export.finish()
}

/// `-st`: a row per snapshot and Target section (peer address) with the Target category.
pub fn write_targets(
    snapshots: impl IntoIterator<Item = Snapshot>,
    filter: &Filter,
    out: impl Write,
) -> Result<ExportSummary, ExportError> {
    let mut export = CsvExport::targets(filter, out)?;
    for snapshot in snapshots {
        export.write(&snapshot)?;
    }
    export.finish()
}

/// `-s --delta`: as [`write_connections`], counters as per-interval differences, each
/// followed by its per-second rate, and an `Interval (s)` column after the timestamp.
pub fn write_connection_changes(
    changes: impl IntoIterator<Item = Change>,
    filter: &Filter,
    out: impl Write,
) -> Result<ExportSummary, ExportError> {
    let mut writer = TableWriter::new(connections(), filter, out, true)?;
    for change in changes {
        writer.snapshot(&change.snapshot, Some(change.interval_seconds))?;
    }
    writer.finish()
}

/// `-st --delta`: as [`write_targets`], with differences and rates as in
/// [`write_connection_changes`].
pub fn write_target_changes(
    changes: impl IntoIterator<Item = Change>,
    filter: &Filter,
    out: impl Write,
) -> Result<ExportSummary, ExportError> {
    let mut writer = TableWriter::new(targets(), filter, out, true)?;
    for change in changes {
        writer.snapshot(&change.snapshot, Some(change.interval_seconds))?;
    }
    writer.finish()
}

fn connections() -> Table<logparse::sts::ConnectionStats> {
    Table {
        columns: connection_columns(),
        shared_from: SHARED_FROM,
        own_cells: push_connection_cells,
        entries: |snapshot| &snapshot.connections,
        keeps: Filter::keeps_connection,
    }
}

fn targets() -> Table<logparse::sts::TargetStats> {
    let columns = target_columns();
    Table {
        shared_from: columns.len(),
        columns,
        own_cells: push_target_cells,
        entries: |snapshot| &snapshot.targets,
        keeps: Filter::keeps_target,
    }
}
