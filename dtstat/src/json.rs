//! `--format json`: JSON Lines, one object per snapshot per line.
//!
//! Each line is a [`Snapshot`] as serde writes it (field names as in `logparse::sts`,
//! times in RFC 3339 UTC, states by name). With `--delta` each line is a [`Change`]: the
//! same object plus `interval_seconds`, its counters holding per-interval differences (a
//! rate is the difference divided by `interval_seconds`).

use std::io::{self, BufWriter, Write};

use logparse::sts::Snapshot;
use serde::Serialize;
use thiserror::Error;

use crate::delta::Change;
use crate::filter::Filter;

/// JSON Lines that could not be written.
#[derive(Debug, Error)]
pub enum JsonError {
    /// Encoding or writing a line failed.
    #[error("writing JSON Lines: {0}")]
    Encode(#[from] serde_json::Error),
    /// Writing to or flushing the output failed.
    #[error("writing JSON Lines: {0}")]
    Io(#[from] io::Error),
}

/// Writes a line per snapshot `filter` keeps (connections and targets narrowed by `-IP`);
/// returns the number of lines.
pub fn write_snapshots(
    snapshots: impl IntoIterator<Item = Snapshot>,
    filter: &Filter,
    out: impl Write,
) -> Result<u64, JsonError> {
    write_lines(snapshots.into_iter().filter_map(|s| filter.apply(s)), out)
}

/// `--delta`: writes a line per change `filter` keeps; returns the number of lines.
pub fn write_changes(
    changes: impl IntoIterator<Item = Change>,
    filter: &Filter,
    out: impl Write,
) -> Result<u64, JsonError> {
    let kept = changes.into_iter().filter_map(|change| {
        let Change {
            interval_seconds,
            snapshot,
        } = change;
        filter.apply(snapshot).map(|snapshot| Change {
            interval_seconds,
            snapshot,
        })
    });
    write_lines(kept, out)
}

fn write_lines<T: Serialize>(
    items: impl Iterator<Item = T>,
    out: impl Write,
) -> Result<u64, JsonError> {
    let mut out = BufWriter::new(out);
    let mut lines = 0;
    for item in items {
        serde_json::to_writer(&mut out, &item)?;
        out.write_all(b"\n")?;
        lines += 1;
    }
    out.flush()?;
    Ok(lines)
}
