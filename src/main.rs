//! `dtsuite`: the umbrella command. Each subcommand lives in `commands/`.

mod commands;

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
    SampleLog(commands::sample_log::SampleLogArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Demo(args) => commands::demo::run(args),
        Command::SampleLog(args) => commands::sample_log::run(args),
    }
}
