//! The guide's story end to end, with real processes: two engines, dtsubagent through a
//! real snmpd to a real snmptrapd, dtnotify mailing through a real SMTP server (the
//! project's aiosmtpd), dtstat and logviewer on the files the run left.
//!
//! create a job (5700 mail) → start → mirror (dttrapMirrorStart/End at snmptrapd; the connection
//! row's dtconBytesTx is the bytes the engine sent) → changes replicate → the target is
//! killed (dttrapConnectionLost, job event 5716 and its mail) → restarted
//! (dttrapAutoReconnect, job event 5717 and its mail, replica equal again) → the statistics files hold the run's rows and
//! `logviewer -type 1` shows exactly the run's warnings and errors.
//!
//! Each step checks the job events it causes in the job log (`job_events_include`) and
//! the mail dtnotify sent for each of them (`mail_arrives`).

#[path = "support/engine_process.rs"]
#[allow(dead_code)] // shared by the end-to-end tests; this one uses part of it
mod engine_process;
#[path = "support/smtp_server.rs"]
mod smtp_server;
#[allow(dead_code)] // shared with the sub-agent's tests; this one uses part of it
#[path = "../agentx-subagent/tests/snmpd_support/mod.rs"]
mod snmpd;
#[path = "../agentx-subagent/tests/snmptrapd_support/mod.rs"]
mod snmptrapd_support;
#[path = "support/tree_compare.rs"]
#[allow(dead_code)] // shared by the end-to-end tests; this one uses part of it
mod tree_compare;
#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use engine_process::Engine;
use logparse::catalog::{linux_job_event, trap_by_name, EventId};
use logparse::dtl::{Level, LogSeries};
use smtp_server::SmtpServer;
use snmpd::Snmpd;
use snmptrapd_support::Snmptrapd;
use workspace_bin::workspace_bin;

const WAIT: Duration = Duration::from_secs(20);
/// dtconBytesTx (Counter32) and dtconHCBytesTx (Counter64) columns.
const CON_BYTES_TX: &str = ".1.3.6.1.4.1.2592.3.6.2.1.12";
const CON_HC_BYTES_TX: &str = ".1.3.6.1.4.1.2592.3.8.1.1.3";

/// Polls `probe` every 100 ms until it gives a value or [`WAIT`] passes.
fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The line snmptrapd prints for trap `name`'s snmpTrapOID.0.
fn trap_line(name: &str) -> String {
    let trap = trap_by_name(name).unwrap_or_else(|| panic!("no trap {name}"));
    format!(
        ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.2592.0.{}",
        trap.number
    )
}

