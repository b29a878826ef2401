//! The stats port: a server in the test sends a real `.sts` stream made with StsWriter.

mod core_support;

use std::net::TcpListener;
use std::time::Duration;

use core_support::{dtstat, series, serve, sts_bytes};
use dtstat::snapshots::Snapshots;
use dtstat::source::{connect, LiveSettings, ServerAddress, SourceError};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn loopback(port: u16) -> ServerAddress {
    ServerAddress {
        host: "127.0.0.1".into(),
        port,
    }
}

#[test]
fn the_interval_is_asked_and_every_snapshot_read() {
    let snapshots = series(&[true, false, true]);
    let (port, server) = serve(sts_bytes(&snapshots));
    let settings = LiveSettings::new(Duration::from_millis(2500));
    let source = connect(&loopback(port), &settings).expect("connects");
    let mut warnings = Vec::new();
    let mut live = Snapshots::new(source, &mut warnings);
    let got: Vec<_> = live.by_ref().collect();
    assert_eq!(got, snapshots);
    match live.finish() {
        Err(error @ SourceError::NotResponding { .. }) => {
            assert_eq!(error.guide_code().map(|c| c.0), Some(110));
            assert!(error.to_string().contains("closed"), "{error}");
        }
        other => panic!("the end of the stream is error 110, got {other:?}"),
    }
    assert_eq!(server.join().expect("server"), "interval 2500\n");
    assert!(warnings.is_empty());
}

#[test]
fn the_screen_stops_printing_while_nothing_changes_and_resumes() {
    let snapshots = series(&[true, false, false, true, false, true]);
    let (port, server) = serve(sts_bytes(&snapshots));
    let output = dtstat()
        .args([
            "-Server",
            "127.0.0.1",
            &port.to_string(),
            "-i",
            "0.5",
            "-l",
            "1",
        ])
        .output()
        .expect("runs");
    let stdout = text(&output.stdout);
    let stamps: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("11/10/2010"))
        .collect();
    assert_eq!(
        stamps,
        [
            "11/10/2010 12:48:06:2040",
            "11/10/2010 12:48:09:2040",
            "11/10/2010 12:48:11:2040"
        ]
    );
    assert_eq!(server.join().expect("server"), "interval 500\n");
    assert_eq!(output.status.code(), Some(1), "the server went away");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error 110: Server is not responding"),
        "{stderr}"
    );
}

#[test]
fn a_live_capture_with_t_reads_back_with_f_as_it_was_shown() {
    let dir = TempDir::new().expect("temp dir");
    let capture = dir.path().join("capture.sts");
    let snapshots = series(&[true, true, false, true]);
    let (port, server) = serve(sts_bytes(&snapshots));
    let live = dtstat()
        .args(["-SERVER", "127.0.0.1", &port.to_string(), "-t"])
        .arg(&capture)
        .output()
        .expect("runs");
    server.join().expect("server");
    assert_eq!(
        std::fs::read(&capture).expect("saved"),
        sts_bytes(&snapshots)
    );
    let replay = dtstat().arg("-f").arg(&capture).output().expect("runs");
    assert!(replay.status.success(), "{}", text(&replay.stderr));
    assert_eq!(text(&replay.stdout), text(&live.stdout));
    assert_eq!(text(&live.stdout).matches("=====\n").count(), 6);
}

#[test]
fn p_with_t_prints_nothing_and_saves_everything() {
    let dir = TempDir::new().expect("temp dir");
    let capture = dir.path().join("capture.sts");
    let snapshots = series(&[true, false]);
    let (port, server) = serve(sts_bytes(&snapshots));
    let output = dtstat()
        .args(["-p", "-Server", "127.0.0.1", &port.to_string(), "-t"])
        .arg(&capture)
        .output()
        .expect("runs");
    server.join().expect("server");
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read(&capture).expect("saved"),
        sts_bytes(&snapshots)
    );
}

#[test]
fn the_default_server_comes_from_dt_conf() {
    let dir = TempDir::new().expect("temp dir");
    let (port, server) = serve(sts_bytes(&series(&[true])));
    let conf = dir.path().join("DT.conf");
    std::fs::write(&conf, format!("StatsAddress=0.0.0.0\nStatsPort={port}\n")).expect("writes");
    let output = dtstat().env("DT_CONF", &conf).output().expect("runs");
    assert_eq!(server.join().expect("server"), "interval 1000\n");
    assert_eq!(text(&output.stdout).matches("=====\n").count(), 2);
}

#[test]
fn nothing_listening_is_error_110() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        listener.local_addr().expect("address").port()
    };
    let output = dtstat()
        .args(["-Server", "127.0.0.1", &port.to_string()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("error 110: Server is not responding"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
}

#[test]
fn a_server_that_never_sends_is_error_110() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("address").port();
    let settings = LiveSettings {
        interval: Duration::from_secs(1),
        reply_timeout: Duration::from_millis(200),
    };
    let result = connect(&loopback(port), &settings);
    match result {
        Err(error @ SourceError::NotResponding { .. }) => {
            assert!(error.to_string().contains("no statistics"), "{error}")
        }
        other => panic!("error 110 expected, got {other:?}"),
    }
    drop(listener);
}

#[test]
fn a_server_that_is_not_a_stats_port_is_error_110() {
    let (port, server) = serve(b"220 smtp.example ESMTP ready\r\n".to_vec());
    let result = connect(&loopback(port), &LiveSettings::new(Duration::from_secs(1)));
    server.join().expect("server");
    match result {
        Err(error @ SourceError::NotResponding { .. }) => {
            assert!(
                error.to_string().contains("does not send statistics"),
                "{error}"
            )
        }
        other => panic!("error 110 expected, got {other:?}"),
    }
}
