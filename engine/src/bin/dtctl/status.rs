//! `dtctl status`: the engine's identity, state, uptime and addresses.

use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;

/// Prints the engine's status.
pub fn run(client: &mut Client, json: bool) -> anyhow::Result<()> {
    let status = client.request(&Request::Status)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(());
    }
    if !status.is_object() {
        anyhow::bail!("unexpected status answer: {status}");
    }
    print!("{}", crate::fields::indented(&status, ""));
    Ok(())
}
