//! `--log-file` and the `log_file` setting: a log file that cannot be opened is a usage
//! error naming it; one from the settings file gets the startup line.

#[allow(dead_code)]
mod snmpd_support;
#[allow(dead_code)]
mod subagent_support;

use std::process::Command;
use std::time::Duration;

use snmpd_support::{eventually, free_udp_port};
use subagent_support::Subagent;

#[test]
fn an_unusable_log_file_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_a_dir = dir.path().join("plain");
    std::fs::write(&not_a_dir, b"").expect("a plain file");
    let wanted = not_a_dir.join("dtsubagent.log");
    let out = Command::new(env!("CARGO_BIN_EXE_dtsubagent"))
        .args(["--config", "/dev/null", "--log-file"])
        .arg(&wanted)
        .output()
        .expect("run dtsubagent");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&wanted.display().to_string()),
        "the error names the file: {stderr}"
    );
}

#[test]
fn the_settings_file_names_the_log_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log_file = dir.path().join("logs").join("own.log");
    let config = dir.path().join("dtsubagent.conf");
    let listen = format!("udp:127.0.0.1:{}", free_udp_port());
    std::fs::write(
        &config,
        format!("listen = {listen}\nlog_file = {}\n", log_file.display()),
    )
    .expect("write the settings");
    let subagent = Subagent::start_as_given(
        &["--config", &config.display().to_string()],
        &dir.path().join("stderr.log"),
    );
    let started = eventually(Duration::from_secs(10), || {
        std::fs::read_to_string(&log_file)
            .ok()
            .filter(|text| text.contains("SNMPv2c standalone") && text.contains(&listen[4..]))
    });
    assert!(
        started.is_some(),
        "no startup line in {}",
        log_file.display()
    );
    assert!(subagent.terminate().is_some_and(|status| status.success()));
    let text = std::fs::read_to_string(&log_file).unwrap_or_default();
    assert!(text.contains("INFO  stopped"), "{text}");
}
