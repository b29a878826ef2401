//! Replication sets through the management requests: persistence, the atomic database,
//! every error code, and event 4073 read back from the engine log.

use std::fs;
use std::path::PathBuf;

use engine::event_log::EventLog;
use engine::repset::{handle, RepSetRequest, RepSetStore, RepSetView, Rule};
use engine::EngineError;
use logparse::dtl::{AppenderConfig, Level, LogSeries, Record};
use serde_json::{json, Value};

/// An engine's data and log directories in a temp dir.
struct Engine {
    dir: tempfile::TempDir,
}

impl Engine {
    fn new() -> Engine {
        Engine {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn db(&self) -> PathBuf {
        self.data_dir().join("DbTake.db")
    }

    fn log(&self) -> EventLog {
        EventLog::open(AppenderConfig {
            dir: self.dir.path().join("log"),
            ..AppenderConfig::default()
        })
        .unwrap()
    }

    fn open(&self) -> Result<RepSetStore, EngineError> {
        RepSetStore::open(&self.data_dir(), "DbTake.db", self.log())
    }

    fn records(&self) -> Vec<Record> {
        LogSeries::in_dir(self.dir.path().join("log"))
            .reader()
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    }
}

fn rules(specs: &[&str]) -> Vec<Rule> {
    specs.iter().map(|s| Rule::from_spec(s).unwrap()).collect()
}

fn create(store: &RepSetStore, name: &str, specs: &[&str]) -> Result<Value, EngineError> {
    handle(
        store,
        RepSetRequest::Create {
            name: name.into(),
            rules: rules(specs),
        },
    )
}

fn modify(store: &RepSetStore, name: &str, specs: &[&str]) -> Result<Value, EngineError> {
    handle(
        store,
        RepSetRequest::Modify {
            name: name.into(),
            rules: rules(specs),
        },
    )
}

fn list(store: &RepSetStore) -> Vec<RepSetView> {
    serde_json::from_value(handle(store, RepSetRequest::List).unwrap()).unwrap()
}

fn code(result: Result<Value, EngineError>) -> u32 {
    result.unwrap_err().code
}

#[test]
fn sets_persist_across_reopen() {
    let engine = Engine::new();
    let store = engine.open().unwrap();
    let created = create(&store, "web", &["/srv//www/", "/srv/www/cache,exc"]).unwrap();
    assert_eq!(created["name"], "web");
    assert_eq!(created["in_use"], false);
    assert_eq!(created["rules"][0]["path"], "/srv/www");
    assert_eq!(
        created["rules"][1],
        json!({"path": "/srv/www/cache", "attributes": {"inclusion": "exclude", "recursive": true}})
    );
    create(&store, "db", &["/var/lib/pg,inc,norec"]).unwrap();
    create(&store, "gone", &["/tmp"]).unwrap();
    modify(&store, "db", &["/var/lib/pg", "/var/lib/pg/tmp,exc"]).unwrap();
    handle(
        &store,
        RepSetRequest::Delete {
            name: "gone".into(),
        },
    )
    .unwrap();
    let before = list(&store);
    assert_eq!(
        before.iter().map(|v| v.set.name()).collect::<Vec<_>>(),
        ["db", "web"]
    );
    drop(store);

    let store = engine.open().unwrap();
    assert_eq!(list(&store), before);
    let db: RepSetView =
        serde_json::from_value(handle(&store, RepSetRequest::Show { name: "db".into() }).unwrap())
            .unwrap();
    assert_eq!(
        db.set.rules(),
        rules(&["/var/lib/pg", "/var/lib/pg/tmp,exc"])
    );
    assert!(db.set.modified() >= db.set.created());
}

#[test]
fn a_leftover_temp_file_is_ignored_and_replaced() {
    let engine = Engine::new();
    let store = engine.open().unwrap();
    create(&store, "web", &["/srv"]).unwrap();
    let saved = fs::read(engine.db()).unwrap();
    let temp = engine.data_dir().join("DbTake.db.tmp");
    assert!(!temp.exists(), "a write leaves no temp file behind");
    drop(store);

    // A crash in the middle of the next write: a torn temp file, the database intact.
    fs::write(&temp, &saved[..saved.len() / 2]).unwrap();
    let store = engine.open().unwrap();
    assert_eq!(list(&store).len(), 1);
    assert_eq!(fs::read(engine.db()).unwrap(), saved);

    create(&store, "db", &["/var/lib/pg"]).unwrap();
    assert!(!temp.exists());
    drop(store);
    assert_eq!(list(&engine.open().unwrap()).len(), 2);
}

#[test]
fn a_corrupt_database_is_reported_by_name_and_left_untouched() {
    let engine = Engine::new();
    create(&engine.open().unwrap(), "web", &["/srv"]).unwrap();
    let mut torn = fs::read(engine.db()).unwrap();
    torn.truncate(torn.len() - 5);
    fs::write(engine.db(), &torn).unwrap();

    for _ in 0..2 {
        let err = engine.open().unwrap_err();
        assert_eq!(err.code, 1);
        assert!(
            err.detail.contains(&engine.db().display().to_string()),
            "{err}"
        );
        assert!(err.detail.contains("corrupt"), "{err}");
        assert_eq!(fs::read(engine.db()).unwrap(), torn);
    }
}

#[test]
fn every_error_code() {
    let engine = Engine::new();
    let store = engine.open().unwrap();
    create(&store, "web", &["/srv"]).unwrap();

    // 101: bad names, bad rules, bad RepSetDBName.
    assert_eq!(code(create(&store, "", &["/srv"])), 101);
    assert_eq!(code(create(&store, "a\nb", &["/srv"])), 101);
    assert_eq!(code(create(&store, &"x".repeat(256), &["/srv"])), 101);
    assert!(create(&store, &"x".repeat(255), &["/srv"]).is_ok());
    let relative = Rule {
        path: "srv/www".into(),
        ..Rule::from_spec("/").unwrap()
    };
    for request in [
        RepSetRequest::Create {
            name: "new".into(),
            rules: vec![Rule::from_spec("/srv").unwrap(), relative.clone()],
        },
        RepSetRequest::Modify {
            name: "web".into(),
            rules: vec![relative.clone()],
        },
    ] {
        let err = handle(&store, request).unwrap_err();
        assert_eq!(err.code, 101);
        assert_eq!(err.message, "Invalid parameter was supplied");
        assert!(err.detail.contains("rule"), "{err}");
        assert!(err.detail.contains("\"srv/www\" is not absolute"), "{err}");
    }
    let parent = Rule {
        path: "/srv/../etc".into(),
        ..relative
    };
    assert_eq!(
        code(handle(
            &store,
            RepSetRequest::Modify {
                name: "web".into(),
                rules: vec![parent]
            }
        )),
        101
    );
    assert_eq!(
        RepSetStore::open(&engine.data_dir(), "../DbTake.db", engine.log())
            .unwrap_err()
            .code,
        101
    );

    // 122: the name is taken.
    let err = create(&store, "web", &["/opt"]).unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (122, "Job exists"));
    assert!(err.detail.contains("\"web\""));

    // 123: no such set, for every request that names one.
    for request in [
        RepSetRequest::Show {
            name: "nope".into(),
        },
        RepSetRequest::Modify {
            name: "nope".into(),
            rules: Vec::new(),
        },
        RepSetRequest::Delete {
            name: "nope".into(),
        },
        RepSetRequest::Calculate {
            name: "nope".into(),
        },
    ] {
        let err = handle(&store, request).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (123, "Job does not exist")
        );
        assert!(err.detail.contains("\"nope\""), "{err}");
    }
    assert_eq!(store.set_in_use("nope", true).unwrap_err().code, 123);

