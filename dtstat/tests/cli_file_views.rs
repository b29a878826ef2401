//! `dtstat -f FILE` through the binary: `--plot FIELDS -o CHART`, and `--delta` on screen.

mod core_support;
#[allow(dead_code)]
mod plot_support;

use core_support::{dtstat, write_sts};

#[test]
fn plot_writes_a_chart_of_a_recorded_file() {
    let dir = tempfile::tempdir().unwrap();
    let sts = dir.path().join("statistic.sts");
    write_sts(&sts, &plot_support::snapshots(30, 2, 1));
    let chart = dir.path().join("chart.svg");
    let out = dtstat()
        .args([
            "-f",
            sts.to_str().unwrap(),
            "--plot",
            "conBytesTx,ConRPL",
            "-o",
        ])
        .arg(&chart)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    assert!(svg.contains("conBytesTx"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("30 snapshots"), "{stderr}");
}

#[test]
fn an_unknown_field_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let sts = dir.path().join("statistic.sts");
    write_sts(&sts, &plot_support::snapshots(3, 1, 1));
    let chart = dir.path().join("chart.svg");
    let out = dtstat()
        .args(["-f", sts.to_str().unwrap(), "--plot", "conBogus", "-o"])
        .arg(&chart)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("conBogus"), "{stderr}");
    assert!(!chart.exists());
}

#[test]
fn delta_on_screen_shows_differences_then_rates() {
    let dir = tempfile::tempdir().unwrap();
    let sts = dir.path().join("statistic.sts");
    write_sts(&sts, &plot_support::snapshots(4, 2, 1));
    let out = dtstat()
        .args(["-f", sts.to_str().unwrap(), "--delta"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // Connection 2 sends 2000 bytes a second: each interval's difference, and its rate.
    assert!(text.contains("conBytesTx: 2000"), "{text}");
    assert!(text.contains("RATES:: per second over 1.0 s"), "{text}");
    assert!(
        text.contains("CONNECTION 2 conOpsTx: 0.0 conBytesTx: 2000.0"),
        "{text}"
    );
}
