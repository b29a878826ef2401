//! DT.conf through the settings store: warnings on load, effective values, atomic set
//! that keeps the file's comments and order, the management requests and the typed
//! engine snapshot.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use engine::event_log::EventLog;
use engine::settings::{
    self, handle, EngineSettings, SettingValue, SettingsRequest, SettingsStore, SettingsWarning,
    Source,
};
use logparse::dtl::{AppenderConfig, LogMessageLevel, LogSeries};
use serde_json::json;

const SAMPLE: &str = "\
# dtsuite engine
LogDir = log
NetPort=80
MaxNumberofLogFiles=abc
this is not a setting
Colour=blue
LogMessageLevel=3
   # an indented comment

StatsPort=1600
StatsPort=1700
Advertisement=whatever
TGWriteCache=7
ActivationCode=
DataDir=data
";

fn write_conf(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("DT.conf");
    fs::write(&path, text).unwrap();
    path
}

fn load(path: &Path) -> (SettingsStore, Vec<SettingsWarning>) {
    SettingsStore::load(path).unwrap()
}

#[test]
fn load_reports_each_problem_and_uses_defaults_for_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_conf(dir.path(), SAMPLE);
    let (store, warnings) = load(&path);
    assert_eq!(
        warnings,
        vec![
            SettingsWarning::InvalidValue {
                name: "NetPort",
                value: "80".into(),
                line: 3,
                allowed: "between 1025 and 65535".into(),
                default: Some("1500".into()),
            },
            SettingsWarning::InvalidValue {
                name: "MaxNumberofLogFiles",
                value: "abc".into(),
                line: 4,
                allowed: "between 1 and 999".into(),
                default: Some("20".into()),
            },
            SettingsWarning::Malformed {
                line: 5,
                text: "this is not a setting".into(),
            },
            SettingsWarning::UnknownName {
                name: "Colour".into(),
                line: 6,
            },
            SettingsWarning::Overridden {
                name: "StatsPort",
                line: 10,
                used_line: 11,
            },
            SettingsWarning::InvalidValue {
                name: "TGWriteCache",
                value: "7".into(),
                line: 13,
                allowed: "0 or 1".into(),
                default: Some("1".into()),
            },
        ]
    );
    let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "NetPort value 80 (DT.conf line 3) must be between 1025 and 65535. Using default of 1500.",
            "MaxNumberofLogFiles value abc (DT.conf line 4) must be between 1 and 999. Using default of 20.",
            "DT.conf line 5 is not Name=Value and is ignored: this is not a setting",
            "Unknown setting Colour (DT.conf line 6) is ignored.",
            "StatsPort on DT.conf line 10 is ignored: line 11 sets it again.",
            "TGWriteCache value 7 (DT.conf line 13) must be 0 or 1. Using default of 1.",
        ]
    );

    assert_eq!(store.u64("NetPort"), 1500);
    assert_eq!(store.source("NetPort"), Some(Source::Default));
    assert_eq!(store.u64("MaxNumberofLogFiles"), 20);
    assert_eq!(store.u64("LogMessageLevel"), 3);
    assert_eq!(store.source("LogMessageLevel"), Some(Source::File));
    assert_eq!(store.u64("StatsPort"), 1700);
    assert!(store.flag("TGWriteCache"));
    assert_eq!(
        store.get("advertisement"),
        Some(SettingValue::Text("whatever".into())),
        "no longer used: accepted as written, ignored"
    );
    assert_eq!(store.get("Colour"), None);
    assert_eq!(
        store.get("ActivationCode"),
        Some(SettingValue::Text(String::new()))
    );

    // Relative paths are taken from DT.conf's directory; "install location" is DataDir.
    assert_eq!(store.path("LogDir"), dir.path().join("log"));
    assert_eq!(store.path("DataDir"), dir.path().join("data"));
    assert_eq!(store.path("BackupDir"), dir.path().join("data"));
    assert_eq!(
        store.default_value("BackupDir"),
        Some(SettingValue::Path("data".into()))
    );
    assert_eq!(store.path("JobLogDir"), PathBuf::from("/opt/dbtk/log"));

    let engine = EngineSettings::from_store(&store);
    assert_eq!(engine.log_dir, dir.path().join("log"));
    assert_eq!(
        engine.log_message_level,
        LogMessageLevel::AlertsReleaseAndDebug
    );
    assert_eq!(engine.max_number_of_log_files, 20);
    assert_eq!(engine.stats_port, 1700);
    assert_eq!(engine.net_port, 1500);
    assert_eq!(engine.activation_code, None);
    assert_eq!(engine.rep_set_db(), dir.path().join("data/DbTake.db"));
}

