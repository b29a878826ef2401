//! `dtsuite demo --duration N`: the whole suite runs, the replica ends equal to the
//! data set, and the commands it prints work.

#[allow(dead_code)] // shared with the sub-agent's tests; this one uses part of it
#[path = "../agentx-subagent/tests/snmpd_support/mod.rs"]
mod snmpd;
#[path = "support/tree_compare.rs"]
#[allow(dead_code)] // shared by the end-to-end tests; this one uses part of it
mod tree_compare;
#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use workspace_bin::workspace_bin;

/// dtUpTime.0 (NSI-MIB), numeric so that no MIB file is needed.
const DT_UP_TIME_0: &str = "1.3.6.1.4.1.2592.3.2.1.0";

/// The command of a printed `$ …` line containing `what`, as words.
fn printed_command(lines: &[String], what: &str) -> Vec<String> {
    lines
        .iter()
        .filter_map(|line| line.strip_prefix("$ "))
        .find(|command| command.contains(what))
        .unwrap_or_else(|| panic!("no printed command with {what:?} in {lines:#?}"))
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn run_printed(command: &[String], extra: &[&str]) -> String {
    let out = Command::new(&command[0])
        .args(&command[1..])
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Builds the binaries the demo starts and prints.
fn build_bins() {
    for (package, bin) in [
        ("engine", "dtengine"),
        ("engine", "dtctl"),
        ("dtsubagent", "dtsubagent"),
        ("dtstat", "dtstat"),
        ("logparse", "logviewer"),
        ("dtnotify", "dtnotify"),
    ] {
        workspace_bin(package, bin);
    }
}

#[test]
fn demo_replicates_the_data_set_and_prints_working_commands() {
    build_bins();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("demo");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_dtsuite"))
        .args([
            "demo",
            "--duration",
            "6",
            "--snmp",
            "standalone",
            "--files",
            "24",
        ])
        .args(["--data-size", "2MiB", "--dir"])
        .arg(&work)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = demo.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });

    // While it runs: the standalone agent answers with the engine's uptime.
    let mut lines: Vec<String> = Vec::new();
    while !lines.iter().any(|l| l.contains("target data OK")) {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the demo printed only {lines:#?}"));
        lines.push(line);
    }
    let walk = printed_command(&lines, "snmpwalk");
    let agent = walk.iter().find(|w| w.starts_with("127.0.0.1:")).unwrap();
    let out = Command::new("snmpget")
        .args(["-v2c", "-c", "public", "-On", agent, DT_UP_TIME_0])
        .output()
        .expect("snmpget (Debian package snmp) runs");
    let answer = String::from_utf8_lossy(&out.stdout);
    assert!(
        answer.contains(&format!(".{DT_UP_TIME_0} = Timeticks:")),
        "{answer}{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The printed numeric walk needs no MIB file and shows the same object.
    let walked = run_printed(&printed_command(&lines, "snmpwalk -v2c -c public -On"), &[]);
    assert!(
        walked.contains(&format!(".{DT_UP_TIME_0} = Timeticks:")),
        "{walked}"
    );

    let status = demo.wait().unwrap();
    lines.extend(rx.iter());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut demo.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{stderr}\n{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("workload:") && !l.contains("workload: 0 writes")),
        "the workload wrote nothing: {lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("the files are in {}", work.display()))),
        "{lines:#?}"
    );

    // The replica holds the data set as the workload left it.
    let data = work.join("data");
    let replica = work.join("replica").join(data.strip_prefix("/").unwrap());
    let files = tree_compare::assert_same_tree(&data, &replica);
    assert!(files >= 24, "{files} files");

    // The printed dtstat -f reads the statistics file, with the job's connection.
    let dtstat = run_printed(&printed_command(&lines, "dtstat -f"), &[]);
    assert!(dtstat.contains("KERNEL::"), "{dtstat}");
    assert!(
        dtstat.contains("CONNECTION:: conPeerAddress: 127.0.0.1"),
        "{dtstat}"
    );

    // The printed logviewer reads the source's log: the mirror started and completed.
    let log = run_printed(&printed_command(&lines, "logviewer -path"), &["-nofollow"]);
    for id in ["4019", "4023"] {
        assert!(
            log.lines().any(|l| l.split('\t').nth(6) == Some(id)),
            "no {id} in {log}"
        );
    }
    assert!(Path::new(&work.join("source/DT.conf")).is_file());

    // dtnotify mailed the job's creation and start (5700, 5701: selected in the generated
    // dtnotify.toml) into the outbox the hints name, grouped into one mail.
    let listed = run_printed(&printed_command(&lines, "ls "), &[]);
    let outbox = Path::new(printed_command(&lines, "ls ").last().unwrap()).to_path_buf();
    assert_eq!(outbox, work.join("outbox"));
    let mails: Vec<String> = listed
        .lines()
        .filter(|name| name.ends_with(".eml"))
        .map(|name| {
            let raw = std::fs::read(outbox.join(name)).unwrap();
            let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
            format!(
                "{}\n{}",
                message.subject().unwrap_or_default(),
                message.body_text(0).unwrap_or_default()
            )
        })
        .collect();
    let job = lines
        .iter()
        .find_map(|l| l.strip_prefix("dtsuite demo: job "))
        .and_then(|rest| rest.split(['(', ')']).nth(1))
        .unwrap_or_else(|| panic!("no job line in {lines:#?}"))
        .to_owned();
    let mail = mails
        .iter()
        .find(|m| m.contains("Event 5700") && m.contains("Event 5701"))
        .unwrap_or_else(|| panic!("no mail for 5700 and 5701 in {mails:#?}"));
    assert!(mail.contains(&job), "{job}: {mail}");
    assert!(mail.contains("Protection has started."), "{mail}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("mails in the outbox: {}", mails.len()))),
        "{lines:#?}"
    );
}

#[test]
fn demo_registers_with_a_running_snmpd_through_agentx() {
    build_bins();
    let dir = tempfile::tempdir().unwrap();
    let snmpd = snmpd::Snmpd::start(&dir.path().join("snmpd"), snmpd::free_udp_port(), "");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_dtsuite"))
        .args([
            "demo",
            "--duration",
            "4",
            "--files",
            "4",
            "--data-size",
            "64KiB",
        ])
        .arg("--agentx-socket")
        .arg(snmpd.socket())
        .arg("--dir")
        .arg(dir.path().join("demo"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // snmpd answers for NSI-MIB once the sub-agent has registered.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let answer = loop {
        let out = snmpd.tool("snmpget", &["-t", "0.5", "-r", "0"], &[DT_UP_TIME_0]);
        let answer = String::from_utf8_lossy(&out.stdout).into_owned();
        if answer.contains("Timeticks:") || std::time::Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let status = demo.wait().unwrap();
    let mut printed = String::new();
    std::io::Read::read_to_string(&mut demo.stdout.take().unwrap(), &mut printed).unwrap();
    assert!(
        answer.contains(&format!(".{DT_UP_TIME_0} = Timeticks:")),
        "{answer}{}",
        snmpd.log()
    );
    assert!(status.success(), "{printed}");
    assert!(printed.contains("NSI-MIB at 127.0.0.1\n"), "{printed}");
}

#[test]
fn ctrl_c_stops_every_program_cleanly() {
    build_bins();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("demo");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_dtsuite"))
        .args([
            "demo",
            "--snmp",
            "standalone",
            "--files",
            "4",
            "--data-size",
            "64KiB",
        ])
        .arg("--dir")
        .arg(&work)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(demo.stdout.take().unwrap());
    let mut printed = String::new();
    while !printed.contains("target data OK") {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "{printed}");
        printed.push_str(&line);
    }
    let pid_files = ["source", "target"].map(|engine| work.join(engine).join("data/dtengine.pid"));
    assert!(pid_files.iter().all(|p| p.is_file()));
    Command::new("kill")
        .args(["-INT", &demo.id().to_string()])
        .status()
        .unwrap();
    let status = demo.wait().unwrap();
    std::io::Read::read_to_string(&mut stdout, &mut printed).unwrap();
    assert!(status.success(), "{printed}");
    assert!(
        printed.contains(&format!("the files are in {}", work.display())),
        "{printed}"
    );
    // The engines stopped cleanly: they remove their pid files and log 4005.
    assert!(pid_files.iter().all(|p| !p.exists()), "{printed}");
    let log = std::fs::read_to_string(work.join("source/log/dtlog1.dtl")).unwrap();
    assert!(log.lines().last().unwrap().contains("\t4005\t"), "{log}");
}

#[test]
fn a_missing_binary_is_named_with_the_build_command() {
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("dtsuite");
    std::fs::copy(env!("CARGO_BIN_EXE_dtsuite"), &alone).unwrap();
    let out = Command::new(&alone)
        .args(["demo", "--duration", "1", "--dir"])
        .arg(dir.path().join("demo"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`dtengine` is not in")
            && stderr.contains("cargo build --release --workspace --bins"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("demo/source").exists(),
        "nothing is started"
    );
}
