//! The command line: a bad configuration is one clear error and a non-zero exit; `check`
//! prints the effective settings with the password masked; the shipped example parses.

mod support;

use std::fs;
use std::path::Path;

use support::notifier::dtnotify;

fn failure(dir: &Path, text: &str) -> String {
    let config = dir.join("bad.toml");
    fs::write(&config, text).unwrap();
    let output = dtnotify(&config, &["check"]);
    assert_eq!(output.status.code(), Some(2), "accepted: {text}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(
        stderr.starts_with(&format!("dtnotify: {}", config.display())),
        "{stderr}"
    );
    stderr
}

#[test]
fn a_bad_configuration_is_one_clear_error_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let to = "[mail]\nto = [\"ops@example.com\"]\n";
    let cases: [(String, &str); 10] = [
        (format!("outbox_dir = \"/tmp/x\"\n{to}[smtp]\nhost = \"relay\"\nport = 587\n"), "bad.toml: outbox_dir: is only used without an [smtp] section"),
        (format!("{to}[smtp]\nhost = \"relay\"\nport = 2525\n"), "bad.toml: smtp.tls: missing: port 2525 implies no mode"),
        (format!("{to}[smtp]\nhost = \"relay\"\nport = 465\ntls = \"starttls\"\n"), "smtp.tls: \"starttls\" contradicts port 465, which means \"tls\" (2212 "),
        (format!("{to}[smtp]\nhost = \"relay\"\ntls = \"ssl\"\n"), "bad.toml:5:7: unknown variant `ssl`"),
        (format!("{to}colour = \"red\"\n"), "bad.toml:3:1: unknown field `colour`"),
        ("[mail]\nto = []\n".into(), "mail.to: no recipient: give at least one address (2217 E-mail notification address notification list is empty)"),
        ("[mail]\nto = [\"not an address\"]\n".into(), "mail.to: \"not an address\" is not an e-mail address"),
        (format!("{to}subject = \"{{nope}}\"\n"), "mail.subject: unknown placeholder {nope}"),
        (format!("{to}[events]\nids = \"5700-\"\n"), "events.ids: "),
        (format!("{to}[smtp]\nhost = \"relay\"\nport = 587\nuser = \"u\"\npassword_env = \"DTNOTIFY_UNSET_VARIABLE\"\n"), "smtp.password_env: environment variable DTNOTIFY_UNSET_VARIABLE is not set"),
    ];
    for (text, expected) in cases {
        let stderr = failure(dir.path(), &text);
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in {stderr:?}"
        );
    }
    let missing = dtnotify(&dir.path().join("absent.toml"), &["check"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("absent.toml: cannot read the configuration"),
        "{stderr}"
    );
}

#[test]
fn check_prints_the_effective_settings_with_the_password_masked() {
    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("password");
    fs::write(&password, "very-secret-pw\n").unwrap();
    let config = dir.path().join("dtnotify.toml");
    fs::write(
        &config,
        format!(
            "host_name = \"alpha\"\n[smtp]\nhost = \"relay.example.com\"\nport = 587\nuser = \"notify\"\npassword_file = \"{}\"\n\
             [mail]\nto = [\"ops@example.com\"]\n",
            password.display()
        ),
    )
    .unwrap();
    let output = dtnotify(&config, &["check"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains("very-secret-pw"), "{stdout}");
    for line in [
        "job_log_dir = \"/opt/dbtk/log\"",
        "state_dir = \"/var/lib/dtsuite/dtnotify\"",
        "tls = \"starttls\"  # implied by the port",
        "password_file = ",
        "# password ********",
        "from = \"dtnotify@alpha\"",
        "levels = [\"error\", \"warning\"]",
        "recoveries = true",
        "window = \"30s\"",
        "repeat = \"3h\"",
        "timeout = \"30s\"",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from:\n{stdout}");
    }
}

#[test]
fn the_shipped_example_configuration_parses() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("dtnotify.example.toml");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dtnotify"))
        .arg("--config")
        .arg(&example)
        .arg("check")
        .env("DTNOTIFY_SMTP_PASSWORD", "example-password")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("[jobs.\"a6cbf990-ba67-403d-855f-5bb44c18e1d6\"]"),
        "{stdout}"
    );
    assert!(!stdout.contains("example-password"), "{stdout}");
}
