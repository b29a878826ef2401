//! Errors of chart rendering.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

/// Why a chart could not be made.
#[derive(Debug, Error)]
pub enum PlotError {
    /// The name is not a statistic of the guide.
    #[error("unknown statistic {name:?}; statistics that can be plotted: {valid}")]
    UnknownField {
        /// The name as given.
        name: String,
        /// Every valid identifier, comma-separated.
        valid: String,
    },
    /// The name belongs to two sections; the section must be given.
    #[error("statistic {name:?} is in two sections; write one of: {choices}")]
    AmbiguousField {
        /// The name as given.
        name: String,
        /// The qualified identifiers it could mean.
        choices: String,
    },
    /// The statistic is a time, an address or text, not a number over time.
    #[error("statistic {name:?} is a time, address or text and cannot be plotted; statistics that can: {valid}")]
    NotPlottable {
        /// The name as given.
        name: String,
        /// Every valid identifier, comma-separated.
        valid: String,
    },
    /// No statistic was chosen.
    #[error("no statistic chosen to plot")]
    NoFields,
    /// The output name ends in neither `.svg` nor `.png`.
    #[error("chart file {path:?} must end in .svg or .png")]
    UnsupportedFormat {
        /// The output path.
        path: PathBuf,
    },
    /// The requested picture size is too small to draw on or too large to hold.
    #[error("chart size {width}x{height} is outside {min}..={max} pixels per side")]
    InvalidSize {
        /// Requested width.
        width: u32,
        /// Requested height.
        height: u32,
        /// Smallest side accepted.
        min: u32,
        /// Largest side accepted.
        max: u32,
    },
    /// The picture is too short for one panel per statistic.
    #[error(
        "a chart of {panels} statistics needs a height of at least {needed} pixels, not {height}"
    )]
    TooShort {
        /// How many statistics were chosen.
        panels: usize,
        /// Requested height.
        height: u32,
        /// Height needed.
        needed: u64,
    },
    /// The snapshots were empty.
    #[error("no statistics snapshots to plot")]
    NoSnapshots,
    /// The embedded font could not be loaded.
    #[error("the embedded chart font could not be loaded")]
    Font,
    /// Drawing failed inside the plotting library.
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("cannot encode PNG {path:?}: {source}")]
    Png {
        /// The output path.
        path: PathBuf,
        /// The encoder's error.
        source: png::EncodingError,
    },
    /// The chart file could not be written.
    #[error("cannot write chart {path:?}: {source}")]
    Io {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}
