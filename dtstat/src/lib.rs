//! DTStat (guide chapter 3): the engine's statistics, live from its stats port or
//! recorded in a `.sts` file, shown as the guide's text or exported for spreadsheets
//! and monitoring systems.

pub mod csv_export;
pub mod delta;
pub mod filter;
pub mod json;
pub mod prom;
