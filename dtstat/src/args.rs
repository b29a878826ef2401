//! DTStat's command line (guide chapter 3), in any case, with one dash or two, plus
//! `--delta`, `--format`, `--plot` and `-o`; checked into [`Options`].

mod guide_time;
mod help;
mod raw;

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDateTime;
use thiserror::Error;

pub use guide_time::{parse_guide_time, GuideTimeError};
pub use help::HELP;

use crate::screen::Level;
use crate::source::ServerAddress;
use raw::RawArgs;

/// DTStat's default interval: a snapshot every second.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

/// A checked command line: what to read, what to show, what to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Where snapshots come from (`-f`, or the stats port).
    pub source: SourceChoice,
    /// `-t`: save every received snapshot to this `.sts` file.
    pub save_to: Option<PathBuf>,
    /// What standard output shows.
    pub print: Print,
    /// `-l`: the screen's level of detail.
    pub level: Level,
    /// The one file export requested, if any.
    pub export: Option<Export>,
    /// `-IP`, `-Start`, `-Stop`.
    pub filters: Filters,
    /// `--delta`: per-interval differences and per-second rates of cumulative counters.
    pub delta: bool,
}

/// Where snapshots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChoice {
    /// The stats port: `-Server ip port`, or `None` for the local engine (DT.conf).
    Live {
        /// `-Server`, if given.
        server: Option<ServerAddress>,
        /// `-i`: the interval asked of the engine.
        interval: Duration,
    },
    /// `-f`: a saved `.sts` file.
    File(PathBuf),
}

/// What standard output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Print {
    /// `-p`, or an export that is the output (`--format json -o`, `--format prom`).
    Nothing,
    /// The guide's text (`--format text`, the default).
    Text,
    /// One JSON object per snapshot per line (`--format json` without `-o`).
    Json,
}

/// A file written from the snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Export {
    /// `-s`: connection data as CSV.
    Connections(PathBuf),
    /// `-st`: target data as CSV.
    Targets(PathBuf),
    /// `--format json -o FILE`: JSON Lines.
    Json(PathBuf),
    /// `--format prom -o FILE`: Prometheus text exposition, replaced atomically.
    Prom(PathBuf),
    /// `--plot FIELD,… -o FILE`: a chart (`.svg` or `.png`).
    Plot {
        /// The statistics to plot, by the guide's identifiers (`conBytesTx`).
        fields: Vec<String>,
        /// The chart file.
        out: PathBuf,
    },
}

/// `-IP`, `-Start`, `-Stop`: which entries and snapshots are shown and written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    /// `-IP`: only these peer addresses (empty: all).
    pub ips: Vec<IpAddr>,
    /// `-Start`: nothing before this date and time (no time zone given).
    pub start: Option<NaiveDateTime>,
    /// `-Stop`: nothing after this date and time (no time zone given).
    pub stop: Option<NaiveDateTime>,
}

impl Filters {
    /// Whether any filter was given.
    pub fn is_empty(&self) -> bool {
        self.ips.is_empty() && self.start.is_none() && self.stop.is_none()
    }
}

/// Why the command line does not run: a usage error (exit 2), or help/version to print.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArgsError {
    /// A bad option or value; the one-line message names it.
    #[error("{0}")]
    Usage(String),
    /// `--help` or `--version`: the text to print, successfully.
    #[error("{0}")]
    Info(String),
}

impl Options {
    /// Parses and checks `args` (including the program name).
    pub fn parse_from(args: impl IntoIterator<Item = OsString>) -> Result<Options, ArgsError> {
        RawArgs::parse_from(args)?.check()
    }
}

