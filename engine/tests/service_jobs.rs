//! Jobs across two real engines: the job's engine notices its target engine going away
//! and coming back, once each, in the job log.

#[path = "support/engine_process.rs"]
mod engine_process;

use std::time::{Duration, Instant};

use engine_process::TestEngine;
use logparse::dtl::{Level, LogReader, Record};

const CODE: &str = "ABCDEFGHJKLMNPQRSTUVWX23";

fn job_log(engine: &TestEngine, id: &str) -> Vec<Record> {
    let path = engine.dir.join(format!("jobs/job-{id}.log"));
    LogReader::open(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

fn count(records: &[Record], id: u32) -> usize {
    records.iter().filter(|r| r.id == id).count()
}

/// Waits until the job log holds event `id`, then a little longer for repeats.
fn wait_for(engine: &TestEngine, job: &str, id: u32) -> Vec<Record> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if count(&job_log(engine, job), id) > 0 {
            // Three more monitor rounds: an event must not repeat while its state holds.
            std::thread::sleep(Duration::from_millis(3200));
            return job_log(engine, job);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "event {id} never reached the job log: {:?}",
        job_log(engine, job)
    );
}

#[test]
fn target_engine_down_and_up_raise_5716_and_5717_once() {
    let dir = tempfile::tempdir().unwrap();
    let settings = format!("JobMonitorInterval=1\nActivationCode={CODE}");
    let mut source = TestEngine::configure(&dir.path().join("source"), &settings);
    let mut target = TestEngine::configure(&dir.path().join("target"), &settings);
    source.start();
    target.start();
    let protected = dir.path().join("data");
    std::fs::create_dir_all(&protected).unwrap();
    source.dtctl_ok(&[
        "repset",
        "create",
        "Docs",
        "--rule",
        &format!("{},inc,rec", protected.display()),
    ]);
    let created: serde_json::Value = serde_json::from_str(&source.dtctl_ok(&[
        "--json",
        "job",
        "create",
        "--name",
        "alpha to beta",
        "--repset",
        "Docs",
        "--source",
        &source.address(),
        "--target",
        &target.address(),
        "--target-path",
        dir.path().join("replica").to_str().unwrap(),
    ]))
    .unwrap();
    let job = created["id"].as_str().unwrap().to_string();
    source.dtctl_ok(&["job", "start", &job]);

    target.kill();
    let records = wait_for(&source, &job, 5716);
    assert_eq!(count(&records, 5716), 1, "{records:?}");
    let down = records.iter().find(|r| r.id == 5716).unwrap();
    assert_eq!(down.level, Level::Alert);
    let shown: serde_json::Value =
        serde_json::from_str(&source.dtctl_ok(&["--json", "job", "show", &job])).unwrap();
    assert_eq!(shown["target_engine"], "Down", "{shown}");

    target.start();
    let records = wait_for(&source, &job, 5717);
    assert_eq!(count(&records, 5716), 1, "{records:?}");
    assert_eq!(count(&records, 5717), 1, "{records:?}");
    let ids: Vec<u32> = records.iter().map(|r| r.id).collect();
    let started = ids.iter().position(|&id| id == 5701).unwrap();
    let down = ids.iter().position(|&id| id == 5716).unwrap();
    let up = ids.iter().position(|&id| id == 5717).unwrap();
    assert!(started < down && down < up, "{ids:?}");
    source.stop();
    target.stop();
}

#[test]
fn the_job_lifecycle_through_dtctl() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = TestEngine::configure(dir.path(), &format!("ActivationCode={CODE}"));
    engine.start();
    let data = dir.path().join("docs");
    std::fs::create_dir(&data).unwrap();
    let rule = format!("{},inc,rec", data.display());
    let replica = dir.path().join("replica");
    engine.dtctl_ok(&["repset", "create", "Docs", "--rule", &rule]);
    let created: serde_json::Value = serde_json::from_str(&engine.dtctl_ok(&[
        "--json",
        "job",
        "create",
        "--name",
        "j",
        "--repset",
        "Docs",
        "--source",
        &engine.address(),
        "--target",
        &engine.address(),
        "--target-path",
        replica.to_str().unwrap(),
    ]))
    .unwrap();
    let job = created["id"].as_str().unwrap().to_string();
    for action in [
        "start", "pause", "start", "stop", "failover", "reverse", "delete",
    ] {
        engine.dtctl_ok(&["job", action, &job]);
    }
    let ids: Vec<u32> = job_log(&engine, &job).iter().map(|r| r.id).collect();
    assert_eq!(ids, [5700, 5714, 5701, 5702, 5701, 5703, 5705, 5706, 5704]);
    let out = engine.dtctl(&["job", "show", &job]);
    assert!(String::from_utf8(out.stderr).unwrap().contains("error 123"));
    engine.stop();
}
