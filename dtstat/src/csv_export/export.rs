//! [`CsvExport`]: `-s` or `-st` fed one snapshot at a time, so a reader can decode every
//! record into the same snapshot.

use std::io::Write;

use logparse::sts::{ConnectionStats, Snapshot, TargetStats};

use super::table::TableWriter;
use super::{connections, targets, ExportError, ExportSummary};
use crate::filter::Filter;

/// A CSV export of connections (`-s`) or targets (`-st`) that is given snapshots one by one.
pub struct CsvExport<'f, W: Write> {
    rows: Rows<'f, W>,
}

/// The kind of rows an export writes.
enum Rows<'f, W: Write> {
    Connections(TableWriter<'f, ConnectionStats, W>),
    Targets(TableWriter<'f, TargetStats, W>),
}

impl<'f, W: Write> CsvExport<'f, W> {
    /// `-s`: starts a connection export (see [`write_connections`](super::write_connections)).
    pub fn connections(filter: &'f Filter, out: W) -> Result<Self, ExportError> {
        let writer = TableWriter::new(connections(), filter, out, false)?;
        Ok(CsvExport {
            rows: Rows::Connections(writer),
        })
    }

    /// `-st`: starts a target export (see [`write_targets`](super::write_targets)).
    pub fn targets(filter: &'f Filter, out: W) -> Result<Self, ExportError> {
        let writer = TableWriter::new(targets(), filter, out, false)?;
        Ok(CsvExport {
            rows: Rows::Targets(writer),
        })
    }

    /// Writes the rows of `snapshot` that the filter keeps.
    pub fn write(&mut self, snapshot: &Snapshot) -> Result<(), ExportError> {
        match &mut self.rows {
            Rows::Connections(writer) => writer.snapshot(snapshot, None),
            Rows::Targets(writer) => writer.snapshot(snapshot, None),
        }
    }

    /// Writes what is buffered, flushes the output and returns what was written.
    pub fn finish(self) -> Result<ExportSummary, ExportError> {
        match self.rows {
            Rows::Connections(writer) => writer.finish(),
            Rows::Targets(writer) => writer.finish(),
        }
    }
}
