//! The real job log: `job-<GUID>.log` lines in the `.dtl` format, as the notifier reads them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use engine::event_log::current_thread_id;
use engine::jobs::{
    EngineProbe, JobAction, JobEvent, JobEventSink, JobId, JobLogs, JobManager, JobSpec,
    Reachability, RepSetLookup,
};
use logparse::dtl::{parse_line, Level, Record};

struct OneRepSet;

impl RepSetLookup for OneRepSet {
    fn exists(&self, name: &str) -> bool {
        name == "FilesAndFolders"
    }
    fn set_in_use(&self, _name: &str, _in_use: bool) {}
}

#[derive(Default)]
struct FakeProbe(Mutex<HashMap<String, Reachability>>);

impl EngineProbe for FakeProbe {
    fn probe(&self, engine: &str) -> Reachability {
        self.0
            .lock()
            .unwrap()
            .get(engine)
            .copied()
            .unwrap_or(Reachability::Up)
    }
}

/// Every Linux job event as the guide gives it: ID, `.dtl` type, text.
const GUIDE: [(u32, Level, &str); 19] = [
    (5700, Level::Info, "This job was created to protect the source virtual machine."),
    (5701, Level::Info, "Protection has started."),
    (5702, Level::Info, "Protection has been paused."),
    (5703, Level::Info, "The job has been stopped."),
    (5704, Level::Alert, "The job has been deleted"),
    (5705, Level::Alert, "A failover has been initiated."),
    (5706, Level::Alert, "A reverse has been initiated."),
    (5707, Level::Alert, "The Double-Take Availability software license requirements have not been met."),
    (5708, Level::Alert, "A network connection has been lost to an appliance, source virtual machine, or target virtual machine."),
    (5709, Level::Alert, "A general error has occurred."),
    (5710, Level::Alert, "The job has a server communication error problem."),
    (5711, Level::Alert, "The job has a server communication warning problem."),
    (5712, Level::Info, "The source to target connection and the management communication are both ok."),
    (5713, Level::Alert, "The source license is invalid."),
    (5714, Level::Info, "The source license is valid."),
    (5715, Level::Alert, "The source engine is down or not reachable."),
    (5716, Level::Alert, "The target/appliance engine is down or not reachable."),
    (5717, Level::Info, "The target/appliance engine is up and reachable."),
    (5718, Level::Info, "The source engine is up and reachable."),
];

fn read_log(path: &std::path::Path) -> Vec<Record> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.ends_with(b"\n"));
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| parse_line(line).unwrap().to_record())
        .collect()
}

fn assert_as_in_guide(records: &[Record]) {
    for record in records {
        let (_, level, text) = GUIDE.iter().find(|(id, ..)| *id == record.id).unwrap();
        assert_eq!(
            (record.level, record.text.as_str()),
            (*level, *text),
            "event {}",
            record.id
        );
    }
}

#[test]
fn every_event_is_written_with_id_level_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let log = JobLogs::open(dir.path()).unwrap();
    let job = JobId::new_random();
    for event in JobEvent::ALL {
        log.job_event(&job, event.catalogue().unwrap()).unwrap();
    }
    let records = read_log(&dir.path().join(format!("job-{job}.log")));
    assert_eq!(
        records.iter().map(|r| r.id).collect::<Vec<_>>(),
        GUIDE.map(|(id, ..)| id)
    );
    assert_eq!(
        records.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=19).collect::<Vec<u64>>()
    );
    assert_as_in_guide(&records);
    assert!(records
        .iter()
        .all(|r| r.pid == std::process::id() && r.tid == current_thread_id()));
}

#[test]
fn a_job_writes_its_own_log_through_the_manager() {
    let dir = tempfile::tempdir().unwrap();
    let logs = Arc::new(JobLogs::open(dir.path().join("log")).unwrap());
    let probe = Arc::new(FakeProbe::default());
    let manager = JobManager::open(
        &dir.path().join("data"),
        logs.clone(),
        Arc::new(OneRepSet),
        probe.clone(),
    )
    .unwrap();
    manager.set_activation_code(Some("ABCDEFGHIJKL0123456789ab"));
    let spec = |name: &str| JobSpec {
        name: name.into(),
        repset: "FilesAndFolders".into(),
        source: "alpha:1501".into(),
        target: "beta:1501".into(),
        target_path: "/data".into(),
    };
    let web = manager.create(spec("web")).unwrap().id;
    let other = manager.create(spec("other")).unwrap().id;
    manager.act(&web, JobAction::Start).unwrap();
    probe
        .0
        .lock()
        .unwrap()
        .insert("beta:1501".into(), Reachability::Down);
    manager.monitor_once();
    manager.monitor_once();
    probe
        .0
        .lock()
        .unwrap()
        .insert("beta:1501".into(), Reachability::Up);
    manager.monitor_once();
    manager.act(&web, JobAction::Stop).unwrap();
    manager.act(&web, JobAction::Delete).unwrap();

    let records = read_log(&logs.path_of(&web));
    assert_eq!(
        records.iter().map(|r| r.id).collect::<Vec<_>>(),
        [5700, 5714, 5701, 5716, 5717, 5712, 5703, 5704]
    );
    assert_eq!(
        records.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=8).collect::<Vec<u64>>()
    );
    assert_as_in_guide(&records);
    assert!(records
        .iter()
        .all(|r| r.pid == std::process::id() && r.tid != 0));
    assert_eq!(
        read_log(&logs.path_of(&other))
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        [5700]
    );
    assert_eq!(
        logs.path_of(&web).file_name().unwrap().to_str().unwrap(),
        format!("job-{web}.log")
    );
}
