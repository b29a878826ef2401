//! DTStat (guide chapter 3): the engine's statistics, live from its stats port or
//! recorded in a `.sts` file, shown as the guide's text or exported for spreadsheets
//! and monitoring systems.
//!
//! # Layout
//! - [`args`]: the guide's command line (any case, one or two dashes) checked into [`args::Options`].
//! - [`source`]: the stats port and `.sts` files as a [`source::Source`]; `-t` recording.
//! - [`snapshots`]: a source as an `Iterator<Item = Snapshot>`, damaged records as warnings.
//! - [`screen`]: the guide's text, by level, printed only when the statistics change.
//! - [`filter`]: `-IP`, `-Start`, `-Stop`.
//! - [`delta`]: `--delta`, per-interval differences and rates of the counters.
//! - [`csv_export`]: `-s` and `-st`, CSV by the guide's ASCII export rules.
//! - [`json`]: `--format json`, JSON Lines.
//! - [`prom`]: `--format prom`, Prometheus text written atomically.
//! - [`plot`]: charts of chosen statistics over time (`--plot`), SVG or PNG.

pub mod args;
pub mod csv_export;
pub mod delta;
pub mod filter;
pub mod json;
pub mod plot;
pub mod prom;
pub mod screen;
pub mod snapshots;
pub mod source;
