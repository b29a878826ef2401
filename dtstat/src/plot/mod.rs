//! Charts (`--plot FIELD[,FIELD…] -o chart.svg|png`): chosen statistics over time, one
//! panel per statistic, one line per connection (connection statistics), per peer address
//! (TARGET statistics) or for the server (the other sections).
//!
//! Cumulative counters (conBytesTx, RepOpsGenerated, Ops Received, …) are drawn as their
//! per-second rate between consecutive snapshots; a counter that goes down restarts from
//! its new value. Gauges (queue sizes, conMirrorPercent, ConRPL, states) are drawn as their
//! values. The x axis is UTC time; the y axis names the unit.
//!
//! Layout:
//! - `field`: [`PlotField`], a statistic named by the guide's identifier; `catalog`: the
//!   table of plottable statistics, their units and counter/gauge kind.
//! - `rate`: per-second rates of counters; `series` and `timeline`: snapshots into lines.
//! - `thin`: long lines cut to what their pixels show; `axis`: axis texts and ticks; `font`: the embedded font; `chart`: drawing;
//!   `format` and `output`: SVG or PNG files.

mod axis;
mod catalog;
mod chart;
mod error;
mod field;
mod font;
mod format;
mod output;
mod rate;
mod series;
mod summary;
mod thin;
mod timeline;

use std::path::Path;

use logparse::sts::Snapshot;

pub use error::PlotError;
pub use field::{PlotField, PlotKind, PlotScope};
pub use format::{ChartFormat, MAX_SIDE, MIN_SIDE};
pub use summary::PlotSummary;

use chart::MIN_PANEL_HEIGHT;
use format::check_size;
use timeline::Timeline;

/// Width of a chart when none is asked for, in pixels.
pub const DEFAULT_WIDTH: u32 = 1200;
/// Height of one panel when no size is asked for, in pixels.
pub const DEFAULT_PANEL_HEIGHT: u32 = 360;

/// A sensible picture size for `panels` statistics: 1200 pixels wide, 360 high per panel.
pub fn default_size(panels: usize) -> (u32, u32) {
    let panels = u32::try_from(panels.max(1)).unwrap_or(u32::MAX);
    (
        DEFAULT_WIDTH,
        DEFAULT_PANEL_HEIGHT.saturating_mul(panels).min(MAX_SIDE),
    )
}

/// Reads `snapshots` and writes a chart of `fields` to `out` (`.svg` or `.png`, by its
/// extension) of `size` (width, height) pixels.
///
/// Only the points are kept in memory, not the snapshots. Fails before reading anything on
/// an unknown format, a size outside [`MIN_SIDE`]..=[`MAX_SIDE`] or too short for one panel
/// per field, and after reading on no snapshots at all.
pub fn render(
    snapshots: impl IntoIterator<Item = Snapshot>,
    fields: &[PlotField],
    out: &Path,
    size: (u32, u32),
) -> Result<PlotSummary, PlotError> {
    if fields.is_empty() {
        return Err(PlotError::NoFields);
    }
    let format = ChartFormat::from_path(out)?;
    check_size(size)?;
    let needed = u64::from(MIN_PANEL_HEIGHT) * fields.len() as u64;
    if u64::from(size.1) < needed {
        return Err(PlotError::TooShort {
            panels: fields.len(),
            height: size.1,
            needed,
        });
    }
    font::ensure_registered()?;

    let mut timeline = Timeline::new(fields);
    for snapshot in snapshots {
        timeline.add(&snapshot);
    }
    let data = timeline.finish().ok_or(PlotError::NoSnapshots)?;
    output::write_chart(&data, format, out, size)?;
    Ok(PlotSummary {
        format,
        snapshots: data.snapshots,
        series: data.panels.iter().map(|panel| panel.series.len()).collect(),
        points: data
            .panels
            .iter()
            .flat_map(|panel| &panel.series)
            .map(|series| series.points.len() as u64)
            .sum(),
    })
}
