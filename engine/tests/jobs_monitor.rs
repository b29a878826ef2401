//! The job monitor: engine up/down and communication events, each once per change.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use engine::jobs::{
    spawn_monitor, EngineProbe, JobAction, JobId, JobManager, JobSpec, ManagementProbe,
    MemoryJobLog, Reachability, RepSetLookup,
};
use logparse::catalog::{linux_job_event, EventId, EventLevel};

use Reachability::{Down, ErrorAnswer, NoAnswer, Up};

struct OneRepSet;

impl RepSetLookup for OneRepSet {
    fn exists(&self, name: &str) -> bool {
        name == "FilesAndFolders"
    }
    fn set_in_use(&self, _name: &str, _in_use: bool) {}
}

/// Engines answer as set (`Up` unless told otherwise); every probe is counted.
#[derive(Default)]
struct FakeProbe {
    engines: Mutex<HashMap<String, Reachability>>,
    probes: Mutex<Vec<String>>,
    total: AtomicUsize,
}

impl FakeProbe {
    fn set(&self, engine: &str, found: Reachability) {
        self.engines
            .lock()
            .unwrap()
            .insert(engine.to_string(), found);
    }
    /// The engines probed since the last call, sorted.
    fn probed(&self) -> Vec<String> {
        let mut probes = std::mem::take(&mut *self.probes.lock().unwrap());
        probes.sort();
        probes
    }
}

impl EngineProbe for FakeProbe {
    fn probe(&self, engine: &str) -> Reachability {
        self.probes.lock().unwrap().push(engine.to_string());
        self.total.fetch_add(1, Ordering::SeqCst);
        self.engines
            .lock()
            .unwrap()
            .get(engine)
            .copied()
            .unwrap_or(Up)
    }
}

fn open(dir: &Path, probe: Arc<dyn EngineProbe>) -> (JobManager, Arc<MemoryJobLog>) {
    let log = Arc::new(MemoryJobLog::new());
    let manager = JobManager::open(dir, log.clone(), Arc::new(OneRepSet), probe).unwrap();
    manager.set_activation_code(Some("ABCDEFGHIJKL0123456789ab"));
    (manager, log)
}

fn protecting(manager: &JobManager, name: &str, source: &str, target: &str) -> JobId {
    let job = manager
        .create(JobSpec {
            name: name.into(),
            repset: "FilesAndFolders".into(),
            source: source.into(),
            target: target.into(),
            target_path: "/data".into(),
        })
        .unwrap();
    manager.act(&job.id, JobAction::Start).unwrap();
    job.id
}

/// `job`'s events since the last call, checked against the catalogue's level and text.
fn drain(log: &MemoryJobLog, job: &JobId) -> Vec<u32> {
    let events: Vec<_> = log.events();
    log.clear();
    for event in &events {
        let entry = linux_job_event(EventId(event.id)).unwrap();
        assert_eq!(
            (event.level, event.text.as_str()),
            (entry.level, entry.message)
        );
    }
    events
        .into_iter()
        .filter(|e| e.job == *job)
        .map(|e| e.id)
        .collect()
}

fn rounds(manager: &JobManager, n: usize) {
    for _ in 0..n {
        manager.monitor_once();
    }
}

#[test]
fn target_down_for_five_rounds_is_one_5716_and_back_up_one_5717_then_5712() {
    let dir = tempfile::tempdir().unwrap();
    let probe = Arc::new(FakeProbe::default());
    let (manager, log) = open(dir.path(), probe.clone());
    let id = protecting(&manager, "web", "alpha:1501", "beta:1501");
    drain(&log, &id);

    rounds(&manager, 3);
    assert_eq!(
        drain(&log, &id),
        [] as [u32; 0],
        "all up as assumed: nothing to say"
    );
    probe.set("beta:1501", Down);
    rounds(&manager, 5);
    assert_eq!(drain(&log, &id), [5716]);
    assert_eq!(
        linux_job_event(EventId(5716)).map(|e| (e.level, e.message)),
        Some((
            EventLevel::Error,
            "The target/appliance engine is down or not reachable."
        ))
    );
    let shown = manager.show(&id).unwrap();
    assert_eq!(
        (shown.source_engine, shown.target_engine),
        (Some(Up), Some(Down))
    );
    probe.set("beta:1501", Up);
    rounds(&manager, 5);
    assert_eq!(drain(&log, &id), [5717, 5712]);
}

#[test]
fn source_down_and_up() {
    let dir = tempfile::tempdir().unwrap();
    let probe = Arc::new(FakeProbe::default());
    let (manager, log) = open(dir.path(), probe.clone());
    let id = protecting(&manager, "web", "alpha:1501", "beta:1501");
    drain(&log, &id);
    probe.set("alpha:1501", Down);
    rounds(&manager, 4);
    assert_eq!(drain(&log, &id), [5715]);
    probe.set("alpha:1501", Up);
    rounds(&manager, 4);
    assert_eq!(drain(&log, &id), [5718, 5712]);
}

#[test]
fn both_down_is_a_lost_network_connection() {
    let dir = tempfile::tempdir().unwrap();
    let probe = Arc::new(FakeProbe::default());
    let (manager, log) = open(dir.path(), probe.clone());
    let id = protecting(&manager, "web", "alpha:1501", "beta:1501");
    drain(&log, &id);
    probe.set("alpha:1501", Down);
    probe.set("beta:1501", Down);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5715, 5716, 5708]);
    probe.set("alpha:1501", Up);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5718]);
    probe.set("beta:1501", Up);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5717, 5712]);
}