    // 130: a set in use cannot be deleted.
    store.set_in_use("web", true).unwrap();
    let err = handle(&store, RepSetRequest::Delete { name: "web".into() }).unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (130, "Job is in use"));
    store.set_in_use("web", false).unwrap();
    handle(&store, RepSetRequest::Delete { name: "web".into() }).unwrap();

    // 144: the database cannot be written; nothing changes in memory.
    fs::remove_dir_all(engine.data_dir()).unwrap();
    fs::write(engine.data_dir(), "not a directory").unwrap();
    let err = create(&store, "db", &["/var"]).unwrap_err();
    assert_eq!(err.code, 144);
    assert!(err.detail.contains("DbTake.db"), "{err}");
    assert_eq!(
        code(handle(&store, RepSetRequest::Show { name: "db".into() })),
        123
    );
}

#[test]
fn event_4073_is_logged_exactly_when_a_set_in_use_is_modified() {
    let engine = Engine::new();
    let store = engine.open().unwrap();
    create(&store, "web", &["/srv"]).unwrap();
    create(&store, "db", &["/var/lib/pg"]).unwrap();
    store.set_in_use("web", true).unwrap();
    let count_4073 = || engine.records().iter().filter(|r| r.id == 4073).count();

    modify(&store, "db", &["/var/lib/pg", "/var/lib/pg/tmp,exc"]).unwrap();
    assert_eq!(count_4073(), 0, "db is not in use");
    let answer = modify(&store, "web", &["/srv", "/srv/cache,exc"]).unwrap();
    assert_eq!(answer["in_use"], true);
    assert_eq!(count_4073(), 1);
    modify(&store, "web", &["/srv/", "/srv/cache,exc,rec"]).unwrap();
    assert_eq!(count_4073(), 1, "the same rules change nothing");
    assert_eq!(
        code(handle(&store, RepSetRequest::Delete { name: "web".into() })),
        130
    );
    let relative = Rule {
        path: "srv".into(),
        ..Rule::from_spec("/srv").unwrap()
    };
    let refused = handle(
        &store,
        RepSetRequest::Modify {
            name: "web".into(),
            rules: vec![relative],
        },
    );
    assert_eq!(code(refused), 101);
    assert_eq!(count_4073(), 1, "a refused modify changes nothing");
    modify(&store, "web", &["/srv,inc,norec"]).unwrap();
    assert_eq!(count_4073(), 2);
    store.set_in_use("web", false).unwrap();
    modify(&store, "web", &["/srv"]).unwrap();
    assert_eq!(count_4073(), 2, "web is no longer in use");

    let record = engine.records().into_iter().find(|r| r.id == 4073).unwrap();
    assert_eq!(record.text, "A replication set has been modified.");
    assert_eq!(record.level, Level::Info);
    assert_eq!(record.pid, std::process::id());
}

