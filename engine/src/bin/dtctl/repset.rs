//! Placeholder: `dtctl repset …`, filled in by the repset work.

use engine::mgmt::client::Client;

/// The `dtctl repset` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Cmd {}

/// Runs one `dtctl repset` subcommand.
pub fn run(_client: &mut Client, cmd: Cmd, _json: bool) -> anyhow::Result<()> {
    match cmd {}
}
