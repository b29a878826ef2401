//! The command line as clap reads it, after the guide's spellings are made long options.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;
use logparse::guide_options::{to_long_options, OptionSpec};

use super::ArgsError;

/// Every option as written, values still text; [`RawArgs::check`](super) gives them meaning.
/// A value may start with a dash (`-i -1` is then refused by its value, by name).
#[derive(Debug, Parser)]
#[command(name = "dtstat", version, disable_help_flag = true)]
pub(super) struct RawArgs {
    #[arg(long = "help", short = 'h')]
    pub help: bool,
    #[arg(long = "p")]
    pub no_print: bool,
    #[arg(long = "i", allow_hyphen_values = true, value_name = "SECONDS")]
    pub interval: Option<String>,
    #[arg(long = "l", allow_hyphen_values = true, value_name = "LEVEL")]
    pub level: Option<String>,
    #[arg(long = "t", allow_hyphen_values = true, value_name = "TOFILE")]
    pub save_to: Option<PathBuf>,
    #[arg(long = "f", allow_hyphen_values = true, value_name = "FROMFILE")]
    pub from_file: Option<PathBuf>,
    #[arg(long = "s", allow_hyphen_values = true, value_name = "TOFILE")]
    pub connections_csv: Option<PathBuf>,
    #[arg(long = "st", allow_hyphen_values = true, value_name = "TOFILE")]
    pub targets_csv: Option<PathBuf>,
    #[arg(long = "ip", allow_hyphen_values = true, value_name = "ADDRESS")]
    pub ip: Option<String>,
    #[arg(long = "start", num_args = 1..=2, value_name = "mm/dd/yyyyhh:mm")]
    pub start: Option<Vec<String>>,
    #[arg(long = "stop", num_args = 1..=2, value_name = "mm/dd/yyyyhh:mm")]
    pub stop: Option<Vec<String>>,
    #[arg(long = "server", num_args = 2, allow_hyphen_values = true, value_names = ["IP_ADDRESS", "PORT_NUMBER"])]
    pub server: Option<Vec<String>>,
    #[arg(long = "delta")]
    pub delta: bool,
    #[arg(long = "format", allow_hyphen_values = true, value_name = "FORMAT")]
    pub format: Option<String>,
    #[arg(long = "plot", allow_hyphen_values = true, value_name = "FIELD,...")]
    pub plot: Option<String>,
    #[arg(long = "o", allow_hyphen_values = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The options by their guide names (lower case), with how many values each takes.
/// `-Start`/`-Stop` take one here; a separate time after the date passes through as a
/// second value that clap collects.
const OPTIONS: &[OptionSpec] = &[
    spec("help", 0),
    spec("version", 0),
    spec("p", 0),
    spec("i", 1),
    spec("l", 1),
    spec("t", 1),
    spec("f", 1),
    spec("s", 1),
    spec("st", 1),
    spec("ip", 1),
    spec("start", 1),
    spec("stop", 1),
    spec("server", 2),
    spec("delta", 0),
    spec("format", 1),
    spec("plot", 1),
    spec("o", 1),
];

const fn spec(name: &'static str, values: usize) -> OptionSpec {
    OptionSpec { name, values }
}

impl RawArgs {
    /// Normalises the guide's spellings and lets clap read the result.
    pub(super) fn parse_from(
        args: impl IntoIterator<Item = OsString>,
    ) -> Result<RawArgs, ArgsError> {
        let args = to_long_options(args, OPTIONS).map_err(|e| ArgsError::Usage(e.to_string()))?;
        RawArgs::try_parse_from(args).map_err(|err| {
            use clap::error::ErrorKind;
            match err.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    ArgsError::Info(err.render().to_string())
                }
                _ => ArgsError::Usage(first_line(&err.render().to_string())),
            }
        })
    }
}

/// clap's error as one line, without `error: ` and with the guide's one-dash spelling.
fn first_line(rendered: &str) -> String {
    let line = rendered.lines().next().unwrap_or("invalid arguments");
    let line = line.strip_prefix("error: ").unwrap_or(line);
    line.replace("'--", "'-")
}
