//! DTStat (guide chapter 3): the engine's statistics, live from its stats port or
//! recorded in a `.sts` file, shown as the guide's text or exported for spreadsheets
//! and monitoring systems.
//!
//! # Layout
//! - [`args`]: the guide's command line (any case, one or two dashes) checked into [`args::Options`].
//! - [`source`]: the stats port and `.sts` files as a [`source::Source`]; `-t` recording.
//! - [`snapshots`]: a source as an `Iterator<Item = Snapshot>`, damaged records as warnings.
//! - [`screen`]: the guide's text, by level, printed only when the statistics change.
//! - [`plot`]: charts of chosen statistics over time (`--plot`), SVG or PNG.

pub mod args;
pub mod plot;
pub mod screen;
pub mod snapshots;
pub mod source;
