//! Size calculation over a real tree with includes, excludes and a non-recursive rule:
//! exact counts.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use chrono::Utc;
use engine::event_log::EventLog;
use engine::repset::{calculate_size, RepSetStore, ReplicationSet, Rule};
use logparse::dtl::{AppenderConfig, Level, LogSeries};

fn write(path: &Path, bytes: usize) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, vec![b'x'; bytes]).unwrap();
}

/// ```text
/// data/                 Inc, Rec
///   a.txt (10)
///   b.bin (100)
///   link -> a.txt       a file of 0 bytes: links are not followed
///   other -> ../other   the same, though it points to a directory
///   logs/               Exc, Rec
///     x.log (1000)
///     keep/             Inc, Rec
///       k.txt (7)
///   sub/                Exc (not Rec): sub and its children are out …
///     c.txt (5)
///     deep/
///       d.txt (3)       … but not what lies deeper
///   empty/
/// other/                not in any rule
///   o.txt (50)
/// ```
fn tree(root: &Path) -> Vec<Rule> {
    let data = root.join("data");
    write(&data.join("a.txt"), 10);
    write(&data.join("b.bin"), 100);
    write(&data.join("logs/x.log"), 1000);
    write(&data.join("logs/keep/k.txt"), 7);
    write(&data.join("sub/c.txt"), 5);
    write(&data.join("sub/deep/d.txt"), 3);
    fs::create_dir(data.join("empty")).unwrap();
    write(&root.join("other/o.txt"), 50);
    symlink("a.txt", data.join("link")).unwrap();
    symlink("../other", data.join("other")).unwrap();
    let spec = |rel: &str, attributes: &str| {
        Rule::from_spec(&format!("{}{attributes}", root.join(rel).display())).unwrap()
    };
    vec![
        spec("data", ""),
        spec("data/logs", ",exc,rec"),
        spec("data/logs/keep", ",inc,rec"),
        spec("data/sub", ",exc,norec"),
        // Rules on paths that do not exist add nothing.
        spec("missing", ""),
        spec("data/a.txt/below-a-file", ""),
    ]
}

#[test]
fn counts_exactly_what_the_rules_include() {
    let dir = tempfile::tempdir().unwrap();
    let set = ReplicationSet::new("tree", tree(dir.path()), Utc::now()).unwrap();
    let before = Utc::now();
    let report = calculate_size(&set);
    // Directories: data, logs/keep, empty.
    // Files: a.txt, b.bin, link, other, k.txt, sub/deep/d.txt.
    assert_eq!(report.size.directories, 3);
    assert_eq!(report.size.files, 6);
    assert_eq!(report.size.bytes, 10 + 100 + 7 + 3);
    assert_eq!(report.size.unreadable, 0);
    assert_eq!(report.first_unreadable, None);
    assert!(report.size.calculated_at >= before);
}

#[test]
fn a_non_recursive_include_counts_the_directory_and_its_children() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let rule = Rule::from_spec(&format!("{},norec", dir.path().join("data").display())).unwrap();
    let set = ReplicationSet::new("flat", vec![rule], Utc::now()).unwrap();
    let size = calculate_size(&set).size;
    // data, logs, sub, empty; a.txt, b.bin, link, other.
    assert_eq!((size.directories, size.files, size.bytes), (4, 4, 110));
}

#[test]
fn paths_that_cannot_be_read_are_counted_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = tree(dir.path());
    // A name longer than any file system allows: lstat fails with ENAMETOOLONG.
    let too_long = dir.path().join("n".repeat(300));
    rules.push(Rule::from_spec(too_long.to_str().unwrap()).unwrap());
    let set = ReplicationSet::new("tree", rules.clone(), Utc::now()).unwrap();
    let report = calculate_size(&set);
    assert_eq!(report.size.unreadable, 1);
    assert_eq!(report.size.files, 6, "the rest is still counted");
    assert!(report.first_unreadable.unwrap().contains(&"n".repeat(300)));

    let log = EventLog::open(AppenderConfig {
        dir: dir.path().join("log"),
        ..AppenderConfig::default()
    })
    .unwrap();
    let store = RepSetStore::open(&dir.path().join("db"), "DbTake.db", log).unwrap();
    store.create("tree", rules).unwrap();
    let view = store.calculate("tree").unwrap();
    assert_eq!(view.set.size().unwrap().unreadable, 1);
    let records: Vec<_> = LogSeries::in_dir(dir.path().join("log"))
        .reader()
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    let alert = records.iter().find(|r| r.level == Level::Alert).unwrap();
    assert_eq!(alert.id, 0);
    assert!(
        alert
            .text
            .starts_with("RepSet size calc could not read 1 path(s) of RepSet: tree, the first: "),
        "{}",
        alert.text
    );
}
