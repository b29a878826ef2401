//! Statistics logging: records readable by `logparse`, rotation at StatsMaxFileSize with
//! SaveStatFile 1 and 0, appending to an existing file, and a foreign file renamed aside.

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use engine::event_log::EventLog;
use engine::stats::{StatsFile, StatsFileConfig, StatsFileLogger, StatsFileOpened, StatsModel};
use logparse::dtl::{AppenderConfig, Level, LogSeries};
use logparse::sts::{self, Snapshot, HEADER_LEN};

fn decode(path: &Path) -> sts::Decoded {
    sts::decode_all(&fs::read(path).unwrap()).unwrap()
}

/// The marker each test snapshot carries: Kernel, RepOpsGenerated.
fn marks(decoded: &sts::Decoded) -> Vec<u64> {
    decoded
        .snapshots
        .iter()
        .map(|(_, s)| s.kernel.rep_ops_generated)
        .collect()
}

fn marked(mark: u64) -> Snapshot {
    let mut snapshot = Snapshot::default();
    snapshot.kernel.rep_ops_generated = mark;
    snapshot
}

fn engine_log(dir: &Path) -> EventLog {
    EventLog::open(AppenderConfig {
        dir: dir.to_path_buf(),
        ..AppenderConfig::default()
    })
    .unwrap()
}

#[tokio::test]
async fn logger_writes_records_every_interval_and_a_last_one_at_stop() {
    let dir = tempfile::tempdir().unwrap();
    let config = StatsFileConfig::in_log_dir(&dir.path().join("log"));
    let path = config.path.clone();
    let model = Arc::new(StatsModel::new(Utc::now()));
    let logger = StatsFileLogger::start(
        Arc::clone(&model),
        config,
        Duration::from_millis(20),
        engine_log(dir.path()),
    )
    .await
    .unwrap();
    // The first record is written when logging starts.
    assert_eq!(decode(&path).snapshots.len(), 1);
    for _ in 0..200 {
        if decode(&path).snapshots.len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    model.kernel.mir_ops_generated.add(77);
    logger.stop().await.unwrap();

    let decoded = decode(&path);
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    assert!(decoded.snapshots.len() >= 5, "{}", decoded.snapshots.len());
    let stamps: Vec<_> = decoded.snapshots.iter().map(|(_, s)| s.timestamp).collect();
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]));
    let (_, last) = decoded.snapshots.last().unwrap();
    assert_eq!(last.kernel.mir_ops_generated, 77);
    assert!(last.system_allocator_total_bytes > 0);
}

#[tokio::test]
async fn a_zero_interval_writes_only_at_start_and_stop() {
    let dir = tempfile::tempdir().unwrap();
    let config = StatsFileConfig::in_log_dir(dir.path());
    let path = config.path.clone();
    let model = Arc::new(StatsModel::new(Utc::now()));
    let logger = StatsFileLogger::start(model, config, Duration::ZERO, engine_log(dir.path()))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    logger.stop().await.unwrap();
    assert_eq!(decode(&path).snapshots.len(), 2);
}

fn record_len(snapshot: &Snapshot) -> usize {
    let mut record = Vec::new();
    sts::encode_record(snapshot, &mut record).unwrap();
    record.len()
}

/// A StatsMaxFileSize that holds the header and three marked records.
fn three_records() -> u64 {
    (HEADER_LEN + 3 * record_len(&marked(1))) as u64
}

#[test]
fn save_stat_file_keeps_the_full_file_as_statistic_old() {
    let dir = tempfile::tempdir().unwrap();
    let config = StatsFileConfig::new(dir.path(), "statistic.sts", three_records(), true);
    let (mut file, _) = StatsFile::open(config.clone()).unwrap();
    for mark in 1..=7 {
        file.append(&marked(mark)).unwrap();
        assert!(file.len() <= config.max_file_size);
    }
    assert_eq!(config.old_path(), dir.path().join("statistic-old.sts"));
    // 1–3 went to the first old file, which 4–6 then replaced; 7 starts the new file.
    assert_eq!(marks(&decode(&config.old_path())), [4, 5, 6]);
    assert_eq!(marks(&decode(&config.path)), [7]);
    assert!(decode(&config.old_path()).problems.is_empty());
}

#[test]
fn without_save_stat_file_the_file_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let config = StatsFileConfig::new(dir.path(), "statistic.sts", three_records(), false);
    let (mut file, _) = StatsFile::open(config.clone()).unwrap();
    for mark in 1..=8 {
        file.append(&marked(mark)).unwrap();
    }
    assert!(!config.old_path().exists());
    let decoded = decode(&config.path);
    assert!(decoded.problems.is_empty());
    assert_eq!(marks(&decoded), [7, 8]);
}

#[test]
fn an_existing_statistics_file_is_appended_to() {
    let dir = tempfile::tempdir().unwrap();
    let config = StatsFileConfig::in_log_dir(dir.path());
    let (mut file, opened) = StatsFile::open(config.clone()).unwrap();
    assert_eq!(opened, StatsFileOpened::Created);
    file.append(&marked(1)).unwrap();
    file.append(&marked(2)).unwrap();
    drop(file);

    let (mut file, opened) = StatsFile::open(config.clone()).unwrap();
    assert_eq!(opened, StatsFileOpened::Appended);
    file.append(&marked(3)).unwrap();
    assert_eq!(file.len(), fs::metadata(&config.path).unwrap().len());
    let decoded = decode(&config.path);
    assert!(decoded.problems.is_empty());
    assert_eq!(marks(&decoded), [1, 2, 3]);
}

#[test]
fn a_record_torn_by_a_crash_costs_only_that_record() {
    let dir = tempfile::tempdir().unwrap();
    let config = StatsFileConfig::in_log_dir(dir.path());
    let (mut file, _) = StatsFile::open(config.clone()).unwrap();
    file.append(&marked(1)).unwrap();
    file.append(&marked(2)).unwrap();
    drop(file);
    let len = fs::metadata(&config.path).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&config.path)
        .unwrap()
        .set_len(len - 5)
        .unwrap();

    let (mut file, opened) = StatsFile::open(config.clone()).unwrap();
    assert_eq!(opened, StatsFileOpened::Appended);
    file.append(&marked(3)).unwrap();
    let decoded = decode(&config.path);
    assert_eq!(marks(&decoded), [1, 3]);
    // The torn record is reported once, at its offset, and passed over.
    assert_eq!(decoded.problems.len(), 1);
    assert_eq!(
        decoded.problems[0].offset,
        (HEADER_LEN + record_len(&marked(1))) as u64
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_statistics_file_is_renamed_aside_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let log_dir = dir.path().join("log");
    let config = StatsFileConfig::in_log_dir(&dir.path().join("stats"));
    fs::create_dir_all(config.path.parent().unwrap()).unwrap();
    fs::write(&config.path, b"Date,Time,Kernel\n1,2,3\n").unwrap();
    let model = Arc::new(StatsModel::new(Utc::now()));
    let logger =
        StatsFileLogger::start(model, config.clone(), Duration::ZERO, engine_log(&log_dir))
            .await
            .unwrap();
    logger.stop().await.unwrap();

    assert_eq!(
        fs::read(config.bad_path()).unwrap(),
        b"Date,Time,Kernel\n1,2,3\n"
    );
    let decoded = decode(&config.path);
    assert!(decoded.problems.is_empty());
    assert_eq!(decoded.snapshots.len(), 2);
    let records: Vec<_> = LogSeries::in_dir(&log_dir)
        .reader()
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].level, Level::Alert);
    assert!(
        records[0].text.contains("statistic.sts.bad"),
        "{}",
        records[0].text
    );
}
