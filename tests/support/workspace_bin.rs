//! The binaries of the workspace's other packages, built on demand, for end-to-end
//! tests that run several of them together.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// The binaries built (brought up to date) by this test process; also serialises the
/// builds of concurrent tests.
static BUILT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The path of binary `name` of package `package` in this build's target directory,
/// brought up to date (`cargo build -p PACKAGE --bin NAME`, quick when nothing
/// changed) the first time this process asks for it, so no stale binary is tested.
pub fn workspace_bin(package: &str, name: &str) -> PathBuf {
    // The test runs as target/<profile>/deps/<test>-<hash>.
    let exe = std::env::current_exe().expect("the test's own path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a test binary lives in target/<profile>/deps")
        .to_path_buf();
    let path = dir.join(name);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if built.insert(name.to_string()) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build.args(["build", "-p", package, "--bin", name]);
        if dir.file_name().is_some_and(|profile| profile == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(
            status.success(),
            "cargo build -p {package} --bin {name} failed"
        );
    }
    path
}
