//! Against a real MTA: a private Postfix with STARTTLS and SASL AUTH accepts dtnotify's
//! mail and delivers it to its Maildir.

mod support;

use std::fs;

use support::certs::self_signed;
use support::job_logs::{JobLog, GUIDS};
use support::notifier::Layout;
use support::postfix::Postfix;
use support::{free_port, wait_until};

#[test]
fn postfix_accepts_and_delivers_the_mail_over_starttls_with_auth() {
    let dir = tempfile::tempdir().unwrap();
    let cert = self_signed(dir.path());
    let postfix = Postfix::start(dir.path(), free_port(), &cert, "notify", "pf-secret");
    let layout = Layout::new(dir.path());
    let password = dir.path().join("password");
    fs::write(&password, "pf-secret\n").unwrap();
    layout.write_config(&format!(
        "[smtp]\nhost = \"localhost\"\nport = {}\ntls = \"starttls\"\nca_file = \"{}\"\n\
         user = \"notify@test.local\"\npassword_file = \"{}\"\n\
         [mail]\nfrom = \"dtnotify@alpha.example\"\nto = [\"ops@example.org\"]\n[grouping]\nenabled = false\n",
        postfix.port,
        cert.cert.display(),
        password.display()
    ));
    let seq = JobLog::open(&layout.job_logs, GUIDS[0]).event(5708);
    let notifier = layout.start();
    wait_until("the spool to empty", || layout.spooled() == 0);
    wait_until("delivery to the Maildir", || {
        !postfix.delivered().is_empty()
    });
    let mail = &postfix.delivered()[0];
    assert!(
        mail.contains(&format!("Message-ID: <{}.{seq}@alpha>", GUIDS[0])),
        "{mail}"
    );
    assert!(mail.contains("Error 5708"), "{mail}");
    // Postfix records the TLS session and the authenticated sender in its Received header.
    assert!(mail.contains("ESMTPSA"), "{mail}\n{}", postfix.log());
    assert!(!notifier.stderr().contains("2207"), "{}", notifier.stderr());
}
