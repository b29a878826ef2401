//! The exports, filters, delta and charts, one function per feature. In this build
//! (the core branch) they are not built in, and each says so; the merged dtstat calls
//! the `filter`, `csv_export`, `delta`, `json`, `prom` and `plot` modules here.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use dtstat::args::{Filters, Options};
use dtstat::plot::{default_size, render, PlotField};
use logparse::sts::Snapshot;

/// The error of a feature this dtstat lacks.
fn not_built<T>(feature: &str) -> Result<T> {
    bail!("{feature} is not built into this dtstat")
}

/// `-IP`, `-Start`, `-Stop` applied to the stream: snapshots outside the time range are
/// dropped, targets and connections of other peers removed.
pub fn filter<'a>(
    filters: &Filters,
    snapshots: impl Iterator<Item = Snapshot> + 'a,
) -> Result<Box<dyn Iterator<Item = Snapshot> + 'a>> {
    if filters.is_empty() {
        return Ok(Box::new(snapshots));
    }
    not_built("-IP/-Start/-Stop filtering")
}

/// `--delta`: the screen (or the export) with per-interval differences and rates.
pub fn run_delta(_options: &Options, _snapshots: &mut dyn Iterator<Item = Snapshot>) -> Result<()> {
    not_built("--delta")
}

/// `-s`: connection data as CSV.
pub fn write_connections_csv(
    _snapshots: impl Iterator<Item = Snapshot>,
    _filters: &Filters,
    _path: &Path,
) -> Result<()> {
    not_built("-s (connection CSV)")
}

/// `-st`: target data as CSV.
pub fn write_targets_csv(
    _snapshots: impl Iterator<Item = Snapshot>,
    _filters: &Filters,
    _path: &Path,
) -> Result<()> {
    not_built("-st (target CSV)")
}

/// `--format json`: JSON Lines on standard output.
pub fn write_json(_snapshots: impl Iterator<Item = Snapshot>, _out: &mut impl Write) -> Result<()> {
    not_built("--format json")
}

/// `--format json -o FILE`: JSON Lines to a file.
pub fn write_json_file(_snapshots: impl Iterator<Item = Snapshot>, _path: &Path) -> Result<()> {
    not_built("--format json")
}

/// `--format prom -o FILE`: Prometheus text, the file replaced atomically per snapshot.
pub fn write_prom(_snapshots: impl Iterator<Item = Snapshot>, _path: &Path) -> Result<()> {
    not_built("--format prom")
}

/// `--plot FIELDS -o FILE`: a chart, one panel per field; says what it drew.
pub fn plot(
    snapshots: impl Iterator<Item = Snapshot>,
    fields: &[String],
    out: &Path,
) -> Result<()> {
    let fields = fields
        .iter()
        .map(|name| PlotField::parse(name))
        .collect::<Result<Vec<_>, _>>()?;
    let summary = render(snapshots, &fields, out, default_size(fields.len()))
        .with_context(|| format!("chart {}", out.display()))?;
    eprintln!(
        "dtstat: {} written: {} snapshots, {} points",
        out.display(),
        summary.snapshots,
        summary.points
    );
    Ok(())
}
