//! Every row of the guide's Linux settings table (chapter 12), checked against the
//! engine's table: its default, range and restart rule as the guide gives them, and
//! that the default, the range's ends and the enumerated values are accepted while the
//! values just outside are rejected with 101.

use std::path::PathBuf;

use engine::settings::{
    self, DefaultValue, Kind, Restart, Setting, SettingValue, SettingsStore, DTSUITE_SETTINGS,
    GUIDE_SETTINGS, OPEN_SIZE,
};

/// Generated from the guide's table: name, min, max, default (prose defaults shown as
/// `<install location>`), restart required (`yes`, `no`, `conditional`, or empty for
/// rows the guide only describes).
const GUIDE_ROWS: [(&str, &str, &str, &str, &str); 121] = [
    ("ActivationCode", "", "", "N/A", "no"),
    ("AdapterFlags", "", "", "4", "no"),
    ("Advertisement", "", "", "", ""),
    ("AllFailover", "", "", "1", "no"),
    ("AllMustFail", "", "", "1", "no"),
    ("AutoReconnect", "", "", "1", "yes"),
    ("AutoRemirror", "", "", "1", "no"),
    ("AutoRemirrorRetry", "", "", "30", "no"),
    ("AutoRetransmit", "", "", "1", "no"),
    ("BackupDir", "", "", "<install location>", "no"),
    ("CalculateOnConnect", "", "", "1", "yes"),
    ("CaseSensitiveRepSetQueries", "", "", "", ""),
    ("ChecksumAll", "", "", "1", "no"),
    ("Cleaner", "", "", "0", "no"),
    ("ClientLog", "", "", "", ""),
    ("ClientLogName", "", "", "", ""),
    ("ConnectionFile", "", "", "connect.sts", "no"),
    ("DataPath", "", "", "<install location>", "no"),
    ("DefaultProtocol", "", "", "1", "yes"),
    ("DirUNetPort", "1025", "65535", "1505", "conditional"),
    ("DisableAttributeReplication", "", "", "0", "yes"),
    ("EnablePerformanceTracking", "", "", "", ""),
    ("EnableSparseFileMirroring", "", "", "1", "no"),
    ("EnableTaskCmdProcessing", "", "", "0", "no"),
    ("EnableVolumeLevelReplication", "", "", "", ""),
    ("EncryptionCipherFilter", "", "", "", ""),
    ("EncryptNetworkData", "", "", "0", "no"),
    ("ExtendedAttributes", "", "", "0", "no"),
    ("ExtensionNumber", "", "", "", ""),
    ("FileQueueSize", "1", "65535", "16", "no"),
    ("HBExternalRate", "0", "65535", "3", "no"),
    ("HBInteralRate", "", "", "", ""),
    ("HBLoopback", "", "", "", ""),
    ("HBTrace", "", "", "0", "no"),
    ("HBTTTL", "0", "65535", "10", "no"),
    ("HPQueueRatio", "1", "65535", "5", "conditional"),
    ("IgnoreDeleteOps", "", "", "0", "no"),
    ("LoadSourceTarget", "", "", "3", "yes"),
    ("LogAllOrphans", "", "", "0", "no"),
    ("LogDir", "", "", "<install location>", "yes"),
    ("LogFile", "", "", "DTLog", "no"),
    ("LogMessageLevel", "", "", "2", "no"),
    ("MaxChecksumBlocks", "", "", "32", "no"),
    ("MaxConnections", "0", "65535", "5", "yes"),
    ("MaxLogFileSize", "", "", "5242880", "no"),
    ("MaxNumberofLogFiles", "1", "999", "20", "no"),
    ("MaxRemoveOrphansOpSize", "0", "131072", "1000", "no"),
    ("MaxRetry", "", "", "5", "yes"),
    ("MaxWriteChunkSize", "1", "131072", "65536", "no"),
    ("MemoryQueueToDiskThreshold", "", "", "100", "yes"),
    ("MinCompressionFileSize", "", "", "1024", "no"),
    ("MirrorChunkSize", "1", "1048576", "65536", "no"),
    ("MirrorOverwrite", "", "", "1", "no"),
    ("MirrorPrompting", "", "", "", ""),
    ("MirrorQueueLimit", "1", "65535", "1000", "no"),
    ("MirrorZeroKFiles", "", "", "1", "no"),
    ("MissedPackets", "1", "65535", "5", "no"),
    ("MoveOrphanedFiles", "", "", "0", "no"),
    ("MoveOrphansDir", "", "", "<install location>", "no"),
    ("NetPort", "1025", "65535", "1500", "yes"),
    ("NetworkRetry", "", "", "10", "no"),
    ("NetworkStatusInterval", "", "", "", ""),
    ("NetworkTimeout", "", "", "120", "no"),
    ("NodeLockedLicenseKey", "", "", "", ""),
    ("OpBufferSize", "", "", "0", "no"),
    ("PingFrequency", "1", "65535", "5", "no"),
    ("PreFailbackWait", "", "", "0", "no"),
    ("PreFailoverWait", "", "", "0", "no"),
    ("QJournalDir", "", "", "<install location>", "no"),
    ("QJournalFileSize", "", "4095", "5", "no"),
    ("QJournalFreeSpaceMin", "", "", "250", "no"),
    ("QJournalPreload", "", "", "", ""),
    ("QJournalSpaceMax", "", "", "Unlimited", "no"),
    ("QLogWriteThrough", "", "", "0", "no"),
    ("QMemoryBufferMax", "32", "4095", "256", "yes"),
    ("QueueSizeAlertThreshold", "", "", "50", "yes"),
    ("RemapLink", "", "", "1", "no"),
    ("RemoveAllOrphans", "", "", "1", "no"),
    ("RemoveOrphansTime", "1", "131072", "60", "no"),
    ("ReplaceTarget", "", "", "0", "no"),
    ("RepSetDBName", "", "", "DbTake.db", "no"),
    ("RestoreOverwrite", "", "", "2", "no"),
    ("RestorePrompting", "", "", "", ""),
    ("RestoreSpecialExecutableHandling", "", "", "1", "no"),
    ("SaveStatFile", "", "", "1", "no"),
    ("ScheduleFile", "", "", "Schedule.sts", "yes"),
    ("ScheduleInterval", "1", "3600", "1", "yes"),
    ("ShareUpdateInterval", "1", "65535", "60", "no"),
    (
        "SkipCompressionFileExt",
        "",
        "",
        "mp3.exe.wmv.wma.qt.mpg.mpeg.zip.jpg.jpeg.tiff.rar.cab.tgz.bz.bz2.z.pkg.sea.sit.sitx",
        "no",
    ),
    ("SmallFileThreshold", "", "", "65536", "no"),
    ("SourcePendingAcks", "100", "20000", "2000", "no"),
    ("StatsFileName", "", "", "statistic.sts", "no"),
    ("StatsLoggingOn", "", "", "0", "no"),
    ("StatsMaxFileSize", "", "", "10485760", "no"),
    ("StatsMaxObjects", "", "", "", ""),
    ("StatsPort", "1025", "65535", "1506", "no"),
    ("StatsShmSize", "", "", "", ""),
    ("StatsWriteInterval", "0", "65535", "5", "no"),
    ("SystemMemoryLimit", "", "", "", ""),
    ("TargetPaused", "", "", "", ""),
    ("TargetPausedVirtual", "", "", "", ""),
    ("TCPBufferSize", "4096", "7500000", "375000", "yes"),
    ("TGCloseDelay", "0", "2000", "1000", "no"),
    ("TGExecutionRetryLimit", "0", "65536", "0", "no"),
    ("TGMirrorCapacityHigh", "2", "75", "20", "no"),
    ("TGMirrorCapacityLow", "1", "75", "15", "no"),
    ("TGRetryLocked", "0", "65536", "3", "no"),
    ("TGThreadCount", "", "", "", ""),
    ("TGUseExtendedQueue", "", "", "1", "no"),
    (
        "TGWriteCache",
        "",
        "",
        "0 for full server to ESX jobs, 1 for all other job types",
        "no",
    ),
    ("TGWriteFailureBeforeNotification", "0", "1024", "10", "yes"),
    ("UNetPort", "1025", "65535", "1500", "yes"),
    ("UpdateInterval", "1", "9999", "1", "no"),
    ("UserIntervention", "", "", "1", "no"),
    ("UseShareFile", "", "", "1", "no"),
    ("VerifyLogAppend", "", "", "1", "no"),
    ("VerifyLogLimit", "", "", "1048576", "no"),
    ("VerifyLogName", "", "", "DTVerify.log", "no"),
    ("VerifyRetryInterval", "", "", "3", "no"),
    ("VerifyRetryLimit", "", "", "5", "no"),
    ("WarningPings", "", "", "", ""),
];

