//! `dtctl job …`: create, act on, list and show jobs over the management port.

use std::io::{self, Write};

use engine::jobs::{Job, JobReport, JobRequest, JobSpec};
use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;
use serde_json::Value;

/// The `dtctl job` subcommands.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum Cmd {
    /// Creates a job protecting a replication set from a source to a target engine.
    Create {
        /// The job's name.
        #[arg(long)]
        name: String,
        /// The replication set to protect.
        #[arg(long)]
        repset: String,
        /// The source engine's management address.
        #[arg(long, value_name = "HOST:PORT")]
        source: String,
        /// The target engine's management address.
        #[arg(long, value_name = "HOST:PORT")]
        target: String,
        /// Where the data goes on the target (absolute path).
        #[arg(long, value_name = "PATH")]
        target_path: String,
    },
    /// Starts or resumes protection.
    Start {
        /// The job's GUID.
        id: String,
    },
    /// Pauses protection.
    Pause {
        /// The job's GUID.
        id: String,
    },
    /// Stops the job.
    Stop {
        /// The job's GUID.
        id: String,
    },
    /// Deletes a stopped job.
    Delete {
        /// The job's GUID.
        id: String,
    },
    /// Fails over to the target.
    Failover {
        /// The job's GUID.
        id: String,
    },
    /// Reverses a failed-over job: the target becomes the source.
    Reverse {
        /// The job's GUID.
        id: String,
    },
    /// Lists all jobs.
    List,
    /// Shows one job with what the monitor last saw of its engines.
    Show {
        /// The job's GUID.
        id: String,
    },
}

impl Cmd {
    /// The management request this command sends.
    pub fn to_request(&self) -> JobRequest {
        match self.clone() {
            Cmd::Create {
                name,
                repset,
                source,
                target,
                target_path,
            } => JobRequest::Create(JobSpec {
                name,
                repset,
                source,
                target,
                target_path,
            }),
            Cmd::Start { id } => JobRequest::Start { id },
            Cmd::Pause { id } => JobRequest::Pause { id },
            Cmd::Stop { id } => JobRequest::Stop { id },
            Cmd::Delete { id } => JobRequest::Delete { id },
            Cmd::Failover { id } => JobRequest::Failover { id },
            Cmd::Reverse { id } => JobRequest::Reverse { id },
            Cmd::List => JobRequest::List,
            Cmd::Show { id } => JobRequest::Show { id },
        }
    }

    /// The human rendering of the engine's answer to this command.
    pub fn render(&self, answer: Value) -> anyhow::Result<String> {
        let done = match self {
            Cmd::List => return Ok(job_table(&serde_json::from_value::<Vec<Job>>(answer)?)),
            Cmd::Show { .. } => {
                let mut text = job_report(&serde_json::from_value(answer.clone())?);
                if let Some(connection) = answer.get("connection") {
                    text.push_str("Connection:\n");
                    text.push_str(&crate::fields::indented(connection, "  "));
                }
                return Ok(text);
            }
            Cmd::Create { .. } => "Created",
            Cmd::Start { .. } => "Started",
            Cmd::Pause { .. } => "Paused",
            Cmd::Stop { .. } => "Stopped",
            Cmd::Delete { .. } => "Deleted",
            Cmd::Failover { .. } => "Failed over",
            Cmd::Reverse { .. } => "Reversed",
        };
        let job: Job = serde_json::from_value(answer)?;
        Ok(format!(
            "{done} job {} ({}): {}, target data {}\n",
            job.name, job.id, job.state, job.target_data_state
        ))
    }
}

/// Runs one `dtctl job` subcommand, printing to stdout.
pub fn run(client: &mut Client, cmd: Cmd, json: bool) -> anyhow::Result<()> {
    run_to(client, &cmd, json, &mut io::stdout().lock())
}

