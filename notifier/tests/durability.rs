//! Nothing is lost: mails spool while the server is down and all go out once it is back;
//! a notifier killed with SIGKILL in the middle of sending delivers everything after a
//! restart (a duplicate, if any, carries the same Message-ID).

mod support;

use std::collections::{BTreeMap, BTreeSet};

use support::job_logs::{JobLog, GUIDS};
use support::notifier::Layout;
use support::smtp::SmtpServer;
use support::{free_port, wait_until};

fn config(port: u16) -> String {
    format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\ntimeout = \"5s\"\n\
         retry_initial = \"50ms\"\nretry_max = \"300ms\"\n\
         [mail]\nto = [\"ops@example.com\"]\n[grouping]\nenabled = false\n"
    )
}

#[test]
fn mails_spool_while_the_server_is_down_and_all_arrive_once_when_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::new(dir.path());
    let port = free_port();
    layout.write_config(&config(port));
    let notifier = layout.start();
    let mut expected = BTreeSet::new();
    for (n, guid) in GUIDS.iter().enumerate() {
        let mut log = JobLog::open(&layout.job_logs, guid);
        for _ in 0..5 + n {
            expected.insert(format!("{guid}.{}@alpha", log.event(5710)));
        }
    }
    wait_until("every mail in the spool", || {
        layout.spooled() == expected.len()
    });
    wait_until("a failed attempt", || {
        notifier.stderr().contains("2202 Error connecting")
    });

    let server = SmtpServer::start_with(dir.path(), port, None, None);
    wait_until("an empty spool", || layout.spooled() == 0);
    let ids: Vec<String> = server.received().iter().map(|m| m.message_id()).collect();
    assert_eq!(ids.len(), expected.len(), "{ids:#?}");
    assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), expected);
}

#[test]
fn a_notifier_killed_mid_send_delivers_everything_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    layout.write_config(&config(server.port));
    let mut logs: Vec<JobLog> = GUIDS
        .iter()
        .map(|g| JobLog::open(&layout.job_logs, g))
        .collect();
    let mut expected = BTreeSet::new();
    let mut write = |logs: &mut Vec<JobLog>, count: usize| {
        for n in 0..count {
            let at = n % GUIDS.len();
            let seq = logs[at].event(if n % 2 == 0 { 5716 } else { 5711 });
            expected.insert(format!("{}.{seq}@alpha", GUIDS[at]));
        }
    };
    write(&mut logs, 60);
    let notifier = layout.start();
    wait_until("some mails", || server.count() >= 5);
    notifier.kill();
    write(&mut logs, 30);
    let before_restart = server.count();
    assert!(
        before_restart < expected.len(),
        "all sent before the kill; nothing tested"
    );

    let _notifier = layout.start();
    let total = expected.len();
    wait_until("every mail", || {
        let ids: BTreeSet<String> = server.received().iter().map(|m| m.message_id()).collect();
        ids.len() >= total
    });
    wait_until("an empty spool", || layout.spooled() == 0);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for mail in server.received() {
        *counts.entry(mail.message_id()).or_default() += 1;
    }
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let duplicates: usize = counts.values().map(|n| n - 1).sum();
    // A kill between the server's 250 and the spool removal resends that one mail per
    // connection, with the same Message-ID.
    assert!(duplicates <= 4, "{duplicates} duplicates: {counts:#?}");
}

#[test]
fn killed_while_events_wait_in_their_group_window_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    // Each body block names its event, so every event can be found in the mails.
    layout.write_config(&format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n\
         [mail]\nto = [\"ops@example.com\"]\nbody = \"EVENT {{job_guid}} {{seq}}\"\n\
         [grouping]\nwindow = \"300ms\"\n",
        server.port
    ));
    let mut logs: Vec<JobLog> = GUIDS
        .iter()
        .map(|g| JobLog::open(&layout.job_logs, g))
        .collect();
    let mut expected = BTreeSet::new();
    let mut notifier = layout.start();
    for round in 0..6 {
        for (at, log) in logs.iter_mut().enumerate() {
            for _ in 0..3 {
                expected.insert(format!("{} {}", GUIDS[at], log.event(5711)));
            }
        }
        // Kill at a different point of the window each round, then restart.
        std::thread::sleep(std::time::Duration::from_millis(60 * round));
        notifier.kill();
        notifier = layout.start();
    }
    let found = || -> BTreeSet<String> {
        server
            .received()
            .iter()
            .flat_map(|mail| {
                mail.body()
                    .lines()
                    .filter_map(|line| line.strip_prefix("EVENT ").map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    wait_until("every event in a mail", || found().len() >= expected.len());
    wait_until("an empty spool", || layout.spooled() == 0);
    assert_eq!(found(), expected);
    drop(notifier);
}
