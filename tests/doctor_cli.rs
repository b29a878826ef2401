//! `dtsuite doctor`: every check passes on a host with a running engine, snmpd, the MIB
//! and a mail server; each fails, with exit status 1, on a host without them.

#[path = "support/engine_process.rs"]
#[allow(dead_code)] // shared by the end-to-end tests; this one uses part of it
mod engine_process;
#[path = "support/mib_tools.rs"]
#[allow(dead_code)] // shared by the MIB tests; this one uses part of it
mod mib_tools;
#[path = "support/smtp_server.rs"]
mod smtp_server;
#[allow(dead_code)] // shared with the sub-agent's tests; this one uses part of it
#[path = "../agentx-subagent/tests/snmpd_support/mod.rs"]
mod snmpd;
#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use engine_process::Engine;
use smtp_server::SmtpServer;
use snmpd::Snmpd;

/// Runs doctor with `args`: its stdout lines and whether it succeeded.
fn doctor(args: &[&std::ffi::OsStr]) -> (Vec<String>, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_dtsuite"))
        .arg("doctor")
        .args(args)
        .env_remove("DT_CONF")
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    (lines, out.status.success())
}

fn line_for<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no line about {name:?} in {lines:#?}"))
}

#[test]
fn a_prepared_host_passes_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::start(&dir.path().join("engine"), "");
    let snmpd = Snmpd::start(&dir.path().join("snmpd"), snmpd::free_udp_port(), "");
    let smtp = SmtpServer::start(&dir.path().join("smtp"));
    let subagent_conf = dir.path().join("dtsubagent.conf");
    std::fs::write(
        &subagent_conf,
        format!(
            "master = unix:{}\nstats = 127.0.0.1:{}\n",
            snmpd.socket().display(),
            engine.stats
        ),
    )
    .unwrap();
    let notify_conf = dir.path().join("dtnotify.toml");
    std::fs::write(
        &notify_conf,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n[mail]\nto = [\"ops@example.com\"]\n",
            smtp.port
        ),
    )
    .unwrap();
    let conf = engine.dir.join("DT.conf");
    let (lines, ok) = doctor(&[
        "--config".as_ref(),
        conf.as_os_str(),
        "--subagent-config".as_ref(),
        subagent_conf.as_os_str(),
        "--notify-config".as_ref(),
        notify_conf.as_os_str(),
        "--mib-dir".as_ref(),
        mib_tools::mib_dir().as_os_str(),
        "--base-mib-dir".as_ref(),
        mib_tools::base_mib_dir().as_os_str(),
    ]);
    assert!(ok, "{lines:#?}");
    assert!(
        line_for(&lines, "DT.conf").starts_with("pass"),
        "{lines:#?}"
    );
    for port in [engine.management, engine.stats, engine.net] {
        let line = line_for(&lines, &format!("127.0.0.1:{port}:"));
        assert!(
            line.starts_with("pass") && line.contains("in use by dtengine"),
            "{line}"
        );
    }
    assert!(line_for(&lines, "dtsubagent.conf").starts_with("pass"));
    assert!(line_for(&lines, "AgentX master unix:").starts_with("pass"));
    assert!(line_for(&lines, "NSI-MIB").contains(".1.3.6.1.4.1.2592.3.2.1"));
    let smtp_line = line_for(&lines, "SMTP server");
    assert!(
        smtp_line.starts_with("pass") && smtp_line.contains("220"),
        "{smtp_line}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("FAIL")), "{lines:#?}");
}

#[test]
fn each_problem_is_a_failed_check_and_exit_status_1() {
    let dir = tempfile::tempdir().unwrap();
    // A port held by something that is not a dtengine.
    let squatter = TcpListener::bind("127.0.0.1:0").unwrap();
    let held = squatter.local_addr().unwrap().port();
    let closed = engine_process::free_port();
    let conf = dir.path().join("DT.conf");
    std::fs::write(&conf, format!("ManagementPort={held}\nNoSuchSetting=1\n")).unwrap();
    let subagent_conf = dir.path().join("dtsubagent.conf");
    let socket = dir.path().join("no-snmpd.sock");
    std::fs::write(
        &subagent_conf,
        format!("master = unix:{}\n", socket.display()),
    )
    .unwrap();
    let notify_conf = dir.path().join("dtnotify.toml");
    std::fs::write(
        &notify_conf,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {closed}\ntls = \"none\"\n[mail]\nto = [\"ops@example.com\"]\n"
        ),
    )
    .unwrap();
    let empty_mibs = dir.path().join("mibs");
    std::fs::create_dir(&empty_mibs).unwrap();
    let args = |subagent: &Path, notify: &Path| {
        doctor(&[
            "--config".as_ref(),
            conf.as_os_str(),
            "--subagent-config".as_ref(),
            subagent.as_os_str(),
            "--notify-config".as_ref(),
            notify.as_os_str(),
            "--mib-dir".as_ref(),
            empty_mibs.as_os_str(),
            "--base-mib-dir".as_ref(),
            empty_mibs.as_os_str(),
        ])
    };
    let (lines, ok) = args(&subagent_conf, &notify_conf);
    assert!(!ok, "{lines:#?}");
    let conf_line = line_for(&lines, "DT.conf");
    assert!(
        conf_line.starts_with("FAIL") && conf_line.contains("NoSuchSetting"),
        "{conf_line}"
    );
    let port_line = line_for(&lines, &format!("ManagementPort 127.0.0.1:{held}"));
    assert!(port_line.starts_with("FAIL"), "{port_line}");
    assert!(line_for(&lines, "AgentX master").starts_with("FAIL"));
    assert!(line_for(&lines, "NSI-MIB").starts_with("FAIL"));
    assert!(line_for(&lines, "SMTP server").starts_with("FAIL"));
    // (An engine that does not answer costs the management client's 10 s timeout.)
    drop(squatter);

    // Settings files that do not parse.
    std::fs::write(&subagent_conf, "port = 705\n").unwrap();
    std::fs::write(&notify_conf, "[smtp\nhost = 1\n").unwrap();
    let (lines, ok) = args(&subagent_conf, &notify_conf);
    assert!(!ok);
    let subagent_line = line_for(&lines, "dtsubagent.conf");
    assert!(
        subagent_line.starts_with("FAIL") && subagent_line.contains("line 1"),
        "{subagent_line}"
    );
    let notify_line = line_for(&lines, "notifier settings");
    assert!(
        notify_line.starts_with("FAIL")
            && notify_line.contains(&format!("{}:1:", notify_conf.display()))
            && notify_line.contains("(2212 "),
        "{notify_line}"
    );
    // Parsed by dtnotify's own rules: a port that implies no TLS mode, as dtnotify says.
    std::fs::write(
        &notify_conf,
        "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\n[mail]\nto = [\"ops@example.com\"]\n",
    )
    .unwrap();
    let (lines, ok) = args(&subagent_conf, &notify_conf);
    assert!(!ok);
    let notify_line = line_for(&lines, "notifier settings");
    let dtnotify_says = Command::new(workspace_bin::workspace_bin("dtnotify", "dtnotify"))
        .arg("--config")
        .arg(&notify_conf)
        .arg("check")
        .output()
        .unwrap();
    let dtnotify_says = String::from_utf8_lossy(&dtnotify_says.stderr);
    let message = dtnotify_says.trim().strip_prefix("dtnotify: ").unwrap();
    assert!(message.contains("smtp.tls"), "{message}");
    assert!(notify_line.ends_with(message), "{notify_line} / {message}");

    // A file named on the command line must exist.
    let missing = dir.path().join("missing.conf");
    let (lines, ok) = doctor(&["--config".as_ref(), missing.as_os_str()]);
    assert!(!ok);
    assert!(line_for(&lines, "DT.conf").contains("no such file"));
}
