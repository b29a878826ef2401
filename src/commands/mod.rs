//! One module per `dtsuite` subcommand.

pub mod demo;
pub mod sample_log;
