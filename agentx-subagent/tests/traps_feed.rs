//! The trap feed over a log written by logparse's Appender: order, restart, rotation.

use dtsubagent::agentx::Value;
use dtsubagent::traps::{TrapFeed, CURSOR_FILE_NAME, SNMP_TRAP_OID};
use logparse::dtl::{Appender, AppenderConfig, LogMessageLevel, LogSeries, Severity};
use tempfile::TempDir;

const CONNECTED: &str =
    "Service has established a connection to tgt (10.0.0.2) for Replication Set rs, ID: 3";

struct Fixture {
    _dir: TempDir,
    config: AppenderConfig,
    state: std::path::PathBuf,
}

impl Fixture {
    fn new(max_file_size: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = AppenderConfig {
            dir: dir.path().join("log"),
            base_name: "dtlog".to_owned(),
            max_file_size,
            max_files: 50,
            message_level: LogMessageLevel::AlertsAndRelease,
        };
        let state = dir.path().join("state");
        Fixture {
            _dir: dir,
            config,
            state,
        }
    }

    fn appender(&self) -> Appender {
        Appender::open(self.config.clone()).unwrap()
    }

    fn feed(&self, capacity: usize) -> TrapFeed {
        let series = LogSeries::new(&self.config.dir, &self.config.base_name);
        TrapFeed::open(series, &self.state, capacity).unwrap()
    }
}

fn log(appender: &mut Appender, id: u32, text: &str) {
    appender
        .append(Severity::Release, id, 1, text)
        .unwrap()
        .unwrap();
}

/// Hands over everything queued; returns (trap number, event ID) pairs.
fn drain(feed: &mut TrapFeed) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    while let Some(n) = feed.handed_over().unwrap() {
        let Value::ObjectIdentifier(trap_oid) = &n.varbinds[1].value else {
            panic!("snmpTrapOID.0 is not an OID");
        };
        assert_eq!(n.varbinds[1].name.as_slice(), SNMP_TRAP_OID);
        assert_eq!(&trap_oid.as_slice()[..8], &[1, 3, 6, 1, 4, 1, 2592, 0]);
        assert_eq!(trap_oid.as_slice()[8], n.trap_number);
        let Value::Gauge32(event) = n.varbinds[2].value else {
            panic!("dtNotifyEventId is not Unsigned32");
        };
        out.push((n.trap_number, event));
    }
    out
}

#[test]
fn events_become_notifications_in_order() {
    let fx = Fixture::new(1 << 20);
    let mut app = fx.appender();
    let mut feed = fx.feed(100);
    log(&mut app, 4000, "Kernel started");
    log(&mut app, 4999, "not a trap event");
    log(&mut app, 4016, CONNECTED);
    log(&mut app, 4005, "Kernel was successfully stopped.");
    let queued = feed.poll(5, None).unwrap();
    assert_eq!(queued, feed.len());
    let got = drain(&mut feed);
    assert_eq!(got.first(), Some(&(1, 4000)));
    assert_eq!(got.last(), Some(&(2, 4005)));
    assert!(got.iter().any(|&(_, event)| event == 4016));
    assert!(got.iter().all(|&(_, event)| event != 4999));
    assert_eq!(feed.poll(5, None).unwrap(), 0);
}

#[test]
fn a_restart_neither_repeats_nor_loses() {
    let fx = Fixture::new(1 << 20);
    let mut app = fx.appender();
    let mut feed = fx.feed(100);
    for _ in 0..3 {
        log(&mut app, 4000, "Kernel started");
        log(&mut app, 4005, "Kernel was successfully stopped.");
    }
    assert_eq!(feed.poll(0, None).unwrap(), 6);
    // Two handed over, then the process dies with four still queued.
    assert!(feed.handed_over().unwrap().is_some());
    assert!(feed.handed_over().unwrap().is_some());
    drop(feed);
    log(&mut app, 4000, "Kernel started");
    let mut feed = fx.feed(100);
    assert_eq!(feed.poll(0, None).unwrap(), 5);
    let got = drain(&mut feed);
    assert_eq!(
        got,
        vec![(1, 4000), (2, 4005), (1, 4000), (2, 4005), (1, 4000)]
    );
    drop(feed);
    let mut feed = fx.feed(100);
    assert_eq!(
        feed.poll(0, None).unwrap(),
        0,
        "nothing repeats after a full drain"
    );
}

#[test]
fn a_full_queue_defers_records_without_losing_them() {
    let fx = Fixture::new(1 << 20);
    let mut app = fx.appender();
    let mut feed = fx.feed(2);
    for _ in 0..5 {
        log(&mut app, 4000, "Kernel started");
    }
    assert_eq!(feed.poll(0, None).unwrap(), 2);
    assert_eq!(feed.poll(0, None).unwrap(), 0, "full: nothing more queued");
    let mut total = drain(&mut feed).len();
    while feed.poll(0, None).unwrap() > 0 {
        total += drain(&mut feed).len();
    }
    assert_eq!(total, 5);
}

#[test]
fn rotation_is_followed() {
    // Small files: every few records the appender moves to the next file.
    let fx = Fixture::new(400);
    let mut app = fx.appender();
    let mut feed = fx.feed(1_000);
    let mut got = Vec::new();
    for round in 0..20 {
        log(&mut app, 4000, "Kernel started");
        log(&mut app, 4999, &format!("filler {round}"));
        log(&mut app, 4005, "Kernel was successfully stopped.");
        if round % 3 == 0 {
            feed.poll(0, None).unwrap();
            got.extend(drain(&mut feed));
        }
    }
    assert!(app.current_number() > 3, "the log rotated");
    // A restart half-way through the last files still picks up the rest once.
    drop(feed);
    let mut feed = fx.feed(1_000);
    feed.poll(0, None).unwrap();
    got.extend(drain(&mut feed));
    assert_eq!(got.len(), 40);
    for pair in got.chunks(2) {
        assert_eq!(pair, [(1, 4000), (2, 4005)]);
    }
}