/// Rows whose default the guide gives as something other than a value.
const PROSE_DEFAULTS: [(&str, DefaultValue); 3] = [
    ("LogDir", DefaultValue::Value("/var/log/DT")),
    ("QJournalDir", DefaultValue::InstallLocation),
    ("TGWriteCache", DefaultValue::Value("1")),
];

fn row(name: &str) -> &'static Setting {
    settings::find(name).unwrap_or_else(|| panic!("{name} is not in the table"))
}

/// A store over a DT.conf that does not exist (all defaults); sets that are rejected
/// never create it.
fn empty_store() -> (tempfile::TempDir, SettingsStore) {
    let dir = tempfile::tempdir().unwrap();
    let (store, warnings) = SettingsStore::load(&dir.path().join("DT.conf")).unwrap();
    assert!(warnings.is_empty());
    (dir, store)
}

fn assert_rejected(store: &SettingsStore, setting: &Setting, value: &str) {
    let err = store
        .set(setting.name, value)
        .expect_err(&format!("{}={value:?} must be rejected", setting.name));
    assert_eq!(err.code, 101, "{}={value:?}: {err}", setting.name);
    assert!(
        err.detail.starts_with(&format!("{}=", setting.name)),
        "{err}"
    );
    assert!(
        !store.conf_path().exists(),
        "a rejected value must not touch DT.conf"
    );
}

