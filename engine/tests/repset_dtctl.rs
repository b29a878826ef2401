//! `dtctl repset …`: argument parsing, the requests sent, the human tables, and a round
//! trip through the management client to a stand-in engine answering with
//! `engine::repset::handle`.

#[path = "../src/bin/dtctl/repset.rs"]
mod repset;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use clap::Parser;
use engine::event_log::EventLog;
use engine::mgmt::client::Client;
use engine::mgmt::protocol::{Request, Response};
use engine::repset::{handle, RepSetRequest, RepSetStore, Rule};
use engine::EngineError;
use logparse::dtl::AppenderConfig;

#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: repset::Cmd,
}

fn parse(args: &[&str]) -> Result<RepSetRequest, clap::Error> {
    let args = std::iter::once("repset").chain(args.iter().copied());
    Cli::try_parse_from(args).map(|cli| repset::request_for(cli.cmd))
}

fn open_store(dir: &std::path::Path) -> RepSetStore {
    let log = EventLog::open(AppenderConfig {
        dir: dir.join("log"),
        ..AppenderConfig::default()
    })
    .unwrap();
    RepSetStore::open(&dir.join("data"), "DbTake.db", log).unwrap()
}

#[test]
fn subcommands_build_their_requests() {
    assert_eq!(
        parse(&[
            "create",
            "web",
            "--rule",
            "/srv",
            "--rule",
            "/srv/cache,exc,norec"
        ])
        .unwrap(),
        RepSetRequest::Create {
            name: "web".into(),
            rules: vec![
                Rule::from_spec("/srv,inc,rec").unwrap(),
                Rule::from_spec("/srv/cache,exc,norec").unwrap()
            ],
        }
    );
    assert_eq!(parse(&["list"]).unwrap(), RepSetRequest::List);
    assert_eq!(
        parse(&["show", "web"]).unwrap(),
        RepSetRequest::Show { name: "web".into() }
    );
    assert_eq!(
        parse(&["modify", "web", "--rule", "/opt"]).unwrap(),
        RepSetRequest::Modify {
            name: "web".into(),
            rules: vec![Rule::from_spec("/opt").unwrap()],
        }
    );
    assert_eq!(
        parse(&["delete", "web"]).unwrap(),
        RepSetRequest::Delete { name: "web".into() }
    );
    assert_eq!(
        parse(&["calc", "web"]).unwrap(),
        RepSetRequest::Calculate { name: "web".into() }
    );
}

#[test]
fn bad_rules_and_missing_rules_are_usage_errors() {
    let err = parse(&["create", "web", "--rule", "srv,inc"]).unwrap_err();
    assert!(
        err.to_string().contains("path \"srv\" is not absolute"),
        "{err}"
    );
    let err = parse(&["create", "web", "--rule", "/srv,inc,exc"]).unwrap_err();
    assert!(err.to_string().contains("repeats or contradicts"), "{err}");
    assert!(parse(&["create", "web"]).is_err());
    assert!(parse(&["modify", "web"]).is_err());
    let help = parse(&["create", "--help"]).unwrap_err().to_string();
    assert!(help.contains("PATH[,inc|exc][,rec|norec]"), "{help}");
    assert!(
        help.contains("norec  the rule applies to the path and its immediate children only"),
        "{help}"
    );
}

#[test]
fn tables_show_the_guides_items() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let list = |store: &RepSetStore| {
        repset::render(
            &RepSetRequest::List,
            handle(store, RepSetRequest::List).unwrap(),
        )
        .unwrap()
    };
    assert_eq!(list(&store), "No replication sets.\n");

    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("f"), "1234").unwrap();
    let create = parse(&[
        "create",
        "FilesAndFolders",
        "--rule",
        tree.to_str().unwrap(),
        "--rule",
        &format!("{},exc,norec", tree.join("tmp").display()),
    ])
    .unwrap();
    let shown = repset::render(&create, handle(&store, create.clone()).unwrap()).unwrap();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "Name:            FilesAndFolders");
    assert_eq!(lines[1], "Usage type:      Normal");
    assert_eq!(lines[2], "In Use:          No");
    assert_eq!(lines[3], "Contains:        not calculated");
    assert_eq!(lines[8], "");
    assert_eq!(
        lines[9].split_whitespace().collect::<Vec<_>>(),
        ["Path", "Attributes"]
    );
    assert!(lines[10].starts_with(tree.to_str().unwrap()) && lines[10].ends_with("  Inc, Rec"));
    assert!(lines[11].ends_with("/tmp  Exc"), "{}", lines[11]);
    assert_eq!(lines.len(), 12);

    let calc = RepSetRequest::Calculate {
        name: "FilesAndFolders".into(),
    };
    let shown = repset::render(&calc, handle(&store, calc.clone()).unwrap()).unwrap();
    assert!(
        shown.contains("\nContains:        1 files, 1 directories\nTotal size:      4 bytes\n"),
        "{shown}"
    );

    store.set_in_use("FilesAndFolders", true).unwrap();
    let table = list(&store);
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| {
            l.split("  ")
                .filter(|c| !c.is_empty())
                .map(str::trim)
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        [
            "Name",
            "In Use",
            "Last Calculated",
            "Size (bytes)",
            "Files",
            "Directories",
            "Rules"
        ]
    );
    assert_eq!(rows[1][0], "FilesAndFolders");
    assert_eq!(rows[1][1], "Yes");
    assert_eq!(rows[1][3..], ["4", "1", "1", "2"]);
    assert_eq!(rows.len(), 2);

    let delete = RepSetRequest::Delete {
        name: "FilesAndFolders".into(),
    };
    store.set_in_use("FilesAndFolders", false).unwrap();
    assert_eq!(
        repset::render(&delete, handle(&store, delete.clone()).unwrap()).unwrap(),
        "Deleted replication set FilesAndFolders\n"
    );
}

/// A stand-in engine on a loopback port: answers every repset request of one client.
fn serve(store: Arc<RepSetStore>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut writer = stream.try_clone().unwrap();
        for line in BufReader::new(stream).lines() {
            let request: Request = serde_json::from_str(&line.unwrap()).unwrap();
            let Request::RepSet(request) = request else {
                panic!("not a repset request: {request:?}");
            };
            let response = Response::from(handle(&store, request));
            let mut answer = serde_json::to_vec(&response).unwrap();
            answer.push(b'\n');
            writer.write_all(&answer).unwrap();
        }
    });
    addr
}

#[test]
fn run_sends_requests_and_returns_the_engines_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(open_store(dir.path()));
    let addr = serve(Arc::clone(&store));
    let mut client = Client::connect(&addr, Duration::from_secs(5)).unwrap();
    let cmd = |args: &[&str]| {
        let args = std::iter::once("repset").chain(args.iter().copied());
        Cli::try_parse_from(args).unwrap().cmd
    };

    repset::run(
        &mut client,
        cmd(&["create", "web", "--rule", "/srv"]),
        false,
    )
    .unwrap();
    repset::run(&mut client, cmd(&["list"]), true).unwrap();
    assert_eq!(
        store.get("web").unwrap().rules(),
        [Rule::from_spec("/srv").unwrap()]
    );

    let err = repset::run(&mut client, cmd(&["show", "nope"]), false).unwrap_err();
    let err = err.downcast::<EngineError>().unwrap();
    assert_eq!(err.code, 123);
    assert!(err.detail.contains("\"nope\""));

    repset::run(&mut client, cmd(&["delete", "web"]), false).unwrap();
    assert!(store.list().is_empty());
}
