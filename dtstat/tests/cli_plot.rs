//! `dtstat -f FILE --plot FIELDS -o CHART` through the binary.

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