/// A started program (dtsubagent, dtnotify); killed on drop.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The job's events (IDs) so far, from its job log on the source.
fn job_events(source: &Engine, job: &str) -> Vec<u32> {
    let path = source.dir.join("jobs").join(format!("job-{job}.log"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.split('\t').nth(6)?.parse().ok())
        .collect()
}

fn job_events_include(source: &Engine, job: &str, id: u32) {
    eventually(&format!("job event {id}"), || {
        job_events(source, job).contains(&id).then_some(())
    });
}

/// Waits until the SMTP server received the mail for `job`'s event `id`: its subject
/// names the job and the event, its body the event and the guide's message.
fn mail_arrives(smtp: &SmtpServer, job: &str, id: u32) {
    let message = linux_job_event(EventId(id)).unwrap().message;
    let mail = eventually(&format!("the mail for event {id}"), || {
        smtp.received()
            .into_iter()
            .find(|mail| mail.subject().contains(&format!(" {id}: ")))
    });
    let subject = mail.subject();
    assert!(
        subject.contains(&format!("job {job}:")) && subject.contains(message),
        "{subject}"
    );
    let body = mail.body();
    assert!(
        body.contains(&format!("Event {id} ")) && body.contains(&format!("Job: {job} ")),
        "{body}"
    );
    assert_eq!(mail.rcpt_tos, ["ops@example.com"]);
}

/// Starts dtnotify mailing the source's job events through `smtp`, each at once (no
/// grouping), 5700 selected besides errors and warnings; returns once it follows the
/// job logs.
fn start_dtnotify(root: &Path, source: &Engine, smtp: &SmtpServer) -> Running {
    let config = root.join("dtnotify.toml");
    std::fs::write(
        &config,
        format!(
            "job_log_dir = \"{}\"\nstate_dir = \"{}\"\nhost_name = \"alpha\"\npoll_interval = \"50ms\"\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n\
             [mail]\nto = [\"ops@example.com\"]\n[events]\nids = \"5700\"\n[grouping]\nenabled = false\n",
            source.dir.join("jobs").display(),
            root.join("dtnotify").display(),
            smtp.port
        ),
    )
    .unwrap();
    let stderr = root.join("dtnotify.err");
    let notifier = Running(
        Command::new(workspace_bin("dtnotify", "dtnotify"))
            .arg("--config")
            .arg(&config)
            .arg("run")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap(),
    );
    eventually("dtnotify to follow the job logs", || {
        let text = std::fs::read_to_string(&stderr).ok()?;
        text.contains("dtnotify: following").then_some(())
    });
    notifier
}

/// The job's connection as the source engine shows it.
fn connection(source: &Engine, job: &str) -> serde_json::Value {
    source.dtctl_json(&["job", "show", job])["connection"].clone()
}

/// Waits until the replica equals the data set and the job is idle.
fn replica_catches_up(source: &Engine, job: &str, data: &Path, replica: &Path) {
    eventually("the replica to equal the data set", || {
        let c = connection(source, job);
        let idle = c["target_data_state"] == "OK"
            && c["ops_in_rep_queue"] == 0
            && c["ops_in_ack_queue"] == 0
            && c["mirror_status"] == "Idle";
        (idle && tree_compare::same_tree(data, replica)).then_some(())
    });
}

/// The value of `column`.`index` in an `snmpget -On` answer.
fn snmp_counter(snmpd: &Snmpd, column: &str, index: u64) -> Option<u64> {
    let oid = format!("{column}.{index}");
    let out = snmpd.tool("snmpget", &["-t", "1", "-r", "0"], &[&oid]);
    let text = String::from_utf8_lossy(&out.stdout);
    text.strip_prefix(&format!("{oid} = "))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Runs a workspace binary; its stdout, panicking on failure.
fn run(package: &str, bin: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(workspace_bin(package, bin))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{bin} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Data rows of a CSV file (the header left out).
fn csv_rows(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn the_guide_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let trapd = Snmptrapd::start(&root.join("snmptrapd"));
    let snmpd = Snmpd::start(
        &root.join("snmpd"),
        snmpd::free_udp_port(),
        &format!("trap2sink {} public\n", trapd.address()),
    );
    let stats = "StatsLoggingOn=1\nStatsWriteInterval=1\n";
    let source = Engine::start(
        &root.join("source"),
        &format!("{stats}NetworkRetry=1\nJobMonitorInterval=1\n"),
    );
    let mut target = Engine::start(&root.join("target"), stats);
    let subagent_out = std::fs::File::create(root.join("dtsubagent.out")).unwrap();
    let _subagent = Running(
        Command::new(workspace_bin("dtsubagent", "dtsubagent"))
            .arg("--config")
            .arg("/dev/null")
            .arg("--master")
            .arg(format!("unix:{}", snmpd.socket().display()))
            .arg("--stats")
            .arg(format!("127.0.0.1:{}", source.stats))
            .arg("--log-dir")
            .arg(source.log_dir())
            .arg("--state-dir")
            .arg(root.join("subagent-state"))
            .stdout(Stdio::null())
            .stderr(subagent_out)
            .spawn()
            .unwrap(),
    );

    let smtp = SmtpServer::start(&root.join("smtp"));
    let _notifier = start_dtnotify(root, &source, &smtp);

    // A data set and a job protecting it: 5700.
    let data = root.join("data");
    for (i, folder) in ["a", "b", "b/c"].iter().cycle().take(30).enumerate() {
        std::fs::create_dir_all(data.join(folder)).unwrap();
        let content: Vec<u8> = (0..(i * 3_000 + 100))
            .map(|n| (n * (i + 7)) as u8)
            .collect();
        std::fs::write(data.join(folder).join(format!("f{i}.bin")), content).unwrap();
    }
    let rule = format!("{},inc,rec", data.display());
    source.dtctl_json(&["repset", "create", "Data", "--rule", &rule]);
    let replica_root = root.join("replica");
    let created = source.dtctl_json(&[
        "job",
        "create",
        "--name",
        "guide",
        "--repset",
        "Data",
        "--source",
        &source.address(),
        "--target",
        &target.address(),
        "--target-path",
        replica_root.to_str().unwrap(),
    ]);
    let job = created["id"].as_str().unwrap().to_string();
    job_events_include(&source, &job, 5700);
    mail_arrives(&smtp, &job, 5700);
    let replica = replica_root.join(data.strip_prefix("/").unwrap());

    // Start → mirror: both mirror traps reach snmptrapd, in order.
    source.dtctl_json(&["job", "start", &job]);
    replica_catches_up(&source, &job, &data, &replica);
    let (start, end) = (trap_line("dttrapMirrorStart"), trap_line("dttrapMirrorEnd"));
    let seen = trapd
        .wait_for(&end, WAIT)
        .unwrap_or_else(|| panic!("no dttrapMirrorEnd: {}", trapd.output()));
    assert!(seen.find(&start) < seen.find(&end), "{seen}");
    assert_eq!(seen.matches(&start).count(), 1, "{seen}");

    // The connection row shows the bytes the engine sent: Counter32 mod 2^32, Counter64
    // exact (read while nothing moves: the engine's figure before and after agrees).
    let index = connection(&source, &job)["connection_id"].as_u64().unwrap();
    eventually("dtconBytesTx to equal the engine's bytes_tx", || {
        let before = connection(&source, &job)["bytes_tx"].as_u64()?;
        let c32 = snmp_counter(&snmpd, CON_BYTES_TX, index)?;
        let c64 = snmp_counter(&snmpd, CON_HC_BYTES_TX, index)?;
        let after = connection(&source, &job)["bytes_tx"].as_u64()?;
        (before == after && c64 == after && c32 == after % (1 << 32)).then_some(())
    });

    // Files changed on the source appear on the target.
    std::fs::write(data.join("a/new.txt"), b"written after the mirror\n").unwrap();
    std::fs::write(data.join("b/f1.bin"), vec![42u8; 50_000]).unwrap();
    std::fs::remove_file(data.join("b/c/f2.bin")).unwrap();
    replica_catches_up(&source, &job, &data, &replica);

    // The target is killed: the connection is lost (trap) and the job sees it (5716).
    target.kill();
    let lost = trap_line("dttrapConnectionLost");
    trapd
        .wait_for(&lost, WAIT)
        .unwrap_or_else(|| panic!("no dttrapConnectionLost: {}", trapd.output()));
    job_events_include(&source, &job, 5716);
    mail_arrives(&smtp, &job, 5716);
    std::fs::write(
        data.join("a/while-down.txt"),
        b"written while the target is down\n",
    )
    .unwrap();

    // Restarted: the source reconnects (trap), the job sees it (5717), the replica
    // catches up with what changed meanwhile.
    target.run();
    let reconnect = trap_line("dttrapAutoReconnect");
    trapd
        .wait_for(&reconnect, WAIT)
        .unwrap_or_else(|| panic!("no dttrapAutoReconnect: {}", trapd.output()));
    job_events_include(&source, &job, 5717);
    mail_arrives(&smtp, &job, 5717);
    replica_catches_up(&source, &job, &data, &replica);
    let final_bytes = connection(&source, &job)["bytes_tx"].as_u64().unwrap();

    // A clean stop writes the last statistics records.
    let mut source = source;
    source.stop();
    target.stop();

    // dtstat: connection rows for the whole run from the source's file, the last one
    // with the bytes sent; target rows from the target's file.
    let conn_csv = root.join("conn.csv");
    let source_sts = source.log_dir().join("statistic.sts");
    run(
        "dtstat",
        "dtstat",
        &[
            "-f".as_ref(),
            source_sts.as_os_str(),
            "-s".as_ref(),
            conn_csv.as_os_str(),
        ],
    );
    let rows = csv_rows(&conn_csv);
    assert!(!rows.is_empty(), "no connection rows");
    let header = std::fs::read_to_string(&conn_csv).unwrap();
    let columns: Vec<&str> = header.lines().next().unwrap().split(',').collect();
    let bytes_column = columns.iter().position(|c| *c == "conBytesTx").unwrap();
    let last: Vec<&str> = rows.last().unwrap().split(',').collect();
    assert_eq!(last[bytes_column].parse::<u64>().unwrap(), final_bytes);
    let tgt_csv = root.join("tgt.csv");
    let target_sts = target.log_dir().join("statistic.sts");
    run(
        "dtstat",
        "dtstat",
        &[
            "-f".as_ref(),
            target_sts.as_os_str(),
            "-st".as_ref(),
            tgt_csv.as_os_str(),
        ],
    );
    let target_rows = csv_rows(&tgt_csv);
    assert!(
        target_rows.iter().any(|row| row.contains(",127.0.0.1,")),
        "{target_rows:#?}"
    );

    // logviewer -type 1 shows exactly the warnings and errors of the source's log.
    let shown = run(
        "logparse",
        "logviewer",
        &[
            "-path".as_ref(),
            source.log_dir().as_os_str(),
            "-type".as_ref(),
            "1".as_ref(),
            "-nofollow".as_ref(),
        ],
    );
    let alerts: Vec<String> = LogSeries::in_dir(source.log_dir())
        .reader()
        .unwrap()
        .records()
        .map(Result::unwrap)
        .filter(|r| r.level == Level::Alert)
        .map(|r| r.to_line().trim_end().to_string())
        .collect();
    assert!(!alerts.is_empty(), "the lost connection left no warning");
    let shown: Vec<String> = shown.lines().map(str::to_string).collect();
    assert_eq!(shown, alerts);
}
