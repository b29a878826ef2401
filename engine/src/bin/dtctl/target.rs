//! `dtctl target`: this engine as a replication target: pause, resume, show.

use clap::Subcommand;
use engine::links::LinkRequest;
use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;

/// The `dtctl target` subcommands (sent to the target engine).
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Pauses the target: operations received wait until it resumes (event 4026).
    Pause,
    /// Resumes the target (event 4027).
    Resume,
    /// Shows whether the target is paused and the sources connected to it.
    Show,
}

/// Runs one `dtctl target` subcommand.
pub fn run(client: &mut Client, cmd: Cmd, json: bool) -> anyhow::Result<()> {
    let request = match cmd {
        Cmd::Pause => LinkRequest::TargetPause,
        Cmd::Resume => LinkRequest::TargetResume,
        Cmd::Show => LinkRequest::TargetShow,
    };
    let answer = client.request(&Request::Link(request))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(());
    }
    let paused = answer["paused"].as_bool().unwrap_or(false);
    println!("Target: {}", if paused { "Paused" } else { "OK" });
    let sessions = answer["sessions"].as_array().cloned().unwrap_or_default();
    if sessions.is_empty() {
        println!("No sources connected.");
    }
    for session in &sessions {
        println!("Source:");
        print!("{}", crate::fields::indented(session, "  "));
    }
    Ok(())
}