impl RawArgs {
    fn check(self) -> Result<Options, ArgsError> {
        let usage = |text: String| Err(ArgsError::Usage(text));
        if self.help {
            return Err(ArgsError::Info(HELP.to_string()));
        }
        let level = match self.level.as_deref().map(str::trim) {
            None => Level::default(),
            Some(text) => match text.parse().ok().and_then(Level::from_number) {
                Some(level) => level,
                None => return usage(format!("bad -l value '{text}': the level is 1, 2 or 3")),
            },
        };
        let interval = match self.interval.as_deref() {
            None => DEFAULT_INTERVAL,
            Some(text) => parse_interval(text)?,
        };
        let server = match self.server.as_deref() {
            None => None,
            Some([host, port]) => Some(ServerAddress {
                host: host.clone(),
                port: port
                    .trim()
                    .parse()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| {
                        ArgsError::Usage(format!("bad -Server port '{port}': expected 1 to 65535"))
                    })?,
            }),
            Some(_) => return usage("-Server takes an address and a port".to_string()),
        };
        let source = match (self.from_file, server) {
            (Some(_), Some(_)) => {
                return usage("-f and -Server cannot be used together".to_string())
            }
            (Some(path), None) => SourceChoice::File(path),
            (None, server) => SourceChoice::Live { server, interval },
        };
        let filters = Filters {
            ips: match self.ip.as_deref() {
                None => Vec::new(),
                Some(text) => parse_ips(text)?,
            },
            start: parse_when("-Start", self.start.as_deref())?,
            stop: parse_when("-Stop", self.stop.as_deref())?,
        };
        if let (Some(start), Some(stop)) = (filters.start, filters.stop) {
            if start > stop {
                return usage("-Start is after -Stop: nothing would be shown".to_string());
            }
        }
        let format = match self.format.as_deref().map(str::trim) {
            None => "text".to_string(),
            Some(text) => text.to_ascii_lowercase(),
        };
        let mut exports = Vec::new();
        exports.extend(self.connections_csv.map(Export::Connections));
        exports.extend(self.targets_csv.map(Export::Targets));
        let mut print = if self.no_print {
            Print::Nothing
        } else {
            Print::Text
        };
        match (format.as_str(), self.plot, self.output) {
            ("text" | "json" | "prom", Some(_), None) => {
                return usage("--plot needs -o FILE (.svg or .png)".to_string())
            }
            ("text", Some(fields), Some(out)) => {
                let fields = fields.split(',').map(|f| f.trim().to_string()).collect();
                exports.push(Export::Plot { fields, out });
            }
            ("json" | "prom", Some(_), Some(_)) => {
                return usage("--plot draws a chart; it cannot be combined with --format".into())
            }
            ("text", None, Some(_)) => {
                return usage("-o is the output of --format json, --format prom or --plot".into())
            }
            ("text", None, None) => {}
            ("json", None, None) if !self.no_print => print = Print::Json,
            ("json", None, None) => {}
            ("json", None, Some(out)) => {
                exports.push(Export::Json(out));
                print = Print::Nothing;
            }
            ("prom", None, Some(out)) => {
                exports.push(Export::Prom(out));
                print = Print::Nothing;
            }
            ("prom", None, None) => return usage("--format prom needs -o FILE".to_string()),
            (other, _, _) => {
                return usage(format!("bad --format value '{other}': text, json or prom"))
            }
        }
        if exports.len() > 1 {
            return usage(
                "-s, -st, --format json -o, --format prom and --plot write one file each: \
                 run dtstat once for each"
                    .to_string(),
            );
        }
        Ok(Options {
            source,
            save_to: self.save_to,
            print,
            level,
            export: exports.pop(),
            filters,
            delta: self.delta,
        })
    }
}

/// `-i`: a positive number of seconds (fractions allowed, at least a millisecond).
fn parse_interval(text: &str) -> Result<Duration, ArgsError> {
    let bad = || {
        ArgsError::Usage(format!(
            "bad -i value '{text}': expected a number of seconds above 0 (e.g. 1 or 0.5)"
        ))
    };
    let seconds: f64 = text.trim().parse().map_err(|_| bad())?;
    let interval = Duration::try_from_secs_f64(seconds).map_err(|_| bad())?;
    if interval < Duration::from_millis(1) {
        return Err(bad());
    }
    Ok(interval)
}

/// `-IP`: comma-separated IPv4 or IPv6 addresses.
fn parse_ips(text: &str) -> Result<Vec<IpAddr>, ArgsError> {
    text.split(',')
        .map(|item| {
            item.trim()
                .parse()
                .map_err(|_| ArgsError::Usage(format!("bad -IP address '{item}' (in '{text}')")))
        })
        .collect()
}

/// `-Start`/`-Stop`: one value, or the date and the time as two.
fn parse_when(option: &str, values: Option<&[String]>) -> Result<Option<NaiveDateTime>, ArgsError> {
    let Some(values) = values else {
        return Ok(None);
    };
    parse_guide_time(&values.join(" "))
        .map(Some)
        .map_err(|e| ArgsError::Usage(format!("bad {option} value: {e}")))
}
