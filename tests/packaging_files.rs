//! The files of `packaging/` work with what they configure: DT.conf, dtsubagent.conf
//! and dtnotify.toml parse with the project's own parsers, and the systemd units start
//! binaries the workspace builds (checked by `systemd-analyze verify` when present).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use dtsubagent::config::FileSettings;
use engine::settings::SettingsStore;

fn packaging() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging")
}

/// Every binary target of the workspace's packages.
fn workspace_bins() -> BTreeSet<String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap())
        .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"))
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

/// The units' files and the program each ExecStart names.
fn units() -> Vec<(PathBuf, String)> {
    let mut units: Vec<(PathBuf, String)> = std::fs::read_dir(packaging())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "service"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let exec = text
                .lines()
                .find_map(|l| l.strip_prefix("ExecStart="))
                .unwrap_or_else(|| panic!("{} has no ExecStart", path.display()));
            let program = exec.split_whitespace().next().unwrap();
            (path, program.to_string())
        })
        .collect();
    units.sort();
    units
}

#[test]
fn the_default_dt_conf_parses_with_no_warnings() {
    let (store, warnings) = SettingsStore::load(&packaging().join("DT.conf")).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    // It spells out the guide's Linux defaults.
    assert_eq!(store.path("LogDir"), Path::new("/var/log/DT"));
    assert_eq!(store.u64("NetPort"), 1500);
    assert_eq!(store.u64("ManagementPort"), 1501);
    assert_eq!(store.u64("StatsPort"), 1506);
    for (name, value) in logparse::dtconf::DtConf::load(&packaging().join("DT.conf"))
        .unwrap()
        .settings()
    {
        let default = store
            .default_value(name)
            .unwrap_or_else(|| panic!("{name} has no default"));
        assert_eq!(default.to_string(), value, "{name} is not its default");
    }
}

#[test]
fn the_dtsubagent_conf_parses_with_its_own_parser() {
    let settings = FileSettings::load(&packaging().join("dtsubagent.conf"), false).unwrap();
    assert_eq!(
        settings.master,
        Some(dtsubagent::config::DEFAULT_MASTER.parse().unwrap())
    );
    assert_eq!(
        settings.stats.as_deref(),
        Some(dtsubagent::config::DEFAULT_STATS)
    );
    assert_eq!(settings.log_dir.as_deref(), Some(Path::new("/var/log/DT")));
    assert_eq!(settings.listen, None, "standalone mode is commented out");
}

#[test]
fn the_dtnotify_toml_parses_with_dtnotifys_parser() {
    let path = packaging().join("dtnotify.toml");
    let settings = dtnotify::config::Settings::load(&path).unwrap();
    // It follows the job logs where the default DT.conf has the engine write them.
    let (store, _) = SettingsStore::load(&packaging().join("DT.conf")).unwrap();
    assert_eq!(settings.job_log_dir, store.path("JobLogDir"));
    assert_eq!(
        settings.job_log_dir,
        Path::new(logparse::dtl::DEFAULT_JOB_LOG_DIR)
    );
    assert_eq!(
        settings.state_dir,
        Path::new(dtnotify::config::DEFAULT_STATE_DIR)
    );
    // No relay until the operator writes one: mails are .eml files in the state folder.
    assert_eq!(
        settings.delivery,
        dtnotify::config::DeliveryTarget::Files {
            dir: settings.state_dir.join("outbox")
        }
    );
    assert!(settings.grouping.enabled, "{:?}", settings.grouping);
    // The unit reads it from where the file says it goes.
    let unit = std::fs::read_to_string(packaging().join("dtnotify.service")).unwrap();
    assert!(
        unit.contains("--config /etc/DT/dtnotify.toml run"),
        "{unit}"
    );
}

#[test]
fn the_units_start_binaries_of_the_workspace() {
    let bins = workspace_bins();
    let units = units();
    assert_eq!(units.len(), 3, "{units:?}");
    for (unit, program) in &units {
        let name = Path::new(program).file_name().unwrap().to_str().unwrap();
        assert!(
            bins.contains(name),
            "{} starts {name}, which the workspace does not build ({bins:?})",
            unit.display()
        );
    }
    let subagent = std::fs::read_to_string(packaging().join("dtsubagent.service")).unwrap();
    assert!(subagent.contains("After=snmpd.service") && subagent.contains("Wants=snmpd.service"));
}

#[test]
fn systemd_analyze_finds_nothing_but_the_uninstalled_binaries() {
    let Ok(out) = Command::new("systemd-analyze")
        .arg("verify")
        .args(units().iter().map(|(u, _)| u))
        .output()
    else {
        eprintln!("systemd-analyze is not installed; the unit files' binaries are checked by the other test");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.contains("is not executable: No such file or directory"))
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert!(problems.is_empty(), "{stderr}");
}
