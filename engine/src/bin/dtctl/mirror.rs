//! `dtctl mirror`: start, pause, resume or stop a job's mirror.

use clap::Subcommand;
use engine::links::{MirrorAction, MirrorChoice};
use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;

/// The `dtctl mirror` subcommands (sent to the engine holding the job).
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Starts a mirror: --diff (default) sends only files whose size or modification
    /// time differ on the target; --full sends every file.
    Start {
        /// The job's GUID.
        id: String,
        /// Send every file.
        #[arg(long, conflicts_with = "diff")]
        full: bool,
        /// Send only what differs (the default).
        #[arg(long)]
        diff: bool,
    },
    /// Pauses the running mirror.
    Pause {
        /// The job's GUID.
        id: String,
    },
    /// Resumes a paused mirror.
    Resume {
        /// The job's GUID.
        id: String,
    },
    /// Stops the running mirror.
    Stop {
        /// The job's GUID.
        id: String,
    },
}

impl Cmd {
    /// The management request this command sends.
    fn to_request(&self) -> Request {
        let (job, action) = match self {
            Cmd::Start { id, full, .. } => (
                id,
                MirrorAction::Start(if *full {
                    MirrorChoice::Full
                } else {
                    MirrorChoice::Difference
                }),
            ),
            Cmd::Pause { id } => (id, MirrorAction::Pause),
            Cmd::Resume { id } => (id, MirrorAction::Resume),
            Cmd::Stop { id } => (id, MirrorAction::Stop),
        };
        Request::Mirror {
            job: job.clone(),
            action,
        }
    }
}

/// Runs one `dtctl mirror` subcommand and prints the connection's status.
pub fn run(client: &mut Client, cmd: Cmd, json: bool) -> anyhow::Result<()> {
    let status = client.request(&cmd.to_request())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print!("{}", crate::fields::indented(&status, ""));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: Cmd,
    }

    fn request(args: &[&str]) -> Result<Request, clap::Error> {
        Cli::try_parse_from(std::iter::once("mirror").chain(args.iter().copied()))
            .map(|cli| cli.cmd.to_request())
    }

    #[test]
    fn start_is_a_difference_mirror_unless_full() {
        let mirror = |action| Request::Mirror {
            job: "J".into(),
            action,
        };
        assert_eq!(
            request(&["start", "J"]).unwrap(),
            mirror(MirrorAction::Start(MirrorChoice::Difference))
        );
        assert_eq!(
            request(&["start", "J", "--full"]).unwrap(),
            mirror(MirrorAction::Start(MirrorChoice::Full))
        );
        assert!(request(&["start", "J", "--full", "--diff"]).is_err());
        assert_eq!(request(&["stop", "J"]).unwrap(), mirror(MirrorAction::Stop));
    }
}
