//! LogViewer's command line: the guide's options, in any case, with one or two dashes.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;
use logparse::guide_options::{to_long_options, OptionSpec};
use logparse::id_list::IdList;

/// Prints the Double-Take engine log (dtlog*.dtl) filtered by message type and ID,
/// then follows new messages until Ctrl-C, across file rotation.
///
/// Options are case-insensitive and take one dash or two: -TYPE 1, -type 1 and --type 1
/// are the same. Each printed line keeps the log's tab-separated columns: date, time,
/// process ID, thread ID, sequence number, type, message ID, text.
#[derive(Debug, Parser)]
#[command(
    name = "logviewer",
    version,
    after_help = "Examples:\n  logviewer -type 1                      warnings and errors, then follow\n  logviewer -include 200,400-500,10000-15000 -nofollow\n  logviewer -path /var/log/DT/dtlog3.dtl -exclude 4016-4017 -nodate -notime"
)]
pub struct Args {
    /// Log folder (the whole dtlog1.dtl…dtlog999.dtl series) or one .dtl file
    /// [default: LogDir from DT.conf ($DT_CONF or /etc/DT/DT.conf), else /var/log/DT]
    #[arg(long, value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// 1 = warning and error messages only; 2 = warnings, errors and information
    #[arg(long = "type", value_name = "NUMBER", default_value_t = 2,
          value_parser = clap::value_parser!(u8).range(1..=2))]
    pub message_type: u8,

    /// Only these message IDs: comma-separated IDs and ranges, no spaces (200,400-500)
    #[arg(long, value_name = "LIST")]
    pub include: Option<IdList>,

    /// All but these message IDs: comma-separated IDs and ranges, no spaces
    #[arg(long, value_name = "LIST")]
    pub exclude: Option<IdList>,

    /// Do not print the date
    #[arg(long)]
    pub nodate: bool,
    /// Do not print the time
    #[arg(long)]
    pub notime: bool,
    /// Do not print the process ID
    #[arg(long)]
    pub nopid: bool,
    /// Do not print the thread ID
    #[arg(long)]
    pub notid: bool,
    /// Do not print the sequence number
    #[arg(long)]
    pub noseq: bool,
    /// Do not print the message type
    #[arg(long)]
    pub notype: bool,
    /// Do not print the message ID
    #[arg(long)]
    pub noid: bool,

    /// Print what the log holds now and exit instead of following it
    #[arg(long)]
    pub nofollow: bool,
}

/// The options as the guide spells them (lower case here), with the values each takes.
const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "path",
        values: 1,
    },
    OptionSpec {
        name: "type",
        values: 1,
    },
    OptionSpec {
        name: "include",
        values: 1,
    },
    OptionSpec {
        name: "exclude",
        values: 1,
    },
    OptionSpec {
        name: "nodate",
        values: 0,
    },
    OptionSpec {
        name: "notime",
        values: 0,
    },
    OptionSpec {
        name: "nopid",
        values: 0,
    },
    OptionSpec {
        name: "notid",
        values: 0,
    },
    OptionSpec {
        name: "noseq",
        values: 0,
    },
    OptionSpec {
        name: "notype",
        values: 0,
    },
    OptionSpec {
        name: "noid",
        values: 0,
    },
    OptionSpec {
        name: "nofollow",
        values: 0,
    },
    OptionSpec {
        name: "help",
        values: 0,
    },
    OptionSpec {
        name: "version",
        values: 0,
    },
];

/// What went wrong with the command line: a one-line message, or help to print.
pub enum ArgsError {
    /// A bad option or value; the message names it.
    Usage(String),
    /// `-HELP` or `-VERSION`: the text to print, successfully.
    Info(String),
}

impl Args {
    /// Parses `args` (including the program name).
    pub fn parse_from(args: impl IntoIterator<Item = OsString>) -> Result<Args, ArgsError> {
        let args = to_long_options(args, OPTIONS).map_err(|e| ArgsError::Usage(e.to_string()))?;
        Args::try_parse_from(args).map_err(|err| {
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

/// clap's error without its usage block: `error: ` stripped, one line.
fn first_line(rendered: &str) -> String {
    let line = rendered.lines().next().unwrap_or("invalid arguments");
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}