#[test]
fn a_missing_file_means_every_default() {
    let dir = tempfile::tempdir().unwrap();
    let (store, warnings) = load(&dir.path().join("DT.conf"));
    assert!(warnings.is_empty());
    let engine = EngineSettings::from_store(&store);
    assert_eq!(engine.appender_config(), AppenderConfig::default());
    assert_eq!(
        engine.management_endpoint(),
        "127.0.0.1:1501".parse::<SocketAddr>().unwrap()
    );
    assert_eq!(
        engine.stats_endpoint(),
        "127.0.0.1:1506".parse::<SocketAddr>().unwrap()
    );
    assert_eq!(engine.data_dir, PathBuf::from("/var/lib/dtsuite"));
    assert_eq!(engine.job_log_dir, PathBuf::from("/opt/dbtk/log"));
    assert_eq!(
        engine.rep_set_db(),
        PathBuf::from("/var/lib/dtsuite/DbTake.db")
    );
    assert_eq!(
        engine.stats_file(),
        PathBuf::from("/var/log/DT/statistic.sts")
    );
    assert_eq!(
        engine.old_stats_file(),
        PathBuf::from("/var/log/DT/statistic-old.sts")
    );
    assert!(!engine.stats_logging_on);
    assert!(engine.save_stat_file);
    assert_eq!(engine.stats_write_interval, 5);
    assert_eq!(engine.stats_max_file_size, 10_485_760);
    assert_eq!(engine.network_timeout, Duration::from_secs(120));
    assert_eq!(engine.network_retry, Duration::from_secs(10));
    assert!(engine.auto_reconnect);
    assert_eq!(engine.activation_code, None);
    assert_eq!(engine.mirror_chunk_size, 65536);
    assert_eq!(engine.small_file_threshold, 65536);
    assert_eq!(store.string("ActivationCode"), "");
    assert_eq!(store.u64("QJournalSpaceMax"), u64::MAX, "Unlimited");
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("DT.conf");
    fs::create_dir(&path).unwrap();
    let err = SettingsStore::load(&path).unwrap_err();
    assert_eq!(err.code, 1);
    assert!(err.detail.contains(&path.display().to_string()), "{err}");
}

#[test]
fn set_keeps_comments_and_order_and_survives_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_conf(dir.path(), SAMPLE);
    let (store, _) = load(&path);
    let outcome = store.set("maxlogfilesize", "1048576").unwrap();
    assert_eq!(outcome.name, "MaxLogFileSize");
    assert!(!outcome.restart_required);
    assert_eq!(outcome.to_string(), "MaxLogFileSize=1048576");
    let outcome = store.set("NetPort", " 01600 ").unwrap();
    assert_eq!(outcome.value, "1600", "written in canonical form");
    assert_eq!(
        outcome.to_string(),
        "NetPort=1600 (service restart required)"
    );
    store.set("StatsPort", "1800").unwrap();
    let expected = SAMPLE
        .replace("LogDir = log", "LogDir=log")
        .replace("NetPort=80", "NetPort=1600")
        .replace("StatsPort=1700", "StatsPort=1800")
        + "MaxLogFileSize=1048576\n";
    assert_eq!(fs::read_to_string(&path).unwrap(), expected);
    assert_eq!(store.u64("NetPort"), 1600);
    assert_eq!(store.source("MaxLogFileSize"), Some(Source::File));

    let (reloaded, warnings) = load(&path);
    assert_eq!(reloaded.u64("MaxLogFileSize"), 1_048_576);
    assert_eq!(reloaded.u64("NetPort"), 1600);
    assert_eq!(reloaded.u64("StatsPort"), 1800);
    assert_eq!(
        warnings.len(),
        5,
        "the NetPort warning is gone: {warnings:?}"
    );
}

#[test]
fn a_rejected_set_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_conf(dir.path(), SAMPLE);
    let (store, _) = load(&path);
    let before = fs::read(&path).unwrap();
    let err = store.set("MaxNumberofLogFiles", "1000").unwrap_err();
    assert_eq!(err.code, 101);
    assert_eq!(
        err.detail,
        "MaxNumberofLogFiles=1000: must be between 1 and 999"
    );
    assert_eq!(store.set("NoSuchSetting", "1").unwrap_err().code, 101);
    assert_eq!(store.set("LogDir", "a\nb").unwrap_err().code, 101);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(store.u64("MaxNumberofLogFiles"), 20);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary left"
    );
}

#[test]
fn set_creates_a_missing_file_and_keeps_edits_made_since_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("DT.conf");
    let (store, _) = load(&path);
    store.set("LogDir", "/srv/dt/log").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "LogDir=/srv/dt/log\n");
    fs::write(
        &path,
        "LogDir=/srv/dt/log\n# added by hand\nStatsPort=1600\n",
    )
    .unwrap();
    store.set("logdir", "/srv/dt/log2").unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "LogDir=/srv/dt/log2\n# added by hand\nStatsPort=1600\n"
    );
    assert_eq!(store.path("LogDir"), PathBuf::from("/srv/dt/log2"));
}

