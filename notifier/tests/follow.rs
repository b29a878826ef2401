//! Following job logs: the first start skips the history already logged, a log created
//! while dtnotify runs, malformed lines skipped with a diagnostic, and the embedded
//! default of `.eml` files when no SMTP relay is configured.

mod support;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use support::job_logs::{JobLog, GUIDS};
use support::notifier::Layout;
use support::smtp::SmtpServer;
use support::wait_until;

fn eml_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir).map_or(Vec::new(), |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
            .map(|e| fs::read_to_string(e.path()).expect("eml readable"))
            .collect()
    })
}

fn eml_outbox_config(layout: &Layout, outbox: &Path) {
    layout.write_config(&format!(
        "outbox_dir = \"{}\"\n[mail]\nto = [\"ops@example.com\"]\n[grouping]\nenabled = false\n",
        outbox.display()
    ));
}

fn message_id(guid: &str, seq: u64) -> String {
    format!("Message-ID: <{guid}.{seq}@alpha>")
}

#[test]
fn the_first_start_follows_existing_logs_from_their_end_and_later_ones_from_their_start() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::first_start(dir.path());
    let outbox = dir.path().join("outbox");
    eml_outbox_config(&layout, &outbox);
    // History on the host before dtnotify was ever started: never mailed.
    let mut old = JobLog::open(&layout.job_logs, GUIDS[0]);
    let history = [old.event(5709), old.event(5716)];
    let notifier = layout.start();
    wait_until("the start", || notifier.stderr().contains("following"));
    assert!(
        notifier
            .stderr()
            .contains("first start: 1 job log(s) already in"),
        "{}",
        notifier.stderr()
    );
    // Its cursor is saved at once, before any new line.
    assert!(layout
        .state
        .join(format!("jobs/job-{}.json", GUIDS[0]))
        .exists());
    let after = old.event(5711);
    // A log created after the start is read from its start.
    let mut new = JobLog::open(&layout.job_logs, GUIDS[1]);
    let first = new.event(5713);
    wait_until("two .eml files", || eml_files(&outbox).len() >= 2);
    assert_eq!(notifier.terminate().code(), Some(0));
    // Written while dtnotify is stopped, once state exists: mailed after the restart.
    let while_down = [old.event(5704), new.event(5708)];
    let notifier = layout.start();
    wait_until("four .eml files", || eml_files(&outbox).len() >= 4);
    assert!(
        !notifier.stderr().contains("first start"),
        "{}",
        notifier.stderr()
    );
    wait_until("an empty spool", || layout.spooled() == 0);
    let mails = eml_files(&outbox).join("\n");
    for seq in history {
        assert!(!mails.contains(&message_id(GUIDS[0], seq)), "{mails}");
    }
    for (guid, seq) in [
        (GUIDS[0], after),
        (GUIDS[1], first),
        (GUIDS[0], while_down[0]),
        (GUIDS[1], while_down[1]),
    ] {
        assert!(
            mails.contains(&message_id(guid, seq)),
            "{guid}.{seq}: {mails}"
        );
    }
    assert_eq!(eml_files(&outbox).len(), 4);
}

#[test]
fn a_job_log_created_while_running_is_followed_into_the_eml_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::new(dir.path());
    let outbox = dir.path().join("outbox");
    eml_outbox_config(&layout, &outbox);
    let notifier = layout.start();
    wait_until("the start", || notifier.stderr().contains("following"));
    assert!(
        notifier.stderr().contains(".eml files in"),
        "{}",
        notifier.stderr()
    );
    // The job appears after the notifier started.
    let seq = JobLog::open(&layout.job_logs, GUIDS[2]).event(5713);
    wait_until("an .eml file", || !eml_files(&outbox).is_empty());
    wait_until("an empty spool", || layout.spooled() == 0);
    let mails = eml_files(&outbox);
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains(&message_id(GUIDS[2], seq)),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("Error 5713"), "{}", mails[0]);

    let test = layout.command(&["test", "--to", "me@example.com"]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(stdout.contains("accepted by the outbox folder"), "{stdout}");
    assert!(
        stdout.contains("(2200 E-mail notification is functioning properly)"),
        "{stdout}"
    );
    let mails = eml_files(&outbox);
    assert_eq!(mails.len(), 2);
    assert!(mails
        .iter()
        .any(|m| m.contains("dtnotify test e-mail") && m.contains("To: me@example.com")));
}

#[test]
fn malformed_lines_are_skipped_with_a_diagnostic_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    layout.write_config(&format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n[mail]\nto = [\"ops@example.com\"]\n\
         [grouping]\nenabled = false\n",
        server.port
    ));
    let path = layout.job_logs.join(format!("job-{}.log", GUIDS[0]));
    let mut log = JobLog::open(&layout.job_logs, GUIDS[0]);
    log.event(5709);
    drop(log);
    let mut file = OpenOptions::new().append(true).open(&path).unwrap();
    file.write_all(
        b"this is not a log line\n11/26/2026\t01:02:03.004\t1\t1\t2\t7\t5716\tbad type\n",
    )
    .unwrap();
    drop(file);
    let mut log = JobLog::open(&layout.job_logs, GUIDS[0]);
    log.event(5716);
    let notifier = layout.start();
    wait_until("two mails", || server.count() >= 2);
    wait_until("the diagnostics", || {
        notifier.stderr().matches("line skipped").count() >= 2
    });
    let stderr = notifier.stderr();
    let name = path.display().to_string();
    assert!(stderr.contains(&format!("{name}:2: ")), "{stderr}");
    assert!(
        stderr.contains(&format!("{name}:3: column 6 (type)")),
        "{stderr}"
    );
    // Four pooled connections: the two mails may arrive in either order.
    let subjects: Vec<String> = server.received().iter().map(|m| m.subject()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    for id in ["Error 5709", "Error 5716"] {
        assert!(subjects.iter().any(|s| s.contains(id)), "{subjects:?}");
    }
}
