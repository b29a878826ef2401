//! logviewer as an operator runs it: the real binary over real log series.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use chrono::NaiveDate;
use logparse::dtl::{Appender, AppenderConfig, LogMessageLevel, Record, Severity};

/// Writes `count` records to a rotating series in `dir`; returns them as written.
fn write_series(dir: &Path, count: u32, max_file_size: u64) -> Vec<Record> {
    let mut appender = Appender::open(AppenderConfig {
        dir: dir.to_path_buf(),
        max_file_size,
        max_files: 999,
        message_level: LogMessageLevel::AlertsReleaseAndDebug,
        ..AppenderConfig::default()
    })
    .unwrap();
    appender.set_pid(4242);
    let start = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_milli_opt(8, 0, 0, 0)
        .unwrap();
    (0..count)
        .map(|i| {
            let severity = if i % 3 == 0 {
                Severity::Alert
            } else {
                Severity::Release
            };
            let id = 4000 + i % 50;
            let text = format!("message {i}\twith a tab");
            let ts = start + chrono::Duration::milliseconds(i64::from(i) * 10);
            let seq = appender
                .append_at(ts, severity, id, 7, &text)
                .unwrap()
                .unwrap();
            Record {
                timestamp: ts,
                pid: 4242,
                tid: 7,
                seq,
                level: severity.level(),
                id,
                text,
            }
        })
        .collect()
}

fn logviewer() -> Command {
    let mut cmd = Command::cargo_bin("logviewer").unwrap();
    cmd.env_remove("DT_CONF");
    cmd
}

fn lines(records: impl IntoIterator<Item = Record>) -> String {
    records.into_iter().map(|r| r.to_line()).collect()
}

#[test]
fn prints_a_rotated_series_in_order_with_type_and_id_filters() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_series(dir.path(), 400, 4096);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().count() > 5,
        "rotated"
    );

    let all = logviewer()
        .args(["-PATH", dir.path().to_str().unwrap(), "-nofollow"])
        .output()
        .unwrap();
    assert!(all.status.success(), "{all:?}");
    assert_eq!(
        String::from_utf8(all.stdout).unwrap(),
        lines(written.clone())
    );

    let filtered = logviewer()
        .args(["-path", dir.path().to_str().unwrap(), "-Type", "1"])
        .args([
            "-include",
            "4000-4020,4040",
            "-EXCLUDE",
            "4003",
            "-NoFollow",
        ])
        .output()
        .unwrap();
    let expected = written.iter().filter(|r| {
        r.level.as_u8() == 1 && ((4000..=4020).contains(&r.id) || r.id == 4040) && r.id != 4003
    });
    assert_eq!(
        String::from_utf8(filtered.stdout).unwrap(),
        lines(expected.cloned())
    );
}

#[test]
fn hidden_columns_leave_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_series(dir.path(), 3, 1 << 20);
    let out = logviewer()
        .args(["-path", dir.path().to_str().unwrap(), "-nofollow"])
        .args(["-nodate", "-notime", "-nopid", "-notid", "-notype"])
        .output()
        .unwrap();
    let expected: String = written
        .iter()
        .map(|r| format!("{}\t{}\t{}\n", r.seq, r.id, r.text))
        .collect();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn malformed_lines_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dtlog1.dtl");
    std::fs::write(
        &file,
        "11/25/2026\t08:00:00.000\t1\t2\t1\t2\t4000\tfirst\n\
         11/25/2026\t08:00:00.000\t1\t2\t2\t7\t4000\tbad type\n\
         garbage\r\n\
         11/25/2026\t08:00:01.000\t1\t2\t3\t1\t4011\tthird\r\n\
         11/25/2026\t08:00:02.000\t1\t2\t4\t2\t4000\ttorn, still being writ",
    )
    .unwrap();
    let out = logviewer()
        .args(["-path", file.to_str().unwrap(), "-nofollow"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "11/25/2026\t08:00:00.000\t1\t2\t1\t2\t4000\tfirst\n\
         11/25/2026\t08:00:01.000\t1\t2\t3\t1\t4011\tthird\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("dtlog1.dtl:2: column 6"), "{stderr}");
    assert!(stderr.contains("dtlog1.dtl:3:"), "{stderr}");
    assert!(stderr.contains("2 line(s) could not be read"), "{stderr}");
}

#[test]
fn bad_options_and_lists_are_one_line_errors_with_exit_2() {
    for (args, names) in [
        (vec!["-PAHT", "/tmp"], "-PAHT"),
        (vec!["-include", "200,4x0"], "4x0"),
        (vec!["-exclude", "500-400"], "500-400"),
        (vec!["-type", "3"], "3"),
        (vec!["-type"], "type"),
    ] {
        let out = logviewer().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(names), "{args:?}: {stderr}");
    }
}

#[test]
fn help_teaches_the_options() {
    let out = logviewer().arg("-HELP").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for option in [
        "--path",
        "--type",
        "--include",
        "--exclude",
        "--noid",
        "--nofollow",
        "Examples",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

#[test]
fn missing_path_is_named() {
    let out = logviewer()
        .args(["-path", "/nonexistent/dt/log", "-nofollow"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("/nonexistent/dt/log"));
}

#[test]
fn without_path_reads_log_dir_from_dt_conf() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    let written = write_series(&logs, 5, 1 << 20);
    let conf = dir.path().join("DT.conf");
    std::fs::write(&conf, format!("# test\nLogDir={}\n", logs.display())).unwrap();
    let out = logviewer()
        .env("DT_CONF", &conf)
        .arg("-nofollow")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), lines(written));
}

#[test]
fn follows_new_messages_across_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let before = write_series(dir.path(), 20, 2048);
    let mut child = logviewer()
        .args(["-path", dir.path().to_str().unwrap(), "-type", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    let collect = |seen: &mut Vec<String>, want: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while seen.len() < want && Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
                seen.push(line);
            }
        }
    };
    let alerts = |records: &[Record]| -> Vec<String> {
        records
            .iter()
            .filter(|r| r.level.as_u8() == 1)
            .map(|r| r.to_line().trim_end().to_string())
            .collect()
    };
    let mut expected = alerts(&before);
    let mut seen = Vec::new();
    collect(&mut seen, expected.len());
    assert_eq!(seen, expected, "the history is printed first");
    // More records, enough for several rotations, while logviewer follows.
    let after = write_series(dir.path(), 200, 2048);
    expected.extend(alerts(&after));
    collect(&mut seen, expected.len());
    // Nothing more arrives: no record is printed twice.
    if let Ok(extra) = rx.recv_timeout(Duration::from_millis(700)) {
        seen.push(extra);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(seen, expected);
}

#[test]
fn follows_one_file_as_it_grows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dtlog1.dtl");
    std::fs::write(
        &file,
        "11/25/2026\t08:00:00.000\t1\t2\t1\t2\t4000\tfirst\n11/25/2026\t08:00",
    )
    .unwrap();
    let mut child = logviewer()
        .args(["-path", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "11/25/2026\t08:00:00.000\t1\t2\t1\t2\t4000\tfirst\n");
    // The torn line is completed, then another follows.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap();
    std::io::Write::write_all(&mut f, b":01.000\t1\t2\t2\t1\t4011\tsecond\n").unwrap();
    line.clear();
    stdout.read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(line, "11/25/2026\t08:00:01.000\t1\t2\t2\t1\t4011\tsecond\n");
}
