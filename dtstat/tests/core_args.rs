//! Every form of DTStat's options, and the one-line errors of bad ones.

mod core_support;

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use dtstat::args::{ArgsError, Export, Filters, Options, Print, SourceChoice, DEFAULT_INTERVAL};
use dtstat::screen::Level;
use dtstat::source::ServerAddress;

fn parse(args: &[&str]) -> Result<Options, ArgsError> {
    let all = std::iter::once("dtstat").chain(args.iter().copied());
    Options::parse_from(all.map(OsString::from))
}

fn ok(args: &[&str]) -> Options {
    parse(args).unwrap_or_else(|e| panic!("{args:?} should parse: {e}"))
}

fn usage(args: &[&str]) -> String {
    match parse(args) {
        Err(ArgsError::Usage(message)) => {
            assert!(!message.contains('\n'), "one line: {message}");
            message
        }
        other => panic!("{args:?} should be a usage error, got {other:?}"),
    }
}

#[test]
fn no_options_watch_the_local_engine_every_second_at_level_2() {
    let options = ok(&[]);
    assert_eq!(
        options.source,
        SourceChoice::Live {
            server: None,
            interval: DEFAULT_INTERVAL
        }
    );
    assert_eq!(options.print, Print::Text);
    assert_eq!(options.level, Level::Guide);
    assert_eq!(options.export, None);
    assert_eq!(options.save_to, None);
    assert_eq!(options.filters, Filters::default());
    assert!(!options.delta);
}

#[test]
fn the_guides_examples() {
    let options = ok(&["-p", "-f", "statistic.sts", "-s", "statistic.csv"]);
    assert_eq!(options.source, SourceChoice::File("statistic.sts".into()));
    assert_eq!(options.print, Print::Nothing);
    assert_eq!(
        options.export,
        Some(Export::Connections("statistic.csv".into()))
    );
    let options = ok(&["-p", "-f", "statistic.sts", "-st", "statistic.csv"]);
    assert_eq!(
        options.export,
        Some(Export::Targets("statistic.csv".into()))
    );
}

#[test]
fn options_ignore_case_and_take_one_or_two_dashes() {
    let expected = ok(&[
        "-p", "-i", "5", "-l", "3", "-t", "cap.sts", "-server", "10.0.0.5", "1506",
    ]);
    for args in [
        [
            "-P", "-I", "5", "-L", "3", "-T", "cap.sts", "-SERVER", "10.0.0.5", "1506",
        ],
        [
            "--p", "--i", "5", "--l", "3", "--t", "cap.sts", "--Server", "10.0.0.5", "1506",
        ],
        [
            "-p", "-i", "5", "-L", "3", "--T", "cap.sts", "-sErVeR", "10.0.0.5", "1506",
        ],
    ] {
        assert_eq!(ok(&args), expected, "{args:?}");
    }
    assert_eq!(
        expected.source,
        SourceChoice::Live {
            server: Some(ServerAddress {
                host: "10.0.0.5".into(),
                port: 1506
            }),
            interval: Duration::from_secs(5)
        }
    );
    assert_eq!(expected.level, Level::Full);
    assert_eq!(expected.save_to, Some(PathBuf::from("cap.sts")));
    assert_eq!(
        ok(&["-ST", "t.csv"]).export,
        Some(Export::Targets("t.csv".into()))
    );
    assert_eq!(
        ok(&["-S", "c.csv"]).export,
        Some(Export::Connections("c.csv".into()))
    );
    assert_eq!(ok(&["-F=x.sts"]).source, SourceChoice::File("x.sts".into()));
}

#[test]
fn intervals_are_seconds_with_fractions() {
    let interval = |args: &[&str]| match ok(args).source {
        SourceChoice::Live { interval, .. } => interval,
        other => panic!("live expected, got {other:?}"),
    };
    assert_eq!(interval(&["-i", "0.25"]), Duration::from_millis(250));
    assert_eq!(interval(&["-i", "60"]), Duration::from_secs(60));
    for bad in ["0", "-1", "abc", "NaN", "1e30", "0.0001"] {
        assert!(usage(&["-i", bad]).contains("-i"), "{bad}");
    }
}

#[test]
fn levels_are_1_to_3() {
    assert_eq!(ok(&["-l", "1"]).level, Level::Summary);
    assert_eq!(ok(&["-l", "2"]).level, Level::Guide);
    for bad in ["0", "4", "two"] {
        assert!(usage(&["-l", bad]).contains("-l"), "{bad}");
    }
}

