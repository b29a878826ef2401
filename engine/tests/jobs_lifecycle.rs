//! Jobs through the management handler: life cycle, refusals, events, persistence.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use engine::jobs::{
    handle, EngineProbe, JobAction, JobId, JobManager, JobRequest, JobSpec, JobState, MemoryJobLog,
    Reachability, RepSetLookup, TargetDataState, JOBS_FILE_NAME,
};
use engine::EngineError;
use logparse::catalog::{linux_job_event, ErrorCode, EventId};
use serde_json::Value;

const VALID_CODE: &str = "ABCDEFGHIJKL0123456789ab";

/// Replication sets by name, with whether each is in use.
#[derive(Default)]
struct RepSets(Mutex<HashMap<String, bool>>);

impl RepSets {
    fn with(names: &[&str]) -> Arc<RepSets> {
        let sets = RepSets::default();
        for name in names {
            sets.add(name);
        }
        Arc::new(sets)
    }
    fn add(&self, name: &str) {
        self.0.lock().unwrap().insert(name.to_string(), false);
    }
    fn remove(&self, name: &str) {
        self.0.lock().unwrap().remove(name);
    }
    fn in_use(&self, name: &str) -> Option<bool> {
        self.0.lock().unwrap().get(name).copied()
    }
}

impl RepSetLookup for RepSets {
    fn exists(&self, name: &str) -> bool {
        self.0.lock().unwrap().contains_key(name)
    }
    fn set_in_use(&self, name: &str, in_use: bool) {
        if let Some(flag) = self.0.lock().unwrap().get_mut(name) {
            *flag = in_use;
        }
    }
}

struct AlwaysUp;

impl EngineProbe for AlwaysUp {
    fn probe(&self, _engine: &str) -> Reachability {
        Reachability::Up
    }
}

struct Setup {
    manager: JobManager,
    log: Arc<MemoryJobLog>,
    repsets: Arc<RepSets>,
}

fn open(dir: &Path, repsets: Arc<RepSets>) -> Setup {
    let log = Arc::new(MemoryJobLog::new());
    let manager = JobManager::open(dir, log.clone(), repsets.clone(), Arc::new(AlwaysUp)).unwrap();
    manager.set_activation_code(Some(VALID_CODE));
    Setup {
        manager,
        log,
        repsets,
    }
}

fn spec(name: &str) -> JobSpec {
    JobSpec {
        name: name.into(),
        repset: "FilesAndFolders".into(),
        source: "alpha:1501".into(),
        target: "beta:1501".into(),
        target_path: "/data/web".into(),
    }
}

fn create(setup: &Setup, name: &str) -> JobId {
    let job = handle(&setup.manager, JobRequest::Create(spec(name))).unwrap();
    JobId::parse(job["id"].as_str().unwrap()).unwrap()
}

fn act(setup: &Setup, request: fn(String) -> JobRequest, id: &JobId) -> Result<Value, EngineError> {
    handle(&setup.manager, request(id.to_string()))
}

fn start(id: String) -> JobRequest {
    JobRequest::Start { id }
}
fn pause(id: String) -> JobRequest {
    JobRequest::Pause { id }
}
fn stop(id: String) -> JobRequest {
    JobRequest::Stop { id }
}
fn delete(id: String) -> JobRequest {
    JobRequest::Delete { id }
}
fn failover(id: String) -> JobRequest {
    JobRequest::Failover { id }
}
fn reverse(id: String) -> JobRequest {
    JobRequest::Reverse { id }
}
fn show(id: String) -> JobRequest {
    JobRequest::Show { id }
}

/// `job`'s events are exactly `ids`, each with the catalogue's level and text.
fn assert_events(log: &MemoryJobLog, job: &JobId, ids: &[u32]) {
    let events: Vec<_> = log.events().into_iter().filter(|e| e.job == *job).collect();
    assert_eq!(events.iter().map(|e| e.id).collect::<Vec<_>>(), ids);
    for event in events {
        let entry = linux_job_event(EventId(event.id)).unwrap();
        assert_eq!(
            (event.level, event.text.as_str()),
            (entry.level, entry.message)
        );
    }
}

#[test]
fn a_whole_life_raises_each_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    let shown = act(&setup, show, &id).unwrap();
    assert_eq!(shown["state"], "Created");
    assert_eq!(shown["target_data_state"], "Mirror Required");
    assert_eq!(shown["source_engine"], Value::Null);

    assert_eq!(act(&setup, start, &id).unwrap()["state"], "Protecting");
    assert_eq!(act(&setup, pause, &id).unwrap()["state"], "Paused");
    assert_eq!(act(&setup, start, &id).unwrap()["state"], "Protecting");
    assert_eq!(act(&setup, stop, &id).unwrap()["state"], "Stopped");
    let failed_over = act(&setup, failover, &id).unwrap();
    assert_eq!(failed_over["state"], "FailedOver");
    assert_eq!(failed_over["target_data_state"], "Restore Required");
    let reversed = act(&setup, reverse, &id).unwrap();
    assert_eq!(reversed["state"], "Stopped");
    assert_eq!(
        (reversed["source"].as_str(), reversed["target"].as_str()),
        (Some("beta:1501"), Some("alpha:1501"))
    );
    assert_eq!(act(&setup, delete, &id).unwrap()["name"], "web");

    assert_events(
        &setup.log,
        &id,
        &[5700, 5714, 5701, 5702, 5701, 5703, 5705, 5706, 5704],
    );
    assert_eq!(
        handle(&setup.manager, JobRequest::List).unwrap(),
        serde_json::json!([])
    );
    assert_eq!(act(&setup, show, &id).unwrap_err().code, 123);
}

