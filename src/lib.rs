//! The `dtsuite` umbrella command's library side: what its subcommands share with
//! tests and benchmarks.
//!
//! # Layout
//! - [`sample_log`]: realistic engine logs (`.dtl` records) generated from the
//!   message catalogue, for the demo, the benchmarks and tests.

pub mod sample_log;