/// Runs one `dtctl job` subcommand, printing to `out`: pretty JSON with `json`, else text.
pub fn run_to(
    client: &mut Client,
    cmd: &Cmd,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let answer = client.request(&Request::Job(cmd.to_request()))?;
    let text = if json {
        format!("{}\n", serde_json::to_string_pretty(&answer)?)
    } else {
        cmd.render(answer)?
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// The jobs as a table, one row each.
fn job_table(jobs: &[Job]) -> String {
    if jobs.is_empty() {
        return "No jobs.\n".to_string();
    }
    let header = [
        "ID",
        "NAME",
        "STATE",
        "SOURCE",
        "TARGET",
        "REPSET",
        "TARGET DATA STATE",
    ];
    let rows: Vec<[String; 7]> = jobs
        .iter()
        .map(|job| {
            [
                job.id.to_string(),
                job.name.clone(),
                job.state.to_string(),
                job.source.clone(),
                job.target.clone(),
                job.repset.clone(),
                job.target_data_state.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|title| title.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut table = String::new();
    let header = header.map(str::to_string);
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        table.push_str(cells.join("  ").trim_end());
        table.push('\n');
    }
    table
}

/// One job as `Label: value` lines.
fn job_report(report: &JobReport) -> String {
    let job = &report.job;
    let engine = |found: Option<engine::jobs::Reachability>| {
        found.map_or_else(|| "not probed".to_string(), |r| r.to_string())
    };
    let lines = [
        ("ID", job.id.to_string()),
        ("Name", job.name.clone()),
        ("State", job.state.to_string()),
        ("Replication set", job.repset.clone()),
        (
            "Source",
            format!("{} ({})", job.source, engine(report.source_engine)),
        ),
        (
            "Target",
            format!("{} ({})", job.target, engine(report.target_engine)),
        ),
        ("Target path", job.target_path.clone()),
        ("Target data state", job.target_data_state.to_string()),
        ("Created", job.created.to_rfc3339()),
    ];
    lines
        .iter()
        .map(|(label, value)| format!("{:<18} {value}\n", format!("{label}:")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use engine::jobs::{JobId, JobState, Reachability, TargetDataState};

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: Cmd,
    }

    fn parse(args: &[&str]) -> Result<Cmd, clap::Error> {
        Cli::try_parse_from(std::iter::once("job").chain(args.iter().copied())).map(|cli| cli.cmd)
    }

    fn job(name: &str) -> Job {
        Job {
            id: JobId::parse("6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9").unwrap(),
            name: name.into(),
            repset: "FilesAndFolders".into(),
            source: "alpha:1501".into(),
            target: "beta:1501".into(),
            target_path: "/data/web".into(),
            state: JobState::Protecting,
            target_data_state: TargetDataState::MirrorRequired,
            created: chrono::DateTime::from_timestamp(1_498_142_575, 0).unwrap(),
            reversed: false,
        }
    }

    #[test]
    fn create_takes_the_guide_flags() {
        let cmd = parse(&[
            "create",
            "--name",
            "web",
            "--repset",
            "FilesAndFolders",
            "--source",
            "alpha:1501",
            "--target",
            "beta:1501",
            "--target-path",
            "/data/web",
        ])
        .unwrap();
        assert_eq!(
            cmd.to_request(),
            JobRequest::Create(JobSpec {
                name: "web".into(),
                repset: "FilesAndFolders".into(),
                source: "alpha:1501".into(),
                target: "beta:1501".into(),
                target_path: "/data/web".into(),
            })
        );
        assert!(parse(&["create", "--name", "web"]).is_err());
    }

    #[test]
    fn actions_take_an_id() {
        let id = "6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9".to_string();
        let cases = [
            ("start", JobRequest::Start { id: id.clone() }),
            ("pause", JobRequest::Pause { id: id.clone() }),
            ("stop", JobRequest::Stop { id: id.clone() }),
            ("delete", JobRequest::Delete { id: id.clone() }),
            ("failover", JobRequest::Failover { id: id.clone() }),
            ("reverse", JobRequest::Reverse { id: id.clone() }),
            ("show", JobRequest::Show { id: id.clone() }),
        ];
        for (verb, request) in cases {
            assert_eq!(parse(&[verb, &id]).unwrap().to_request(), request, "{verb}");
            assert!(parse(&[verb]).is_err(), "{verb} without an id");
        }
        assert_eq!(parse(&["list"]).unwrap().to_request(), JobRequest::List);
    }

    #[test]
    fn list_is_an_aligned_table() {
        let mut other = job("database");
        other.state = JobState::FailedOver;
        other.target_data_state = TargetDataState::RestoreRequired;
        let answer = serde_json::to_value([job("web"), other]).unwrap();
        let table = Cmd::List.render(answer).unwrap();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("ID  "), "{table}");
        let state_at = lines[0].find("STATE").unwrap();
        assert_eq!(&lines[1][state_at..state_at + 10], "Protecting");
        assert_eq!(&lines[2][state_at..state_at + 11], "Failed over");
        assert!(lines[2].ends_with("Restore Required"), "{table}");
        assert_eq!(
            Cmd::List.render(serde_json::json!([])).unwrap(),
            "No jobs.\n"
        );
    }

    #[test]
    fn show_and_actions_in_words() {
        let report = JobReport {
            job: job("web"),
            source_engine: Some(Reachability::Up),
            target_engine: Some(Reachability::Down),
        };
        let text = Cmd::Show { id: String::new() }
            .render(serde_json::to_value(&report).unwrap())
            .unwrap();
        assert!(text.contains("Name:              web\n"), "{text}");
        assert!(
            text.contains("Target:            beta:1501 (Down)\n"),
            "{text}"
        );
        assert!(
            text.contains("Target data state: Mirror Required\n"),
            "{text}"
        );
        let text = Cmd::Start { id: String::new() }
            .render(serde_json::to_value(job("web")).unwrap())
            .unwrap();
        assert_eq!(
            text,
            "Started job web (6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9): Protecting, target data Mirror Required\n"
        );
        assert!(Cmd::List.render(serde_json::json!({"no": "list"})).is_err());
    }
}