#[test]
fn ip_start_and_stop_filters() {
    let options = ok(&[
        "-IP",
        "10.0.0.7,fd00::1",
        "-Start",
        "06/22/201714:30",
        "-STOP",
        "06/23/2017",
        "08:00",
    ]);
    let ips: Vec<IpAddr> = vec!["10.0.0.7".parse().unwrap(), "fd00::1".parse().unwrap()];
    let day = |d| NaiveDate::from_ymd_opt(2017, 6, d).unwrap();
    assert_eq!(
        options.filters,
        Filters {
            ips,
            start: day(22).and_hms_opt(14, 30, 0),
            stop: day(23).and_hms_opt(8, 0, 0),
        }
    );
    let spaced = ok(&["-start", "06/22/2017 14:30"]);
    assert_eq!(spaced.filters.start, options.filters.start);
    assert!(usage(&["-Start", "22/06/2017 14:30"]).contains("-Start"));
    assert!(usage(&["-Stop", "06/22/2017", "noon"]).contains("-Stop"));
    assert!(usage(&["-IP", "10.0.0.7,nowhere"]).contains("nowhere"));
    assert!(usage(&["-Start", "06/23/2017", "-Stop", "06/22/2017"]).contains("-Start"));
}

#[test]
fn formats_plots_and_their_output_file() {
    assert_eq!(ok(&["--format", "json"]).print, Print::Json);
    assert_eq!(ok(&["-p", "--format", "JSON"]).print, Print::Nothing);
    let json = ok(&["--format", "json", "-o", "s.jsonl"]);
    assert_eq!(
        (json.print, json.export),
        (Print::Nothing, Some(Export::Json("s.jsonl".into())))
    );
    let prom = ok(&["-FORMAT", "prom", "-O", "dt.prom"]);
    assert_eq!(prom.export, Some(Export::Prom("dt.prom".into())));
    assert_eq!(prom.print, Print::Nothing);
    let plot = ok(&["-f", "x.sts", "--plot", "conBytesTx, ConRPL", "-o", "c.svg"]);
    assert_eq!(
        plot.export,
        Some(Export::Plot {
            fields: vec!["conBytesTx".into(), "ConRPL".into()],
            out: "c.svg".into()
        })
    );
    assert_eq!(plot.print, Print::Text);
    assert!(ok(&["--delta", "-f", "x.sts"]).delta);
    assert!(usage(&["--format", "xml"]).contains("xml"));
    assert!(usage(&["--format", "prom"]).contains("-o"));
    assert!(usage(&["--plot", "conBytesTx"]).contains("-o"));
    assert!(usage(&["-o", "x.svg"]).contains("-o"));
    assert!(usage(&["--format", "json", "--plot", "conBytesTx", "-o", "x"]).contains("--plot"));
}

#[test]
fn conflicting_sources_and_exports_are_refused() {
    assert!(usage(&["-f", "x.sts", "-Server", "10.0.0.5", "1506"]).contains("-Server"));
    assert!(usage(&["-s", "a.csv", "-st", "b.csv"]).contains("-st"));
    assert!(usage(&["-Server", "10.0.0.5", "0"]).contains("port"));
    assert!(usage(&["-Server", "10.0.0.5", "http"]).contains("http"));
}

#[test]
fn bad_options_are_named_in_one_line() {
    assert!(usage(&["-x"]).contains("-x"));
    assert!(usage(&["-Servr", "a", "1"]).contains("-Servr"));
    assert!(usage(&["-Server", "10.0.0.5"]).contains("-server"));
    assert!(usage(&["-f"]).contains("-f"));
    assert!(usage(&["stray"]).contains("stray"));
}

#[test]
fn help_teaches_levels_and_examples() {
    for flag in ["--help", "-h", "-HELP"] {
        match parse(&[flag]) {
            Err(ArgsError::Info(text)) => {
                for needle in [
                    "-Server",
                    "Examples:",
                    "  1  ",
                    "  3  ",
                    "110",
                    "143",
                    "--delta",
                ] {
                    assert!(text.contains(needle), "{flag}: {needle}");
                }
            }
            other => panic!("{flag}: help expected, got {other:?}"),
        }
    }
}

#[test]
fn the_binary_exits_2_with_one_line_for_a_bad_option() {
    let output = core_support::dtstat()
        .args(["-l", "9"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("-l"), "{stderr}");
    let help = core_support::dtstat().arg("-Help").output().expect("runs");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}
