//! Grouping end to end with shortened intervals: one mail per job per window, a problem
//! recovered within the window in one mail, a problem still present repeated.

mod support;

use support::job_logs::{JobLog, GUIDS};
use support::notifier::Layout;
use support::smtp::SmtpServer;
use support::wait_until;

fn config(port: u16, grouping: &str) -> String {
    format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\n\
         [mail]\nto = [\"ops@example.com\"]\n[grouping]\n{grouping}\n"
    )
}

#[test]
fn events_of_a_job_within_the_window_make_one_mail() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    // A window long enough that each job's three events, written at once, fall in it.
    layout.write_config(&config(server.port, "window = \"2s\""));
    let _notifier = layout.start();
    for guid in &GUIDS[..2] {
        let mut log = JobLog::open(&layout.job_logs, guid);
        log.event(5711);
        log.event(5701); // Information: not mailed.
        log.event(5709);
        log.event(5704);
    }
    wait_until("two mails", || server.count() >= 2);
    let mails = server.received();
    for guid in &GUIDS[..2] {
        let mail = mails
            .iter()
            .find(|m| m.body().contains(guid))
            .expect("a mail per job");
        assert!(mail.subject().ends_with("(+2 more)"), "{}", mail.subject());
        assert!(
            mail.subject().contains("Warning 5711"),
            "{}",
            mail.subject()
        );
        let body = mail.body();
        assert!(
            body.starts_with(&format!("3 events of job {guid}:")),
            "{body}"
        );
        for id in ["5711", "5709", "5704"] {
            assert!(body.contains(&format!("Event {id} ")), "{body}");
        }
        assert!(!body.contains("5701"), "{body}");
    }
    wait_until("an empty spool", || layout.spooled() == 0);
    assert_eq!(server.count(), 2);
}

#[test]
fn a_problem_that_recovers_within_the_window_is_one_mail_saying_both() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    layout.write_config(&config(server.port, "window = \"1s\""));
    let _notifier = layout.start();
    let mut log = JobLog::open(&layout.job_logs, GUIDS[0]);
    log.event(5716);
    log.event(5717);
    wait_until("the mail", || server.count() >= 1);
    wait_until("an empty spool", || layout.spooled() == 0);
    let mails = server.received();
    assert_eq!(mails.len(), 1);
    let subject = mails[0].subject();
    assert!(
        subject.contains("Error 5716")
            && subject
                .contains("(recovered: 5717 The target/appliance engine is up and reachable.)"),
        "{subject}"
    );
    let body = mails[0].body();
    assert!(
        body.starts_with("Recovered within the group window: 5716 at "),
        "{body}"
    );
    assert!(body.contains("Event 5717 (Information)"), "{body}");
}

#[test]
fn a_problem_still_present_is_mailed_again_after_the_repeat_interval() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    layout.write_config(&config(server.port, "window = \"100ms\"\nrepeat = \"1s\""));
    let notifier = layout.start();
    let mut log = JobLog::open(&layout.job_logs, GUIDS[0]);
    let seq = log.event(5715);
    wait_until("the first reminder", || server.count() >= 2);
    let mails = server.received();
    assert!(mails[0].subject().contains("Error 5715"));
    assert!(
        mails[1].subject().starts_with("Still present: [alpha]"),
        "{}",
        mails[1].subject()
    );
    assert_eq!(
        mails[1].message_id(),
        format!("{}.{seq}.reminder1@alpha", GUIDS[0])
    );
    assert!(mails[1]
        .body()
        .starts_with("This problem, first reported at "));

    // The reminder schedule survives a restart; the recovery ends it with its own mail.
    notifier.kill();
    let _notifier = layout.start();
    let recovered = log.event(5718);
    let recovery_id = format!("{}.{recovered}@alpha", GUIDS[0]);
    wait_until("the recovery mail", || {
        server
            .received()
            .iter()
            .any(|m| m.message_id() == recovery_id)
    });
    let recovery = server
        .received()
        .into_iter()
        .find(|m| m.message_id() == recovery_id)
        .expect("found");
    assert!(
        recovery.subject().contains("Information 5718"),
        "{}",
        recovery.subject()
    );
}