#[test]
fn calculating_stores_the_size_and_logs_the_guides_lines() {
    let engine = Engine::new();
    let tree = engine.dir.path().join("tree");
    fs::create_dir_all(tree.join("sub")).unwrap();
    fs::write(tree.join("a"), "12345").unwrap();
    fs::write(tree.join("sub/b"), "123").unwrap();
    let store = engine.open().unwrap();
    create(&store, "tree", &[tree.to_str().unwrap()]).unwrap();
    let shown = handle(
        &store,
        RepSetRequest::Show {
            name: "tree".into(),
        },
    )
    .unwrap();
    assert_eq!(shown["size"], Value::Null);

    let answer = handle(
        &store,
        RepSetRequest::Calculate {
            name: "tree".into(),
        },
    )
    .unwrap();
    let size = &answer["size"];
    assert_eq!(
        (
            &size["files"],
            &size["directories"],
            &size["bytes"],
            &size["unreadable"]
        ),
        (&json!(2), &json!(2), &json!(8), &json!(0))
    );
    drop(store);
    let store = engine.open().unwrap();
    let shown = handle(
        &store,
        RepSetRequest::Show {
            name: "tree".into(),
        },
    )
    .unwrap();
    assert_eq!(shown["size"], answer["size"]);

    let lines: Vec<(u32, String)> = engine
        .records()
        .into_iter()
        .map(|r| (r.id, r.text))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[0],
        (0, "Calculating repset size... RepSet: tree".to_string())
    );
    assert_eq!(lines[1].0, 0);
    let done = &lines[1].1;
    assert!(
        done.starts_with("---RepSet size calc done !!! Size: 8 Time spent: "),
        "{done}"
    );
    assert!(done.ends_with("ms RepSet: tree"), "{done}");

    // New rules make the size stale.
    let modified = modify(&store, "tree", &[&format!("{},norec", tree.display())]).unwrap();
    assert_eq!(modified["size"], Value::Null);
}

#[test]
fn deleting_logs_the_guides_line() {
    let engine = Engine::new();
    let store = engine.open().unwrap();
    create(&store, "FilesAndFolders", &["/srv"]).unwrap();
    handle(
        &store,
        RepSetRequest::Delete {
            name: "FilesAndFolders".into(),
        },
    )
    .unwrap();
    let texts: Vec<String> = engine.records().into_iter().map(|r| r.text).collect();
    assert_eq!(texts, ["Deleted replication set named FilesAndFolders"]);
    assert!(list(&store).is_empty());
}