#[test]
fn failover_of_a_protecting_job_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    act(&setup, start, &id).unwrap();
    assert_eq!(setup.repsets.in_use("FilesAndFolders"), Some(true));
    let job = act(&setup, failover, &id).unwrap();
    assert_eq!(job["state"], "FailedOver");
    assert_eq!(job["target_data_state"], "Restore Required");
    assert_eq!(setup.repsets.in_use("FilesAndFolders"), Some(false));
    assert_events(&setup.log, &id, &[5700, 5714, 5701, 5705]);
}

#[test]
fn refused_actions_carry_the_guide_codes_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    let code = |request: fn(String) -> JobRequest| act(&setup, request, &id).unwrap_err().code;
    assert_eq!(code(pause), 126);
    assert_eq!(code(stop), 126);
    assert_eq!(code(failover), 168);
    assert_eq!(code(reverse), 209);
    act(&setup, start, &id).unwrap();
    assert_eq!(code(start), 125);
    assert_eq!(code(delete), 130);
    act(&setup, pause, &id).unwrap();
    assert_eq!(code(delete), 130);
    act(&setup, failover, &id).unwrap();
    assert_eq!(code(start), 178);
    assert_eq!(code(stop), 210);
    assert_eq!(code(failover), 210);
    let err = act(&setup, start, &id).unwrap_err();
    assert!(
        err.detail.contains(&id.to_string()) && err.detail.contains("Failed over"),
        "{}",
        err.detail
    );
    assert_eq!(act(&setup, show, &id).unwrap()["state"], "FailedOver");
    assert_events(&setup.log, &id, &[5700, 5714, 5701, 5702, 5705]);
}

#[test]
fn bad_guid_is_101_and_unknown_job_is_123() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let unknown = JobId::new_random();
    for request in [start, pause, stop, delete, failover, reverse, show] {
        let err = handle(&setup.manager, request("12345-nope".into())).unwrap_err();
        assert_eq!(err.code, 101);
        assert_eq!(err.message, "Invalid parameter was supplied");
        assert!(err.detail.contains("'12345-nope'"), "{}", err.detail);
        let err = act(&setup, request, &unknown).unwrap_err();
        assert_eq!(err.code, 123);
        assert_eq!(err.message, "Job does not exist");
        assert!(err.detail.contains(&unknown.to_string()), "{}", err.detail);
    }
    assert!(setup.log.events().is_empty());
}

#[test]
fn create_checks_its_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let refused = |spec: JobSpec| handle(&setup.manager, JobRequest::Create(spec)).unwrap_err();

    let err = refused(JobSpec {
        repset: "Missing".into(),
        ..spec("web")
    });
    assert_eq!(err.code, 101);
    assert!(err.detail.contains("'Missing'"), "{}", err.detail);
    assert_eq!(
        refused(JobSpec {
            source: "alpha".into(),
            ..spec("web")
        })
        .code,
        101
    );
    assert_eq!(
        refused(JobSpec {
            target: "beta:0".into(),
            ..spec("web")
        })
        .code,
        101
    );
    assert_eq!(
        refused(JobSpec {
            target_path: "data".into(),
            ..spec("web")
        })
        .code,
        225
    );
    assert_eq!(
        refused(JobSpec {
            name: " ".into(),
            ..spec("web")
        })
        .code,
        101
    );
    assert!(setup.log.events().is_empty());
    assert!(!dir.path().join(JOBS_FILE_NAME).exists());

    create(&setup, "web");
    let err = refused(spec("web"));
    assert_eq!((err.code, err.message.as_str()), (122, "Job exists"));
    assert_eq!(
        handle(&setup.manager, JobRequest::List)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn jobs_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let repsets = RepSets::with(&["FilesAndFolders", "Other"]);
    let before = {
        let setup = open(dir.path(), repsets.clone());
        let web = create(&setup, "web");
        let db = create(&setup, "db");
        act(&setup, start, &web).unwrap();
        act(&setup, start, &db).unwrap();
        act(&setup, failover, &db).unwrap();
        handle(&setup.manager, JobRequest::List).unwrap()
    };
    repsets.set_in_use("FilesAndFolders", false);
    let setup = open(dir.path(), repsets.clone());
    assert_eq!(handle(&setup.manager, JobRequest::List).unwrap(), before);
    assert_eq!(before[0]["state"], "Protecting");
    assert_eq!(before[1]["target_data_state"], "Restore Required");
    assert_eq!(
        repsets.in_use("FilesAndFolders"),
        Some(true),
        "a protecting job's set is in use again"
    );
    let web = JobId::parse(before[0]["id"].as_str().unwrap()).unwrap();
    act(&setup, stop, &web).unwrap();
    assert_eq!(repsets.in_use("FilesAndFolders"), Some(false));
    assert!(
        setup.log.events().iter().all(|e| e.id == 5703),
        "reopening raises nothing"
    );
}

