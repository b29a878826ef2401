//! The mail path end to end: a real `dtengine` logs job events 5700–5718 in its job logs
//! and `dtnotify` (no SMTP relay configured: `.eml` files, the embedded default) mails
//! the ones selected by default: errors and warnings, naming the job as the engine does.

#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use workspace_bin::workspace_bin;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `child` until dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn eml_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).map_or(Vec::new(), |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect()
    })
}

#[test]
fn the_engines_job_errors_and_warnings_arrive_as_mail() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let management = free_port();
    // No ActivationCode: starting a job is refused with event 5707.
    std::fs::write(
        dir.path().join("DT.conf"),
        format!(
            "LogDir={d}/log\nDataDir={d}/data\nJobLogDir={d}/jobs\nQJournalDir={d}/queue\n\
             ManagementPort={management}\nStatsPort={}\nNetAddress=127.0.0.1\nNetPort={}\n",
            free_port(),
            free_port()
        ),
    )
    .unwrap();
    let _engine = Running(
        Command::new(workspace_bin("engine", "dtengine"))
            .arg("--config")
            .arg(dir.path().join("DT.conf"))
            .env_remove("DT_CONF")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let dtctl = |args: &[&str]| -> Output {
        Command::new(workspace_bin("engine", "dtctl"))
            .arg("--engine")
            .arg(format!("127.0.0.1:{management}"))
            .args(args)
            .output()
            .unwrap()
    };
    wait_until("dtengine", || dtctl(&["status"]).status.success());

    let outbox = dir.path().join("outbox");
    std::fs::write(
        dir.path().join("dtnotify.toml"),
        format!(
            "job_log_dir = \"{d}/jobs\"\nstate_dir = \"{d}/notify\"\noutbox_dir = \"{}\"\nhost_name = \"alpha\"\n\
             engine = \"127.0.0.1:{management}\"\n[mail]\nto = [\"ops@example.com\"]\n[grouping]\nenabled = false\n",
            outbox.display()
        ),
    )
    .unwrap();
    let notifier_err = dir.path().join("dtnotify.err");
    let _notifier = Running(
        Command::new(workspace_bin("dtnotify", "dtnotify"))
            .arg("--config")
            .arg(dir.path().join("dtnotify.toml"))
            .arg("run")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&notifier_err).unwrap())
            .spawn()
            .unwrap(),
    );
    // Its first start: job logs created from now on are read from their start.
    wait_until("dtnotify following", || {
        std::fs::read_to_string(&notifier_err).is_ok_and(|err| err.contains("following"))
    });

    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let rule = format!("{d}/docs,inc,rec");
    assert!(dtctl(&["repset", "create", "Docs", "--rule", &rule])
        .status
        .success());
    let created = dtctl(&[
        "--json",
        "job",
        "create",
        "--name",
        "docs",
        "--repset",
        "Docs",
        "--source",
        &format!("127.0.0.1:{management}"),
        "--target",
        &format!("127.0.0.1:{management}"),
        "--target-path",
        &format!("{d}/replica"),
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let job: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    let job = job["id"].as_str().unwrap().to_owned();
    assert!(
        !dtctl(&["job", "start", &job]).status.success(),
        "started without a licence"
    );
    wait_until("the 5707 mail", || eml_files(&outbox).len() == 1);
    assert!(dtctl(&["job", "delete", &job]).status.success());
    wait_until("the 5704 mail", || eml_files(&outbox).len() == 2);

    let mails = eml_files(&outbox);
    let licence = mails
        .iter()
        .find(|m| m.contains("Event 5707 (Error)"))
        .expect("5707 mailed");
    assert!(
        licence.contains(&format!("Message-ID: <{job}.")),
        "{licence}"
    );
    assert!(licence.contains("To: ops@example.com"), "{licence}");
    // Named as the engine names the job (asked over its management port).
    let named = format!("Job: docs ({job})");
    assert!(licence.contains(&named), "{licence}");
    let deleted = mails
        .iter()
        .find(|m| m.contains("Event 5704 (Warning)"))
        .expect("5704 mailed");
    assert!(
        deleted.contains(&format!("Message-ID: <{job}.")),
        "{deleted}"
    );
    assert!(
        deleted.contains("Message: The job has been deleted"),
        "{deleted}"
    );
    // The engine no longer lists the job: the name learned before is kept.
    assert!(deleted.contains(&named), "{deleted}");
    // 5700 (created) is Information: not mailed by default.
    assert!(mails.iter().all(|m| !m.contains("5700")));
}
