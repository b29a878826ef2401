//! Mail through a real SMTP server on loopback: subject, recipients and body; STARTTLS
//! with a self-signed certificate as CA file; AUTH; a wrong password; `dtnotify test`.

mod support;

use std::fs;

use support::certs::self_signed;
use support::job_logs::{JobLog, GUIDS};
use support::notifier::Layout;
use support::smtp::SmtpServer;
use support::{free_port, wait_until};

#[test]
fn a_selected_event_arrives_with_its_subject_recipients_and_body() {
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(dir.path());
    let layout = Layout::new(dir.path());
    layout.write_config(&format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n\
         [mail]\nfrom = \"dt@alpha.example\"\nto = [\"ops@example.com\"]\n\
         [grouping]\nenabled = false\n\
         [jobs.\"{}\"]\nname = \"web\"\nto = [\"web-team@example.com\", \"oncall@example.com\"]\n",
        server.port, GUIDS[0]
    ));
    let mut web = JobLog::open(&layout.job_logs, GUIDS[0]);
    let mut other = JobLog::open(&layout.job_logs, GUIDS[1]);
    web.event(5701); // Information: not selected by default.
    let down = web.event(5716);
    let failed = other.event(5709);
    let notifier = layout.start();
    wait_until("two mails", || server.count() >= 2);
    let mails = server.received();
    assert_eq!(mails.len(), 2, "{mails:#?}");
    let web_mail = mails
        .iter()
        .find(|m| m.body().contains(GUIDS[0]))
        .expect("web's mail");
    assert_eq!(
        web_mail.subject(),
        "[alpha] job web: Error 5716: The target/appliance engine is down or not reachable."
    );
    assert_eq!(web_mail.mail_from, "dt@alpha.example");
    assert_eq!(
        web_mail.rcpt_tos,
        ["web-team@example.com", "oncall@example.com"]
    );
    assert_eq!(
        web_mail.to(),
        ["web-team@example.com", "oncall@example.com"]
    );
    assert_eq!(web_mail.message_id(), format!("{}.{down}@alpha", GUIDS[0]));
    let body = web_mail.body();
    assert!(body.contains("Event 5716 (Error) at "), "{body}");
    assert!(body.contains(&format!("Job: web ({})", GUIDS[0])), "{body}");
    assert!(
        body.contains(
            "Required response: Verify the Double-Take service is running on the target."
        ),
        "{body}"
    );
    assert!(!body.contains("5701"), "{body}");
    let other_mail = mails
        .iter()
        .find(|m| m.body().contains(GUIDS[1]))
        .expect("other mail");
    assert_eq!(other_mail.rcpt_tos, ["ops@example.com"]);
    assert_eq!(
        other_mail.message_id(),
        format!("{}.{failed}@alpha", GUIDS[1])
    );
    assert!(other_mail
        .subject()
        .contains(&format!("job {}: Error 5709", GUIDS[1])));
    wait_until("an empty spool", || layout.spooled() == 0);
    let status = notifier.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn starttls_with_the_ca_file_and_auth() {
    let dir = tempfile::tempdir().unwrap();
    let cert = self_signed(dir.path());
    let server = SmtpServer::start_with(
        dir.path(),
        free_port(),
        Some(&cert),
        Some(("notify", "s3cret")),
    );
    let layout = Layout::new(dir.path());
    let password = dir.path().join("password");
    fs::write(&password, "s3cret\n").unwrap();
    layout.write_config(&format!(
        "[smtp]\nhost = \"localhost\"\nport = {}\ntls = \"starttls\"\nca_file = \"{}\"\n\
         user = \"notify\"\npassword_file = \"{}\"\n\
         [mail]\nto = [\"ops@example.com\"]\n[grouping]\nenabled = false\n",
        server.port,
        cert.cert.display(),
        password.display()
    ));
    JobLog::open(&layout.job_logs, GUIDS[0]).event(5715);
    let _notifier = layout.start();
    wait_until("the mail", || server.count() >= 1);
    let mail = &server.received()[0];
    assert!(mail.tls, "delivered without TLS");
    assert_eq!(mail.auth.as_deref(), Some("notify"));
    assert!(mail.subject().contains("Error 5715"));

    let test = layout.command(&["test", "--to", "someone@example.com"]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(
        stdout.contains("2200 E-mail notification is functioning properly"),
        "{stdout}"
    );
    wait_until("the test mail", || server.count() >= 2);
    let test_mail = &server.received()[1];
    assert_eq!(test_mail.rcpt_tos, ["someone@example.com"]);
    assert!(test_mail.subject().contains("dtnotify test e-mail"));
}

#[test]
fn implicit_tls_with_the_ca_file_and_auth() {
    let dir = tempfile::tempdir().unwrap();
    let cert = self_signed(dir.path());
    let server = SmtpServer::start_implicit_tls(dir.path(), &cert, ("notify", "s3cret"));
    let layout = Layout::new(dir.path());
    layout.write_config(&format!(
        "[smtp]\nhost = \"localhost\"\nport = {}\ntls = \"tls\"\nca_file = \"{}\"\n\
         user = \"notify\"\npassword_env = \"DTNOTIFY_TEST_PASSWORD\"\n\
         [mail]\nto = [\"ops@example.com\"]\n",
        server.port,
        cert.cert.display()
    ));
    let test = layout.command_env(&["test"], &[("DTNOTIFY_TEST_PASSWORD", "s3cret")]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(
        stdout.contains(&format!("localhost:{} (tls)", server.port)),
        "{stdout}"
    );
    wait_until("the test mail", || server.count() >= 1);
    assert_eq!(server.received()[0].auth.as_deref(), Some("notify"));

    // Without the CA file the self-signed certificate is refused: 2202.
    let config = std::fs::read_to_string(&layout.config).unwrap();
    let without_ca: String = config
        .lines()
        .filter(|l| !l.starts_with("ca_file"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&layout.config, without_ca).unwrap();
    let test = layout.command_env(&["test"], &[("DTNOTIFY_TEST_PASSWORD", "s3cret")]);
    let stderr = String::from_utf8_lossy(&test.stderr);
    assert!(!test.status.success());
    assert!(
        stderr.contains("(2202 Error connecting to e-mail server"),
        "{stderr}"
    );
}

#[test]
fn a_wrong_password_is_reported_and_the_mail_stays_in_the_spool() {
    let dir = tempfile::tempdir().unwrap();
    let cert = self_signed(dir.path());
    let server = SmtpServer::start_with(
        dir.path(),
        free_port(),
        Some(&cert),
        Some(("notify", "s3cret")),
    );
    let layout = Layout::new(dir.path());
    let config = format!(
        "[smtp]\nhost = \"localhost\"\nport = {}\ntls = \"starttls\"\nca_file = \"{}\"\n\
         user = \"notify\"\npassword_env = \"DTNOTIFY_TEST_PASSWORD\"\nretry_initial = \"100ms\"\nretry_max = \"200ms\"\n\
         [mail]\nto = [\"ops@example.com\"]\n[grouping]\nenabled = false\n",
        server.port,
        cert.cert.display()
    );
    layout.write_config(&config);
    JobLog::open(&layout.job_logs, GUIDS[0]).event(5716);
    let wrong = [("DTNOTIFY_TEST_PASSWORD", "wrong-password")];
    let notifier = layout.start_env(&wrong);
    wait_until("a send error", || {
        notifier.stderr().contains("2207 Error sending e-mail")
    });
    let stderr = notifier.stderr();
    assert!(
        stderr.contains("2201 Error communicating with e-mail server"),
        "{stderr}"
    );
    assert!(stderr.contains("kept in the spool"), "{stderr}");
    assert!(
        !stderr.contains("wrong-password"),
        "the password was printed: {stderr}"
    );
    assert_eq!(layout.spooled(), 1);
    assert_eq!(server.count(), 0);
    notifier.kill();

    let test = layout.command_env(&["test"], &wrong);
    let stderr = String::from_utf8_lossy(&test.stderr);
    assert!(!test.status.success());
    assert!(
        stderr.contains("2208 Error sending test e-mail"),
        "{stderr}"
    );
    assert!(stderr.contains("2201"), "{stderr}");
    assert!(!stderr.contains("wrong-password"), "{stderr}");

    // With the right password the kept mail goes out.
    let _notifier = layout.start_env(&[("DTNOTIFY_TEST_PASSWORD", "s3cret")]);
    wait_until("the kept mail", || server.count() >= 1);
    wait_until("an empty spool", || layout.spooled() == 0);
    assert!(server.received()[0].subject().contains("5716"));
}

#[test]
fn the_test_command_reports_a_server_it_cannot_reach() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::new(dir.path());
    layout.write_config(&format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\ntimeout = \"5s\"\n[mail]\nto = [\"ops@example.com\"]\n",
        free_port()
    ));
    let test = layout.command(&["test"]);
    let stderr = String::from_utf8_lossy(&test.stderr);
    assert!(!test.status.success());
    assert!(
        stderr.contains("2208 Error sending test e-mail (2202 Error connecting to e-mail server"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_server_that_never_answers_hits_our_send_timeout_and_the_mail_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    // Accepts connections and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let mut connections = Vec::new();
        for stream in silent.incoming().take(3) {
            connections.push(stream);
        }
        connections
    });
    let layout = Layout::new(dir.path());
    layout.write_config(&format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\ntimeout = \"300ms\"\n\
         retry_initial = \"100ms\"\nconnections = 1\n[mail]\nto = [\"ops@example.com\"]\n[grouping]\nenabled = false\n"
    ));
    JobLog::open(&layout.job_logs, GUIDS[0]).event(5716);
    let notifier = layout.start();
    wait_until("a timed-out send", || {
        notifier
            .stderr()
            .contains("2202 Error connecting to e-mail server: no answer within 300ms")
    });
    assert_eq!(layout.spooled(), 1);
    notifier.kill();
    let test = layout.command(&["test"]);
    let stderr = String::from_utf8_lossy(&test.stderr);
    assert!(!test.status.success());
    assert!(
        stderr.contains("(2202 Error connecting to e-mail server"),
        "{stderr}"
    );
    assert!(stderr.contains("no answer within 300ms"), "{stderr}");
    drop(held);
}