#[test]
fn a_damaged_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(JOBS_FILE_NAME),
        b"{\"version\":1,\"jobs\":[",
    )
    .unwrap();
    let err = JobManager::open(
        dir.path(),
        Arc::new(MemoryJobLog::new()),
        RepSets::with(&[]),
        Arc::new(AlwaysUp),
    )
    .unwrap_err();
    assert_eq!(err.code, 1);
    assert!(err.detail.contains(JOBS_FILE_NAME), "{}", err.detail);
    assert_eq!(
        std::fs::read(dir.path().join(JOBS_FILE_NAME)).unwrap(),
        b"{\"version\":1,\"jobs\":["
    );
}

#[test]
fn activation_code_events_change_with_the_code_and_failures_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");

    setup.manager.set_activation_code(None);
    for _ in 0..2 {
        let err = act(&setup, start, &id).unwrap_err();
        assert_eq!(err.code, 3008);
    }
    setup.manager.set_activation_code(Some("SHORT"));
    let err = act(&setup, start, &id).unwrap_err();
    assert_eq!(err.code, 101);
    assert!(err.detail.contains("5 characters"), "{}", err.detail);
    assert_eq!(setup.manager.activation_failures(), 3);
    assert_eq!(act(&setup, show, &id).unwrap()["state"], "Created");

    setup.manager.set_activation_code(Some(VALID_CODE));
    act(&setup, start, &id).unwrap();
    act(&setup, stop, &id).unwrap();
    act(&setup, start, &id).unwrap();
    assert_eq!(setup.manager.activation_failures(), 3);
    assert_events(&setup.log, &id, &[5700, 5707, 5713, 5714, 5701, 5703, 5701]);
}

#[test]
fn a_vanished_repset_fails_the_start_with_5709() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    setup.repsets.remove("FilesAndFolders");
    let err = act(&setup, start, &id).unwrap_err();
    assert_eq!(err.code, 101);
    assert!(
        err.detail.contains("'FilesAndFolders' does not exist"),
        "{}",
        err.detail
    );
    assert_eq!(act(&setup, show, &id).unwrap()["state"], "Created");
    assert_events(&setup.log, &id, &[5700, 5714, 5709]);
}

#[test]
fn a_failed_save_raises_5709_and_keeps_the_old_state() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    // A directory in the way of jobs.json makes the rename fail.
    let path = dir.path().join(JOBS_FILE_NAME);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), b"x").unwrap();
    let err = act(&setup, start, &id).unwrap_err();
    assert_eq!(err.code, 1);
    assert!(err.detail.contains(JOBS_FILE_NAME), "{}", err.detail);
    assert_eq!(act(&setup, show, &id).unwrap()["state"], "Created");
    assert_eq!(setup.repsets.in_use("FilesAndFolders"), Some(false));
    assert_events(&setup.log, &id, &[5700, 5714, 5709]);
}

#[test]
fn a_refused_carry_out_leaves_the_job_unsaved_and_unlogged() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    let refused = setup
        .manager
        .act_then(&id, JobAction::Start, |before, after| {
            assert_eq!(before.state, JobState::Created);
            assert_eq!(after.map(|job| job.state), Some(JobState::Protecting));
            Err(EngineError::new(ErrorCode(145), "target unreachable"))
        });
    assert_eq!(refused.unwrap_err().code, 145);
    assert_eq!(
        setup.manager.show(&id).unwrap().job.state,
        JobState::Created
    );
    let reopened = open(dir.path(), setup.repsets.clone());
    assert_eq!(
        reopened.manager.show(&id).unwrap().job.state,
        JobState::Created
    );
    // 5700 created and the licence check only: no 5701 for the refused start.
    assert_events(&setup.log, &id, &[5700, 5714]);

    let mut ran = false;
    setup
        .manager
        .act_then(&id, JobAction::Start, |_, _| {
            ran = true;
            Ok(())
        })
        .unwrap();
    assert!(ran);
    assert_eq!(
        setup.manager.show(&id).unwrap().job.state,
        JobState::Protecting
    );
}

#[test]
fn the_target_data_state_is_saved_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let setup = open(dir.path(), RepSets::with(&["FilesAndFolders"]));
    let id = create(&setup, "web");
    setup
        .manager
        .set_target_data_state(&id, TargetDataState::Mirroring)
        .unwrap();
    setup
        .manager
        .set_target_data_state(&id, TargetDataState::Ok)
        .unwrap();
    let reopened = open(dir.path(), setup.repsets.clone());
    assert_eq!(
        reopened.manager.show(&id).unwrap().job.target_data_state,
        TargetDataState::Ok
    );
    // An unknown job is ignored.
    let unknown = JobId::parse("6f0f6d8e-0000-4000-8000-000000000000").unwrap();
    reopened
        .manager
        .set_target_data_state(&unknown, TargetDataState::Ok)
        .unwrap();
}
