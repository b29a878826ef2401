//! Placeholder: `dtctl settings …`, filled in by the settings work.

use engine::mgmt::client::Client;

/// The `dtctl settings` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Cmd {}

/// Runs one `dtctl settings` subcommand.
pub fn run(_client: &mut Client, cmd: Cmd, _json: bool) -> anyhow::Result<()> {
    match cmd {}
}
