//! `dtsuite`: the umbrella command. Each subcommand lives in `commands/`.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dtsuite: a Double-Take style replication engine and its monitoring tools.
#[derive(Debug, Parser)]
#[command(name = "dtsuite", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Demo(commands::demo::DemoArgs),
    Doctor(commands::doctor::DoctorArgs),
    SampleLog(commands::sample_log::SampleLogArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Demo(args) => commands::demo::run(args),
        Command::Doctor(args) => commands::doctor::run(args),
        Command::SampleLog(args) => commands::sample_log::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dtsuite: {err:#}");
            ExitCode::FAILURE
        }
    }
}
