//! `dtctl status`: the engine's identity, state and uptime.

use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;

/// Prints the engine's status.
pub fn run(client: &mut Client, json: bool) -> anyhow::Result<()> {
    let status = client.request(&Request::Status)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(());
    }
    let Some(fields) = status.as_object() else {
        anyhow::bail!("unexpected status answer: {status}");
    };
    let width = fields.keys().map(String::len).max().unwrap_or(0);
    for (name, value) in fields {
        let value = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        println!("{name:width$}  {value}");
    }
    Ok(())
}