fn assert_accepted(setting: &Setting, value: &str) {
    if let Err(err) = setting.parse(value) {
        panic!("{}={value:?} must be accepted: {err}", setting.name);
    }
}

#[test]
fn counts_and_names() {
    assert_eq!(GUIDE_SETTINGS.len(), 121);
    assert_eq!(DTSUITE_SETTINGS.len(), 7);
    assert_eq!(settings::all().count(), 128);
    let guide: Vec<&str> = GUIDE_SETTINGS.iter().map(|s| s.name).collect();
    let expected: Vec<&str> = GUIDE_ROWS.iter().map(|r| r.0).collect();
    assert_eq!(guide, expected, "the guide's rows, in the guide's order");
    let dtsuite: Vec<&str> = DTSUITE_SETTINGS.iter().map(|s| s.name).collect();
    assert_eq!(
        dtsuite,
        [
            "NetAddress",
            "ManagementAddress",
            "ManagementPort",
            "StatsAddress",
            "JobLogDir",
            "DataDir",
            "JobMonitorInterval"
        ]
    );
    let mut lower: Vec<String> = settings::all()
        .map(|s| s.name.to_ascii_lowercase())
        .collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), 128, "names are unique, ignoring case");
    for setting in settings::all() {
        assert!(!setting.description.is_empty(), "{}", setting.name);
    }
}

#[test]
fn every_guide_row_has_the_guides_default_range_and_restart_rule() {
    for (name, min, max, default, restart) in GUIDE_ROWS {
        let setting = row(name);
        let expected_restart = match restart {
            "yes" => Restart::Yes,
            "no" | "" => Restart::No,
            _ => {
                assert_eq!(restart, "conditional");
                assert!(matches!(setting.restart, Restart::Conditional(_)), "{name}");
                setting.restart
            }
        };
        assert_eq!(setting.restart, expected_restart, "{name}");

        let description_only = default.is_empty();
        assert_eq!(setting.no_longer_used(), description_only, "{name}");
        let expected_default = match PROSE_DEFAULTS.iter().find(|(n, _)| *n == name) {
            Some((_, prose)) => *prose,
            None if description_only || default == "N/A" => DefaultValue::NotGiven,
            None if default == "<install location>" => DefaultValue::InstallLocation,
            None => DefaultValue::Value(default),
        };
        assert_eq!(setting.default, expected_default, "{name}");

        match (min, max) {
            ("", "") => {}
            (_, _) => {
                let Kind::Number {
                    min: lo, max: hi, ..
                } = setting.kind
                else {
                    panic!("{name} has a range in the guide: {:?}", setting.kind);
                };
                assert_eq!(hi.to_string(), max, "{name}");
                // QJournalFileSize: the guide gives only "up to 4095"; 1 is the least.
                let expected_min = if min.is_empty() { "1" } else { min };
                assert_eq!(lo.to_string(), expected_min, "{name}");
            }
        }
    }
}

