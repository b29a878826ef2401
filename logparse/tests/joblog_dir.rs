//! The job log directory: listing live `job-<GUID>.log` files, noticing jobs created
//! later, and following a job's log through its directory.

use std::fs;

use chrono::{NaiveDate, NaiveDateTime};
use logparse::dtl::{
    job_logs_in, FollowItem, JobLogDir, Level, LogReader, Record, RolledFollower, Severity,
    JOB_LOG_MAX_SIZE,
};

const FIRST: &str = "0b6f1c52-8a7e-4d2b-9c1e-3f5a7d9e0b12";
const SECOND: &str = "A6CBF990-BA67-403D-855F-5BB44C18E1D6";
const THIRD: &str = "f0e1d2c3-b4a5-4968-8776-655443322110";

fn timestamp() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2021, 1, 2)
        .and_then(|d| d.and_hms_milli_opt(3, 4, 5, 678))
        .expect("valid")
}

fn touch(dir: &std::path::Path, name: &str) {
    fs::write(dir.join(name), "").expect("create");
}

#[test]
fn lists_live_job_logs_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [
        format!("job-{SECOND}.log"),
        format!("job-{FIRST}.log"),
        format!("job-{FIRST}.log.1"),
        format!("job-{THIRD}.log.2"),
        "master.log".to_owned(),
        "master.log.1".to_owned(),
        "job-not-a-guid.log".to_owned(),
        "dtlog1.dtl".to_owned(),
    ] {
        touch(dir.path(), &name);
    }
    fs::create_dir(dir.path().join(format!("job-{THIRD}.log"))).expect("mkdir");

    let found = job_logs_in(dir.path()).expect("list");
    assert_eq!(
        found,
        [
            (
                FIRST.to_owned(),
                dir.path().join(format!("job-{FIRST}.log"))
            ),
            (
                SECOND.to_owned(),
                dir.path().join(format!("job-{SECOND}.log"))
            ),
        ]
    );
}

#[test]
fn a_missing_directory_holds_no_job_logs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("not-yet");
    assert!(job_logs_in(&missing).expect("list").is_empty());
    assert!(JobLogDir::new(&missing)
        .new_jobs()
        .expect("list")
        .is_empty());
}

#[test]
fn new_jobs_reports_each_job_once_including_jobs_created_later() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut watch = JobLogDir::new(dir.path());
    assert!(watch.new_jobs().expect("list").is_empty());

    touch(dir.path(), &format!("job-{FIRST}.log"));
    let guids = |jobs: Vec<(String, std::path::PathBuf)>| -> Vec<String> {
        jobs.into_iter().map(|(guid, _)| guid).collect()
    };
    assert_eq!(guids(watch.new_jobs().expect("list")), [FIRST]);
    assert!(watch.new_jobs().expect("list").is_empty());

    touch(dir.path(), &format!("job-{THIRD}.log"));
    touch(dir.path(), &format!("job-{SECOND}.log"));
    assert_eq!(guids(watch.new_jobs().expect("list")), [SECOND, THIRD]);
    assert!(watch.new_jobs().expect("list").is_empty());
}

#[test]
fn a_job_created_after_the_watch_began_is_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut watch = JobLogDir::new(dir.path());
    assert!(watch.new_jobs().expect("list").is_empty());

    let engine = JobLogDir::new(dir.path());
    let mut appender = engine.appender(FIRST).expect("open job log");
    for text in ["Job created", "Mirror started"] {
        appender
            .append_at(timestamp(), Severity::Release, 5700, 1, text)
            .expect("append");
    }

    let jobs = watch.new_jobs().expect("list");
    assert_eq!(jobs.len(), 1);
    let (guid, live) = &jobs[0];
    assert_eq!(guid, FIRST);
    assert_eq!(live, &watch.series(guid).live_path());
    assert_eq!(LogReader::open(live).expect("open").records().count(), 2);

    let mut follower = RolledFollower::new(watch.series(guid), None);
    let texts: Vec<String> = follower
        .poll()
        .expect("poll")
        .into_iter()
        .map(|item| match item {
            FollowItem::Record(record) => record.text,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(texts, ["Job created", "Mirror started"]);
}

#[test]
fn a_job_log_rolls_at_ten_megabytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = JobLogDir::new(dir.path());
    let series = jobs.series(FIRST);
    let line = |seq: u64, text: String| {
        Record {
            timestamp: timestamp(),
            pid: 100,
            tid: 1,
            seq,
            level: Level::Info,
            id: 5700,
            text,
        }
        .to_line()
    };
    // Twenty lines (each under the reader's maximum line length) that leave exactly
    // enough room for record 21.
    let last = line(21, "Mirror started".into()).len() as u64;
    let mut content = String::new();
    for seq in 1..20 {
        content.push_str(&line(seq, "x".repeat(500_000)));
    }
    let room = JOB_LOG_MAX_SIZE - last - content.len() as u64;
    let empty = line(20, String::new()).len() as u64;
    let filler = usize::try_from(room - empty).expect("fits");
    content.push_str(&line(20, "x".repeat(filler)));
    fs::write(series.live_path(), &content).expect("write");

    let mut appender = jobs.appender(FIRST).expect("open job log");
    appender.set_pid(100);
    let mut log = |text: &str| {
        appender
            .append_at(timestamp(), Severity::Release, 5700, 1, text)
            .expect("append")
    };
    assert_eq!(log("Mirror started"), Some(21));
    let len = |path| fs::metadata(path).expect("metadata").len();
    assert_eq!(len(series.live_path()), JOB_LOG_MAX_SIZE);
    assert!(!series.path_of(1).exists());
    assert_eq!(log("Mirror complete"), Some(22));
    assert_eq!(len(series.path_of(1)), JOB_LOG_MAX_SIZE);
    let live: Vec<u64> = LogReader::open(series.live_path())
        .expect("open")
        .records()
        .map(|r| r.expect("well-formed").seq)
        .collect();
    assert_eq!(live, [22]);
}
