//! What `render` reports about the chart it wrote.

use super::format::ChartFormat;

/// A description of a written chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotSummary {
    /// The file format written.
    pub format: ChartFormat,
    /// How many snapshots were read.
    pub snapshots: u64,
    /// How many lines each requested statistic got, in the order requested.
    pub series: Vec<usize>,
    /// How many points were drawn in all.
    pub points: u64,
}
