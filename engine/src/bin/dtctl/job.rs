//! Placeholder: `dtctl job …`, filled in by the job work.

use engine::mgmt::client::Client;

/// The `dtctl job` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Cmd {}

/// Runs one `dtctl job` subcommand.
pub fn run(_client: &mut Client, cmd: Cmd, _json: bool) -> anyhow::Result<()> {
    match cmd {}
}
