//! `dtctl get NAME`, `dtctl set NAME VALUE` and `dtctl options`: DT.conf settings.

use anyhow::Context;
use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;
use engine::settings::{options_table, OptionEntry, SetOutcome, SettingReport, SettingsRequest};
use serde::de::DeserializeOwned;

/// The settings subcommands (top level in `dtctl`).
#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Show a setting's value, and whether it comes from DT.conf or is the default.
    Get {
        /// The setting's name, e.g. LogDir (any case).
        name: String,
    },
    /// Validate a value and write it to DT.conf (comments and order are kept).
    Set {
        /// The setting's name, e.g. MaxLogFileSize (any case).
        name: String,
        /// The new value, as DT.conf would hold it.
        value: String,
    },
    /// List every setting with its value and default.
    Options,
}

impl Cmd {
    /// The management request for this command.
    fn request(self) -> Request {
        Request::Settings(match self {
            Cmd::Get { name } => SettingsRequest::Get { name },
            Cmd::Set { name, value } => SettingsRequest::Set { name, value },
            Cmd::Options => SettingsRequest::Options,
        })
    }
}

/// Runs one settings command against the engine `client` is connected to.
pub fn run(client: &mut Client, cmd: Cmd, json: bool) -> anyhow::Result<()> {
    let options = matches!(cmd, Cmd::Options);
    let set = matches!(cmd, Cmd::Set { .. });
    let answer = client.request(&cmd.request())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else if options {
        print!("{}", options_table(&decode::<Vec<OptionEntry>>(answer)?));
    } else if set {
        println!("{}", decode::<SetOutcome>(answer)?);
    } else {
        println!("{}", decode::<SettingReport>(answer)?);
    }
    Ok(())
}

fn decode<T: DeserializeOwned>(answer: serde_json::Value) -> anyhow::Result<T> {
    serde_json::from_value(answer).context("unexpected answer from the engine")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_map_to_settings_requests() {
        let json = |cmd: Cmd| serde_json::to_string(&cmd.request()).unwrap();
        assert_eq!(
            json(Cmd::Get {
                name: "LogDir".into()
            }),
            r#"{"area":"settings","request":{"get":{"name":"LogDir"}}}"#
        );
        assert_eq!(
            json(Cmd::Set {
                name: "NetPort".into(),
                value: "1600".into()
            }),
            r#"{"area":"settings","request":{"set":{"name":"NetPort","value":"1600"}}}"#
        );
        assert_eq!(
            json(Cmd::Options),
            r#"{"area":"settings","request":"options"}"#
        );
    }
}