#[test]
fn set_reports_conditional_restarts_and_settings_no_longer_used() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = load(&dir.path().join("DT.conf"));
    let outcome = store.set("DirUNetPort", "1600").unwrap();
    assert!(outcome.restart_required);
    assert_eq!(
        outcome.to_string(),
        "DirUNetPort=1600 (service restart required on a source; not on a target)"
    );
    let outcome = store.set("WarningPings", "3").unwrap();
    assert!(outcome.no_longer_used);
    assert_eq!(
        outcome.to_string(),
        "WarningPings=3 (no longer used; kept in DT.conf and ignored)"
    );
}

#[test]
fn concurrent_sets_all_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("DT.conf");
    let (store, _) = load(&path);
    let names = [
        "NetPort",
        "StatsPort",
        "ManagementPort",
        "UNetPort",
        "DirUNetPort",
    ];
    std::thread::scope(|scope| {
        for (i, name) in names.iter().enumerate() {
            let store = &store;
            scope.spawn(move || store.set(name, &(2000 + i).to_string()).unwrap());
        }
    });
    let (reloaded, _) = load(&path);
    for (i, name) in names.iter().enumerate() {
        assert_eq!(reloaded.u64(name), 2000 + i as u64, "{name}");
    }
}

#[test]
fn management_requests() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_conf(dir.path(), "# ports\nNetPort=1600\n");
    let (store, _) = load(&path);

    let request: SettingsRequest =
        serde_json::from_value(json!({"get": {"name": "netport"}})).unwrap();
    assert_eq!(
        handle(&store, request).unwrap(),
        json!({"name": "NetPort", "value": "1600", "default": "1500", "source": "file"})
    );
    let get = |name: &str| {
        handle(
            &store,
            SettingsRequest::Get {
                name: name.to_owned(),
            },
        )
    };
    assert_eq!(
        get("ActivationCode").unwrap(),
        json!({"name": "ActivationCode", "value": null, "default": null, "source": "default"})
    );
    assert_eq!(get("Colour").unwrap_err().code, 101);

    let request: SettingsRequest =
        serde_json::from_value(json!({"set": {"name": "StatsPort", "value": "1607"}})).unwrap();
    assert_eq!(
        handle(&store, request).unwrap(),
        json!({"name": "StatsPort", "value": "1607", "restart_required": false,
               "restart_condition": null, "no_longer_used": false})
    );
    let err = handle(
        &store,
        SettingsRequest::Set {
            name: "StatsPort".into(),
            value: "80".into(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, 101);
    assert_eq!(err.detail, "StatsPort=80: must be between 1025 and 65535");

    let request: SettingsRequest = serde_json::from_value(json!("options")).unwrap();
    let options = handle(&store, request).unwrap();
    let options = options.as_array().unwrap();
    assert_eq!(options.len(), 128);
    let net_port = options.iter().find(|o| o["name"] == "NetPort").unwrap();
    assert_eq!(
        *net_port,
        json!({"name": "NetPort", "value": "1600", "default": "1500", "source": "file",
               "values": "1025 - 65535", "restart_required": true, "restart_condition": null,
               "no_longer_used": false, "engine_uses": true,
               "description": settings::find("NetPort").unwrap().description})
    );
    let unused = options
        .iter()
        .find(|o| o["name"] == "Advertisement")
        .unwrap();
    assert_eq!(unused["no_longer_used"], true);
    assert_eq!(unused["value"], serde_json::Value::Null);
    let entries: Vec<settings::OptionEntry> =
        serde_json::from_value(serde_json::Value::Array(options.clone())).unwrap();
    let table = settings::options_table(&entries);
    assert_eq!(table.lines().count(), 130, "header, 128 rows, legend");
    assert!(
        table.lines().any(|l| l.starts_with("*! NetPort ")),
        "{table}"
    );
}

#[test]
fn warnings_go_to_the_engine_log_with_event_4045_for_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_conf(dir.path(), SAMPLE);
    let (_, warnings) = load(&path);
    let log = EventLog::open(AppenderConfig {
        dir: dir.path().join("log"),
        ..AppenderConfig::default()
    })
    .unwrap();
    for warning in &warnings {
        warning.log_to(&log).unwrap();
    }
    let records: Vec<_> = LogSeries::in_dir(dir.path().join("log"))
        .reader()
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    let ids: Vec<u32> = records.iter().map(|r| r.id).collect();
    assert_eq!(ids, [4045, 4045, 0, 0, 0, 4045]);
    assert_eq!(records[0].text, warnings[0].to_string());
}