#[test]
fn every_default_parses_and_is_accepted() {
    let (_dir, store) = empty_store();
    for setting in settings::all() {
        match setting.default {
            DefaultValue::Value(text) => {
                let value = setting.parse(text).unwrap();
                assert_eq!(
                    value.to_string(),
                    text,
                    "{} default as written",
                    setting.name
                );
                assert_eq!(store.get(setting.name), Some(value), "{}", setting.name);
            }
            DefaultValue::InstallLocation => {
                assert_eq!(setting.kind, Kind::Path, "{}", setting.name);
                assert_eq!(
                    store.get(setting.name),
                    Some(SettingValue::Path(PathBuf::from("/var/lib/dtsuite"))),
                    "{}",
                    setting.name
                );
            }
            DefaultValue::NotGiven => {
                assert!(
                    setting.no_longer_used() || setting.name == "ActivationCode",
                    "{}",
                    setting.name
                );
                assert_eq!(store.get(setting.name), None, "{}", setting.name);
            }
        }
    }
}

#[test]
fn every_range_end_and_enumerated_value_is_accepted_and_its_neighbours_rejected() {
    let (_dir, store) = empty_store();
    for setting in settings::all() {
        match setting.kind {
            Kind::Number { min, max, special } => {
                assert_accepted(setting, &min.to_string());
                assert_accepted(setting, &max.to_string());
                if let Some(special) = special {
                    assert!(!(min..=max).contains(&special.value));
                    assert_accepted(setting, &special.value.to_string());
                }
                if min > 0 && special.is_none_or(|s| s.value != min - 1) {
                    assert_rejected(&store, setting, &(min - 1).to_string());
                }
                assert_rejected(&store, setting, &(u128::from(max) + 1).to_string());
                assert_rejected(&store, setting, "-1");
                assert_rejected(&store, setting, "12abc");
            }
            Kind::Choice(choices) => {
                for choice in choices {
                    assert_accepted(setting, &choice.value.to_string());
                }
                let top = choices.iter().map(|c| c.value).max().unwrap();
                for outside in (0..=top + 1).filter(|v| choices.iter().all(|c| c.value != *v)) {
                    assert_rejected(&store, setting, &outside.to_string());
                }
                assert_rejected(&store, setting, "");
            }
            Kind::Flag { .. } => {
                assert_eq!(setting.parse("0").unwrap(), SettingValue::Flag(false));
                assert_eq!(setting.parse("1").unwrap(), SettingValue::Flag(true));
                for bad in ["2", "yes", "", "-1"] {
                    assert_rejected(&store, setting, bad);
                }
            }
            Kind::MegabytesOrUnlimited => {
                assert_eq!(setting.parse("Unlimited").unwrap(), SettingValue::Unlimited);
                assert_accepted(setting, "0");
                assert_accepted(setting, &OPEN_SIZE.to_string());
                assert_rejected(&store, setting, "-1");
                assert_rejected(&store, setting, "unbounded");
            }
            Kind::Path => {
                assert_accepted(setting, "/srv/dt");
                assert_accepted(setting, "relative/dir");
                assert_rejected(&store, setting, "");
            }
            Kind::FileName => {
                assert_accepted(setting, "name.db");
                assert_rejected(&store, setting, "dir/name.db");
                assert_rejected(&store, setting, "");
            }
            Kind::Address => {
                assert_accepted(setting, "127.0.0.1");
                assert_accepted(setting, "::1");
                assert_rejected(&store, setting, "localhost");
            }
            Kind::Text => {
                assert_accepted(setting, "");
                assert_accepted(setting, "ABCDEFGHIJKLMNOPQRSTUVWX");
                assert_rejected(&store, setting, "bell\u{7}");
            }
            Kind::NoLongerUsed => {
                assert_accepted(setting, "");
                assert_accepted(setting, "anything at all");
            }
        }
    }
}

#[test]
fn the_engine_uses_the_settings_it_reads() {
    let used: Vec<&str> = settings::all()
        .filter(|s| s.engine_uses)
        .map(|s| s.name)
        .collect();
    for name in [
        "LogDir",
        "LogMessageLevel",
        "MaxLogFileSize",
        "MaxNumberofLogFiles",
        "StatsPort",
        "StatsLoggingOn",
        "StatsWriteInterval",
        "StatsFileName",
        "StatsMaxFileSize",
        "SaveStatFile",
        "RepSetDBName",
        "NetPort",
        "NetworkTimeout",
        "NetworkRetry",
        "AutoReconnect",
        "ActivationCode",
        "MirrorChunkSize",
        "SmallFileThreshold",
        "ManagementAddress",
        "ManagementPort",
        "StatsAddress",
        "JobLogDir",
        "DataDir",
    ] {
        assert!(used.contains(&name), "{name}");
    }
    assert!(!row("HBTrace").engine_uses);
    assert!(!row("Advertisement").engine_uses);
}