#[test]
fn a_connection_event_carries_its_connection_id() {
    let fx = Fixture::new(1 << 20);
    let mut app = fx.appender();
    let mut feed = fx.feed(10);
    log(&mut app, 4016, CONNECTED);
    assert!(feed.poll(0, None).unwrap() >= 1);
    let n = feed.front().unwrap().clone();
    assert_eq!(
        n.varbinds[4].name.as_slice(),
        &[1, 3, 6, 1, 4, 1, 2592, 3, 9, 3, 0]
    );
    assert_eq!(n.varbinds[4].value, Value::Gauge32(3));
    assert_eq!(
        n.varbinds[3].value,
        Value::OctetString(CONNECTED.as_bytes().to_vec())
    );
}

#[test]
fn a_first_start_begins_at_the_end_of_the_log_and_saves_that_cursor() {
    let fx = Fixture::new(400);
    let mut app = fx.appender();
    for round in 0..10 {
        log(&mut app, 4000, "Kernel started");
        log(&mut app, 4999, &format!("filler {round}"));
    }
    assert!(app.current_number() > 1, "the old log spans several files");
    let mut feed = fx.feed(100);
    assert!(
        fx.state.join(CURSOR_FILE_NAME).exists(),
        "the first start saves its cursor"
    );
    assert_eq!(
        feed.poll(0, None).unwrap(),
        0,
        "the old log is not replayed"
    );
    drop(feed);
    // Logged while the sub-agent is stopped: sent after its restart, the old log still not.
    log(&mut app, 4005, "Kernel was successfully stopped.");
    let mut feed = fx.feed(100);
    feed.poll(0, None).unwrap();
    assert_eq!(drain(&mut feed), vec![(2, 4005)]);
    log(&mut app, 4000, "Kernel started");
    feed.poll(0, None).unwrap();
    assert_eq!(drain(&mut feed), vec![(1, 4000)]);
}

#[test]
fn a_restart_after_a_poll_that_crossed_a_rotation_neither_repeats_nor_loses() {
    // One poll reads the end of one file and the start of the next ones; the process
    // stops after handing over a notification raised from a later file.
    let fx = Fixture::new(400);
    let mut app = fx.appender();
    let mut feed = fx.feed(1_000);
    log(&mut app, 4999, "filler before");
    feed.poll(0, None).unwrap();
    let first_file = app.current_number();
    for _ in 0..6 {
        log(&mut app, 4000, "Kernel started");
        log(&mut app, 4005, "Kernel was successfully stopped.");
    }
    assert!(
        app.current_number() > first_file + 1,
        "the poll crosses files"
    );
    assert_eq!(feed.poll(0, None).unwrap(), 12);
    let mut got = Vec::new();
    for _ in 0..9 {
        got.extend(feed.handed_over().unwrap().map(|n| n.trap_number));
    }
    drop(feed);
    let mut feed = fx.feed(1_000);
    assert_eq!(feed.poll(0, None).unwrap(), 3);
    got.extend(drain(&mut feed).into_iter().map(|(trap, _)| trap));
    assert_eq!(got, [1, 2].repeat(6));
}

#[test]
fn a_poll_that_finds_nothing_new_does_not_rewrite_the_cursor() {
    use std::os::unix::fs::MetadataExt;
    let fx = Fixture::new(1 << 20);
    let mut app = fx.appender();
    let mut feed = fx.feed(10);
    let cursor_file = fx.state.join(CURSOR_FILE_NAME);
    // Each save replaces the file (a new inode); an idle poll must not.
    let inode = || std::fs::metadata(&cursor_file).unwrap().ino();
    let opened = inode();
    feed.poll(0, None).unwrap();
    feed.poll(0, None).unwrap();
    assert_eq!(inode(), opened, "idle polls rewrote the cursor");
    log(&mut app, 4000, "Kernel started");
    feed.poll(0, None).unwrap();
    assert_eq!(drain(&mut feed), vec![(1, 4000)]);
    let handed = inode();
    assert_ne!(handed, opened, "handing over saves the cursor");
    log(&mut app, 4999, "no trap");
    feed.poll(0, None).unwrap();
    let moved = inode();
    assert_ne!(
        moved, handed,
        "a record without a trap still moves the cursor"
    );
    feed.poll(0, None).unwrap();
    assert_eq!(inode(), moved);
}

#[test]
fn a_log_dir_that_does_not_exist_yet_is_followed_once_the_engine_creates_it() {
    let fx = Fixture::new(1 << 20);
    let mut feed = fx.feed(10);
    assert!(
        feed.poll(0, None).is_err(),
        "the missing LogDir is reported"
    );
    assert!(
        !fx.state.join(CURSOR_FILE_NAME).exists(),
        "no cursor before any log"
    );
    let mut app = fx.appender();
    log(&mut app, 4000, "Kernel started");
    feed.poll(0, None).unwrap();
    assert_eq!(drain(&mut feed), vec![(1, 4000)]);
    assert!(fx.state.join(CURSOR_FILE_NAME).exists());
}
