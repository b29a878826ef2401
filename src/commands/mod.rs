//! One module per `dtsuite` subcommand.

pub mod demo;
pub mod doctor;
pub mod sample_log;
