//! `dtctl`: the engine's command-line client over the management port.

mod fields;
mod job;
mod mirror;
mod repset;
mod settings;
mod status;
mod target;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use engine::mgmt::client::Client;

/// Controls a dtsuite engine (dtengine) through its management port.
///
/// Every list/show/status command prints a table for people, or JSON with --json.
/// Errors carry the guide's error code, e.g. "error 123: Job does not exist: …",
/// and make dtctl exit with status 1.
#[derive(Debug, Parser)]
#[command(name = "dtctl", version)]
struct Cli {
    /// The engine's management port, HOST:PORT
    #[arg(
        long,
        global = true,
        value_name = "HOST:PORT",
        env = "DTCTL_ENGINE",
        default_value = "127.0.0.1:1501"
    )]
    engine: String,

    /// Print JSON instead of tables
    #[arg(long, global = true)]
    json: bool,

    /// Seconds to wait for the engine to accept the connection
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 5.0)]
    timeout: f64,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The engine's state, uptime and addresses
    Status,
    #[command(flatten)]
    Settings(settings::Cmd),
    /// Replication sets: create, list, show, modify, delete, calc
    #[command(subcommand)]
    Repset(repset::Cmd),
    /// Jobs: create, start, pause, stop, delete, failover, reverse, list, show
    ///
    /// Starting a job opens its connection on its source engine and runs a mirror
    /// (full for a new job, difference after a stop), then replicates in real time;
    /// pausing a job pauses transmission (changes queue on the source).
    #[command(subcommand)]
    Job(job::Cmd),
    /// A job's mirror: start [--full|--diff], pause, resume, stop
    #[command(subcommand)]
    Mirror(mirror::Cmd),
    /// This engine as a replication target: pause, resume, show
    #[command(subcommand)]
    Target(target::Cmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dtctl: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if !(cli.timeout > 0.0 && cli.timeout.is_finite()) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    let mut client = Client::connect(&cli.engine, Duration::from_secs_f64(cli.timeout))?;
    match cli.command {
        Command::Status => status::run(&mut client, cli.json),
        Command::Settings(cmd) => settings::run(&mut client, cmd, cli.json),
        Command::Repset(cmd) => repset::run(&mut client, cmd, cli.json),
        Command::Job(cmd) => job::run(&mut client, cmd, cli.json),
        Command::Mirror(cmd) => mirror::run(&mut client, cmd, cli.json),
        Command::Target(cmd) => target::run(&mut client, cmd, cli.json),
    }
}