#[test]
fn communication_error_and_warning() {
    let dir = tempfile::tempdir().unwrap();
    let probe = Arc::new(FakeProbe::default());
    let (manager, log) = open(dir.path(), probe.clone());
    let id = protecting(&manager, "web", "alpha:1501", "beta:1501");
    drain(&log, &id);
    probe.set("beta:1501", NoAnswer);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5710]);
    probe.set("beta:1501", ErrorAnswer);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5711]);
    probe.set("beta:1501", Up);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5712]);
    probe.set("alpha:1501", Down);
    rounds(&manager, 1);
    probe.set("alpha:1501", NoAnswer);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5715, 5718, 5710]);
}

#[test]
fn only_protecting_and_paused_jobs_are_watched_and_engines_probed_once_per_round() {
    let dir = tempfile::tempdir().unwrap();
    let probe = Arc::new(FakeProbe::default());
    let (manager, log) = open(dir.path(), probe.clone());
    let web = protecting(&manager, "web", "alpha:1501", "beta:1501");
    let db = protecting(&manager, "db", "alpha:1501", "gamma:1501");
    let idle = manager
        .create(JobSpec {
            name: "idle".into(),
            repset: "FilesAndFolders".into(),
            source: "delta:1501".into(),
            target: "beta:1501".into(),
            target_path: "/data".into(),
        })
        .unwrap()
        .id;
    manager.act(&db, JobAction::Pause).unwrap();
    log.clear();

    rounds(&manager, 1);
    assert_eq!(probe.probed(), ["alpha:1501", "beta:1501", "gamma:1501"]);
    probe.set("alpha:1501", Down);
    probe.set("delta:1501", Down);
    rounds(&manager, 2);
    let events = log.events();
    assert_eq!(drain(&log, &web), [5715]);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.job == db)
            .map(|e| e.id)
            .collect::<Vec<_>>(),
        [5715]
    );
    assert!(events.iter().all(|e| e.job != idle));

    manager.act(&web, JobAction::Stop).unwrap();
    manager.act(&db, JobAction::Stop).unwrap();
    probe.probed();
    log.clear();
    rounds(&manager, 2);
    assert!(probe.probed().is_empty());
    assert!(log.events().is_empty());
}

#[test]
fn the_monitor_task_probes_at_its_interval() {
    let dir = tempfile::tempdir().unwrap();
    let probe = Arc::new(FakeProbe::default());
    let (manager, log) = open(dir.path(), probe.clone());
    let manager = Arc::new(manager);
    let id = protecting(&manager, "web", "alpha:1501", "beta:1501");
    probe.set("beta:1501", Down);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let seen = runtime.block_on(async {
        let task = spawn_monitor(manager.clone(), Duration::from_millis(5));
        let deadline = Instant::now() + Duration::from_secs(10);
        // Wait for several rounds after the change, so a repeat would show.
        while probe.total.load(Ordering::SeqCst) < 20 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        task.abort();
        log.ids(&id)
    });
    assert_eq!(seen, [5700, 5714, 5701, 5716]);
}

/// A management port stand-in: answers each request line with `answer` (or closes the
/// connection without a word when `answer` is empty).
struct StatusServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StatusServer {
    fn start(addr: &str, answer: &'static str) -> StatusServer {
        let listener = TcpListener::bind(addr).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                if BufReader::new(&stream).read_line(&mut line).is_ok() && !answer.is_empty() {
                    let _ = stream.write_all(answer.as_bytes());
                }
            }
        });
        StatusServer {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn up(addr: &str) -> StatusServer {
        StatusServer::start(addr, "{\"ok\":{\"state\":\"running\"}}\n")
    }

    fn address(&self) -> String {
        self.addr.to_string()
    }
}

impl Drop for StatusServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn the_management_probe_reads_a_real_port() {
    let probe = ManagementProbe::new(Duration::from_secs(2));
    let server = StatusServer::up("127.0.0.1:0");
    let addr = server.address();
    assert_eq!(probe.probe(&addr), Up);
    drop(server);
    assert_eq!(probe.probe(&addr), Down);
    let server = StatusServer::start(&addr, "");
    assert_eq!(probe.probe(&addr), NoAnswer);
    drop(server);
    let server = StatusServer::start(
        &addr,
        "{\"error\":{\"code\":1,\"message\":\"Unknown error code\",\"detail\":\"busy\"}}\n",
    );
    assert_eq!(probe.probe(&addr), ErrorAnswer);
    drop(server);
    let _server = StatusServer::start(&addr, "not json\n");
    assert_eq!(probe.probe(&addr), NoAnswer);
}

#[test]
fn a_real_target_engine_stopped_and_restarted() {
    let dir = tempfile::tempdir().unwrap();
    let source = StatusServer::up("127.0.0.1:0");
    let target = StatusServer::up("127.0.0.1:0");
    let target_addr = target.address();
    let (manager, log) = open(
        dir.path(),
        Arc::new(ManagementProbe::new(Duration::from_secs(2))),
    );
    let id = protecting(&manager, "web", &source.address(), &target_addr);
    drain(&log, &id);
    rounds(&manager, 2);
    assert_eq!(drain(&log, &id), [] as [u32; 0]);
    drop(target);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5716]);
    let _target = StatusServer::up(&target_addr);
    rounds(&manager, 3);
    assert_eq!(drain(&log, &id), [5717, 5712]);
}
