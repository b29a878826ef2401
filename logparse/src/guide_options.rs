//! The guide's command-line conventions for its utilities (LogViewer, DTStat).
//!
//! The guide writes options with one dash and in any case (`-PATH`, `-type`,
//! `-Server`). [`to_long_options`] rewrites them as the `--path` long options an
//! argument parser understands, so the parser keeps giving help and errors, and
//! rejects unknown options by name before the parser can misread them as a bundle
//! of short flags.

use std::ffi::OsString;

/// One option a utility accepts: its name in lower case and how many values follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// Lower-case name without dashes, e.g. `"include"`.
    pub name: &'static str,
    /// How many arguments follow the option, e.g. 2 for DTStat's `-Server ip port`.
    pub values: usize,
}

/// An argument that looks like an option but is not one of the utility's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown option {0}")]
pub struct UnknownOption(pub String);

/// Rewrites `-NAME`/`--Name` options to `--name`, case-insensitively.
///
/// The first argument (the program name) and every option's values are passed
/// through unchanged; `-h`, `--help`, `-V` and `--version` are left for the parser;
/// after `--` nothing is rewritten.
pub fn to_long_options(
    args: impl IntoIterator<Item = OsString>,
    specs: &[OptionSpec],
) -> Result<Vec<OsString>, UnknownOption> {
    let mut args = args.into_iter();
    let mut out: Vec<OsString> = args.next().into_iter().collect();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if text == "--" {
            out.push(arg);
            out.extend(args.by_ref());
            break;
        }
        if !text.starts_with('-') || text.len() == 1 || is_number(text) {
            out.push(arg);
            continue;
        }
        if matches!(text, "-h" | "--help" | "-V" | "--version") {
            out.push(arg);
            continue;
        }
        let body = text.trim_start_matches('-');
        let (name, inline_value) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        let spec = specs
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownOption(text.to_string()))?;
        match inline_value {
            Some(value) => out.push(format!("--{}={value}", spec.name).into()),
            None => {
                out.push(format!("--{}", spec.name).into());
                out.extend(args.by_ref().take(spec.values));
            }
        }
    }
    Ok(out)
}

fn is_number(text: &str) -> bool {
    text[1..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[OptionSpec] = &[
        OptionSpec {
            name: "path",
            values: 1,
        },
        OptionSpec {
            name: "nodate",
            values: 0,
        },
        OptionSpec {
            name: "server",
            values: 2,
        },
    ];

    fn run(args: &[&str]) -> Result<Vec<String>, UnknownOption> {
        to_long_options(args.iter().map(OsString::from), SPECS)
            .map(|v| v.into_iter().map(|s| s.into_string().unwrap()).collect())
    }

    #[test]
    fn any_case_and_dash_count_becomes_a_long_option() {
        assert_eq!(
            run(&[
                "lv",
                "-PATH",
                "/x/-NODATE",
                "-NoDate",
                "--Server",
                "10.0.0.1",
                "-5"
            ])
            .unwrap(),
            [
                "lv",
                "--path",
                "/x/-NODATE",
                "--nodate",
                "--server",
                "10.0.0.1",
                "-5"
            ]
        );
    }

    #[test]
    fn values_that_look_like_options_are_kept() {
        assert_eq!(
            run(&["lv", "-path", "-nodate", "-NODATE"]).unwrap(),
            ["lv", "--path", "-nodate", "--nodate"]
        );
        assert_eq!(run(&["lv", "-Path=/a=b"]).unwrap(), ["lv", "--path=/a=b"]);
    }

    #[test]
    fn unknown_options_are_named() {
        assert_eq!(
            run(&["lv", "-PAHT", "x"]),
            Err(UnknownOption("-PAHT".into()))
        );
        assert_eq!(
            run(&["lv", "-PAHT"]).unwrap_err().to_string(),
            "unknown option -PAHT"
        );
    }

    #[test]
    fn help_and_double_dash_pass_through() {
        assert_eq!(run(&["lv", "-h"]).unwrap(), ["lv", "-h"]);
        assert_eq!(run(&["lv", "--", "-X"]).unwrap(), ["lv", "--", "-X"]);
    }
}
