//! NSI-MIB passes libsmi's strictest checks (`smilint -l 6`) without a word.

#[path = "support/mib_tools.rs"]
mod mib_tools;

use std::path::Path;
use std::process::Command;

use mib_tools::{mib_dir, mib_search_path, run, tool};

/// `smilint` finding NSI-MIB's imports in the base MIBs and `mib/`.
fn smilint() -> Command {
    let mut cmd = Command::new(tool("smilint", "smitools"));
    cmd.env("SMIPATH", mib_search_path());
    cmd
}

/// Everything smilint says about `file` at level 6; smilint exits 0 even on errors, so
/// its output is what counts.
fn lint(file: &Path) -> String {
    let (out, err, ok) = run(smilint().args(["-l", "6"]).arg(file));
    assert!(ok, "smilint failed to run on {}: {err}", file.display());
    format!("{out}{err}")
}

#[test]
fn nsi_mib_passes_smilint_at_level_6() {
    let report = lint(&mib_dir().join("NSI-MIB.txt"));
    assert!(report.trim().is_empty(), "smilint -l 6 reports:\n{report}");
}

#[test]
fn smilint_reports_a_broken_copy_of_nsi_mib() {
    // The control for the test above: the same set-up does see a fault when there is one.
    let text = std::fs::read_to_string(mib_dir().join("NSI-MIB.txt")).expect("read NSI-MIB.txt");
    let broken = text.replace("::= { dtGeneral 12 }", "::= { dtGeneral 11 }");
    assert_ne!(broken, text, "the fault was planted");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("NSI-MIB.txt");
    std::fs::write(&file, broken).expect("write the broken copy");
    let report = lint(&file);
    assert!(
        report.contains("dtDriverQueuePercent") && report.contains("already registered"),
        "smilint missed the duplicate OID:\n{report}"
    );
}
