//! One module per `dtsuite` subcommand.

pub mod sample_log;
