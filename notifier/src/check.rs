//! `dtnotify check`: the effective settings, defaults filled in, the password masked.

use std::fmt::Write;
use std::time::Duration;

use humantime_serde::re::humantime::format_duration;

use crate::config::{DeliveryTarget, PasswordSource, Settings, TlsChoice};

/// The effective settings as TOML-like lines.
pub fn effective_settings(settings: &Settings) -> String {
    let mut out = String::new();
    let list = |items: &[lettre::message::Mailbox]| {
        items
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# {} is valid", settings.path.display());
    let _ = writeln!(out, "job_log_dir = \"{}\"", settings.job_log_dir.display());
    let _ = writeln!(out, "state_dir = \"{}\"", settings.state_dir.display());
    let _ = writeln!(out, "host_name = \"{}\"", settings.host_name);
    let _ = writeln!(
        out,
        "engine = \"{}\"",
        settings.engine.as_deref().unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "poll_interval = \"{}\"",
        duration(settings.poll_interval)
    );
    match &settings.delivery {
        DeliveryTarget::Files { dir } => {
            let _ = writeln!(
                out,
                "outbox_dir = \"{}\"  # no [smtp]: mails are written as .eml files",
                dir.display()
            );
        }
        DeliveryTarget::Smtp(smtp) => {
            let _ = writeln!(out, "\n[smtp]");
            let _ = writeln!(out, "host = \"{}\"", smtp.host);
            let _ = writeln!(out, "port = {}", smtp.port);
            let implied = match smtp.tls_choice {
                TlsChoice::Explicit => "",
                TlsChoice::ImpliedByPort => "  # implied by the port",
            };
            let _ = writeln!(out, "tls = \"{}\"{implied}", smtp.tls.name());
            if let Some(ca) = &smtp.ca_file {
                let _ = writeln!(out, "ca_file = \"{}\"", ca.display());
            }
            if let Some(auth) = &smtp.auth {
                let _ = writeln!(out, "user = \"{}\"", auth.user);
                match &auth.source {
                    PasswordSource::File(path) => {
                        let _ = writeln!(
                            out,
                            "password_file = \"{}\"  # password {}",
                            path.display(),
                            auth.password
                        );
                    }
                    PasswordSource::Env(var) => {
                        let _ = writeln!(
                            out,
                            "password_env = \"{var}\"  # password {}",
                            auth.password
                        );
                    }
                }
            }
            let _ = writeln!(out, "timeout = \"{}\"", duration(smtp.timeout));
            let _ = writeln!(out, "connections = {}", smtp.connections);
            let _ = writeln!(out, "retry_initial = \"{}\"", duration(smtp.retry_initial));
            let _ = writeln!(out, "retry_max = \"{}\"", duration(smtp.retry_max));
        }
    }
    let _ = writeln!(out, "\n[mail]");
    let _ = writeln!(out, "from = \"{}\"", settings.from);
    let _ = writeln!(out, "to = [{}]", list(&settings.to));
    let _ = writeln!(out, "subject = {:?}", settings.subject.to_string());
    let _ = writeln!(out, "body = {:?}", settings.body.to_string());
    let selection = &settings.selection;
    let _ = writeln!(out, "\n[events]");
    let ranges = |ids: &logparse::id_list::IdList| {
        ids.ranges()
            .iter()
            .map(|r| {
                if r.start() == r.end() {
                    r.start().to_string()
                } else {
                    format!("{}-{}", r.start(), r.end())
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    if let Some(ids) = &selection.ids {
        let _ = writeln!(out, "ids = \"{}\"", ranges(ids));
    }
    let levels: Vec<String> = selection
        .levels
        .iter()
        .map(|l| format!("\"{}\"", l.to_string().to_lowercase()))
        .collect();
    let _ = writeln!(out, "levels = [{}]", levels.join(", "));
    if let Some(ids) = &selection.exclude {
        let _ = writeln!(out, "exclude = \"{}\"", ranges(ids));
    }
    let _ = writeln!(out, "recoveries = {}", selection.recoveries);
    let grouping = &settings.grouping;
    let _ = writeln!(out, "\n[grouping]");
    let _ = writeln!(out, "enabled = {}", grouping.enabled);
    let _ = writeln!(out, "window = \"{}\"", duration(grouping.window));
    let _ = writeln!(out, "repeat = \"{}\"", duration(grouping.repeat));
    for (guid, job) in &settings.jobs {
        let _ = writeln!(out, "\n[jobs.\"{guid}\"]");
        if let Some(name) = &job.name {
            let _ = writeln!(out, "name = \"{name}\"");
        }
        if let Some(to) = &job.to {
            let _ = writeln!(out, "to = [{}]", list(to));
        }
    }
    out
}

/// `30s`, `3h`, `200ms`: as the file writes durations.
fn duration(value: Duration) -> String {
    format_duration(value).to_string()
}
