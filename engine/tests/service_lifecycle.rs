//! dtengine as a service: start, status, SIGTERM, restart with what it persisted.

#[path = "support/engine_process.rs"]
mod engine_process;

use engine_process::TestEngine;
use logparse::dtl::LogSeries;
use logparse::sts::decode_all;

/// The message IDs of the engine log, in order.
fn logged_ids(engine: &TestEngine) -> Vec<u32> {
    LogSeries::in_dir(engine.dir.join("log"))
        .reader()
        .unwrap()
        .records()
        .map(|r| r.unwrap().id)
        .collect()
}

#[test]
fn start_and_sigterm_log_4000_to_4005_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = TestEngine::configure(dir.path(), "StatsLoggingOn=1\nStatsWriteInterval=0");
    engine.start();
    let pid_file = dir.path().join("data/dtengine.pid");
    assert_eq!(
        std::fs::read_to_string(&pid_file).unwrap().trim(),
        engine.pid().to_string()
    );
    let status: serde_json::Value =
        serde_json::from_str(&engine.dtctl_ok(&["--json", "status"])).unwrap();
    assert_eq!(status["pid"], engine.pid());
    assert_eq!(status["target_state"], 1);
    assert_eq!(status["management"], engine.address());
    engine.stop();

    assert_eq!(logged_ids(&engine), [4000, 4001, 4002, 4003, 4004, 4005]);
    assert!(
        !pid_file.exists(),
        "the pid file is removed on a clean stop"
    );
    // Statistics logging wrote the first record and the last one at the stop.
    let bytes = std::fs::read(dir.path().join("log/statistic.sts")).unwrap();
    let decoded = decode_all(&bytes).unwrap();
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    assert_eq!(decoded.snapshots.len(), 2);
    let last = &decoded.snapshots[1].1;
    assert_eq!(
        last.kernel.start_time,
        decoded.snapshots[0].1.kernel.start_time
    );
}

#[test]
fn replication_sets_jobs_and_settings_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("protected");
    std::fs::create_dir_all(&data).unwrap();
    let mut engine = TestEngine::configure(dir.path(), "");
    engine.start();
    let rule = format!("{},inc,rec", data.display());
    engine.dtctl_ok(&["repset", "create", "Docs", "--rule", &rule]);
    let created: serde_json::Value = serde_json::from_str(&engine.dtctl_ok(&[
        "--json",
        "job",
        "create",
        "--name",
        "nightly",
        "--repset",
        "Docs",
        "--source",
        &engine.address(),
        "--target",
        "127.0.0.1:1",
        "--target-path",
        "/srv/replica",
    ]))
    .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    engine.dtctl_ok(&["set", "MaxLogFileSize", "1048576"]);
    engine.stop();

    engine.start();
    let sets: serde_json::Value =
        serde_json::from_str(&engine.dtctl_ok(&["--json", "repset", "list"])).unwrap();
    assert_eq!(sets[0]["name"], "Docs", "{sets}");
    let job: serde_json::Value =
        serde_json::from_str(&engine.dtctl_ok(&["--json", "job", "show", &id])).unwrap();
    assert_eq!(job["name"], "nightly", "{job}");
    assert!(engine
        .dtctl_ok(&["get", "MaxLogFileSize"])
        .contains("1048576"));
    engine.stop();
    let conf = std::fs::read_to_string(dir.path().join("DT.conf")).unwrap();
    assert!(conf.starts_with("# test engine\n"), "comments kept: {conf}");
    // 5700 went to the job's own log.
    let job_log = dir.path().join(format!("jobs/job-{id}.log"));
    let ids: Vec<u32> = logparse::dtl::LogReader::open(&job_log)
        .unwrap()
        .records()
        .map(|r| r.unwrap().id)
        .collect();
    assert_eq!(ids, [5700]);
}

#[test]
fn errors_carry_the_guides_codes_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = TestEngine::configure(
        dir.path(),
        "MirrorChunkSize=0\nthis is not a setting\nNoSuchSetting=1",
    );
    engine.start();
    let before = std::fs::read(dir.path().join("DT.conf")).unwrap();
    for (args, code) in [
        (vec!["set", "MaxNumberofLogFiles", "1000"], "error 101"),
        (vec!["set", "NoSuchSetting", "1"], "error 101"),
        (vec!["job", "show", "not-a-guid"], "error 101"),
        (
            vec!["job", "show", "6f0f6d8e-0000-4000-8000-000000000000"],
            "error 123",
        ),
        (vec!["repset", "show", "Missing"], "error 123"),
    ] {
        let out = engine.dtctl(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(code), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read(dir.path().join("DT.conf")).unwrap(), before);
    engine.stop();
    // The bad DT.conf lines were logged as warnings, and the engine ran on defaults.
    let warnings: Vec<String> = LogSeries::in_dir(dir.path().join("log"))
        .reader()
        .unwrap()
        .records()
        .map(Result::unwrap)
        .filter(|r| r.level.as_u8() == 1)
        .map(|r| r.text)
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings[0].contains("MirrorChunkSize value 0"),
        "{warnings:?}"
    );
}

#[test]
fn a_second_engine_on_the_same_ports_fails_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = TestEngine::configure(&dir.path().join("a"), "");
    first.start();
    let second_dir = dir.path().join("b");
    std::fs::create_dir_all(&second_dir).unwrap();
    let conf = std::fs::read_to_string(dir.path().join("a/DT.conf"))
        .unwrap()
        .replace("/a/", "/b/");
    std::fs::write(second_dir.join("DT.conf"), conf).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("dtengine"))
        .arg("--config")
        .arg(second_dir.join("DT.conf"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("management port") && stderr.contains("ManagementPort"),
        "{stderr}"
    );
    first.stop();
}
