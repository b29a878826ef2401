//! `dtctl repset …`: create, list, show, modify and delete replication sets, and
//! calculate their size.

use std::fmt::Write as _;

use chrono::{DateTime, Local, Utc};
use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;
use engine::repset::{RepSetRequest, RepSetView, Rule};
use serde_json::Value;

/// The long help of `--rule`.
const RULE_HELP: &str = "\
A rule: PATH[,inc|exc][,rec|norec], repeated for more rules, in order.

  inc    the path is included in the replication set (default)
  exc    the path is not included
  rec    the rule also applies to every subdirectory (default)
  norec  the rule applies to the path and its immediate children only

A path is in the set when the most specific rule matching it (the longest path) is
inc; of rules on the same path, the later one decides. Attribute words are read from
the end, so a path may contain commas. Example:
  --rule /srv --rule /srv/cache,exc --rule /srv/cache/keep,inc,rec";

/// The `dtctl repset` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Creates a replication set from ordered rules.
    Create {
        /// The set's name (unique; at most 255 characters, no control characters).
        name: String,
        /// A rule, PATH[,inc|exc][,rec|norec]; repeat for more, in order.
        #[arg(long = "rule", value_name = "RULE", required = true, value_parser = parse_rule, long_help = RULE_HELP)]
        rules: Vec<Rule>,
    },
    /// Lists the replication sets.
    List,
    /// Shows a replication set, its size and its rules.
    Show {
        /// The set's name.
        name: String,
    },
    /// Replaces a replication set's rules.
    Modify {
        /// The set's name.
        name: String,
        /// A rule, PATH[,inc|exc][,rec|norec]; repeat for more, in order.
        #[arg(long = "rule", value_name = "RULE", required = true, value_parser = parse_rule, long_help = RULE_HELP)]
        rules: Vec<Rule>,
    },
    /// Deletes a replication set that no job uses.
    Delete {
        /// The set's name.
        name: String,
    },
    /// Calculates a replication set's size: files, directories, bytes.
    Calc {
        /// The set's name.
        name: String,
    },
}

/// Runs one `dtctl repset` subcommand.
pub fn run(client: &mut Client, cmd: Cmd, json: bool) -> anyhow::Result<()> {
    let request = request_for(cmd);
    let answer = client.request(&Request::RepSet(request.clone()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        print!("{}", render(&request, answer)?);
    }
    Ok(())
}

/// The management request a subcommand sends.
pub fn request_for(cmd: Cmd) -> RepSetRequest {
    match cmd {
        Cmd::Create { name, rules } => RepSetRequest::Create { name, rules },
        Cmd::List => RepSetRequest::List,
        Cmd::Show { name } => RepSetRequest::Show { name },
        Cmd::Modify { name, rules } => RepSetRequest::Modify { name, rules },
        Cmd::Delete { name } => RepSetRequest::Delete { name },
        Cmd::Calc { name } => RepSetRequest::Calculate { name },
    }
}

/// The human answer to `request`: a table for `list`, the set's details otherwise.
pub fn render(request: &RepSetRequest, answer: Value) -> anyhow::Result<String> {
    Ok(match request {
        RepSetRequest::List => list_table(&serde_json::from_value::<Vec<RepSetView>>(answer)?),
        RepSetRequest::Delete { name } => format!("Deleted replication set {name}\n"),
        RepSetRequest::Create { .. }
        | RepSetRequest::Show { .. }
        | RepSetRequest::Modify { .. }
        | RepSetRequest::Calculate { .. } => details(&serde_json::from_value(answer)?),
    })
}

fn parse_rule(spec: &str) -> Result<Rule, String> {
    Rule::from_spec(spec).map_err(|err| err.to_string())
}

/// The guide's "Replication sets folder" columns, and the number of rules.
fn list_table(views: &[RepSetView]) -> String {
    if views.is_empty() {
        return "No replication sets.\n".to_string();
    }
    let rows = views
        .iter()
        .map(|view| {
            let size = view.set.size();
            let count = |n: Option<u64>| n.map_or_else(String::new, |n| n.to_string());
            vec![
                view.set.name().to_string(),
                yes_no(view.in_use).to_string(),
                size.map_or_else(String::new, |s| local_time(s.calculated_at)),
                count(size.map(|s| s.bytes)),
                count(size.map(|s| s.files)),
                count(size.map(|s| s.directories)),
                view.set.rules().len().to_string(),
            ]
        })
        .collect();
    table(
        &[
            "Name",
            "In Use",
            "Last Calculated",
            "Size (bytes)",
            "Files",
            "Directories",
            "Rules",
        ],
        rows,
    )
}

/// The guide's "Specific replication set" items, then the rules.
fn details(view: &RepSetView) -> String {
    let set = &view.set;
    let (contains, total, calculated) = match set.size() {
        Some(size) => {
            let mut contains = format!("{} files, {} directories", size.files, size.directories);
            if size.unreadable > 0 {
                let _ = write!(contains, " ({} paths unreadable)", size.unreadable);
            }
            (
                contains,
                format!("{} bytes", size.bytes),
                local_time(size.calculated_at),
            )
        }
        None => (
            "not calculated".into(),
            "not calculated".into(),
            "never".into(),
        ),
    };
    let mut out = String::new();
    for (item, value) in [
        ("Name", set.name().to_string()),
        ("Usage type", "Normal".to_string()),
        ("In Use", yes_no(view.in_use).to_string()),
        ("Contains", contains),
        ("Total size", total),
        ("Last calculated", calculated),
        ("Created", local_time(set.created())),
        ("Modified", local_time(set.modified())),
    ] {
        let _ = writeln!(out, "{:<17}{value}", format!("{item}:"));
    }
    out.push('\n');
    let rules = set
        .rules()
        .iter()
        .map(|rule| vec![rule.path.display().to_string(), rule.attributes.to_string()])
        .collect();
    out.push_str(&table(&["Path", "Attributes"], rules));
    out
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "Yes"
    } else {
        "No"
    }
}

/// A time as the engine log shows it, in local time.
fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%m/%d/%Y %H:%M:%S")
        .to_string()
}

/// Left-aligned columns two spaces apart, without trailing spaces.
fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = headers.iter().map(|h| h.to_string()).collect();
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
