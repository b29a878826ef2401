//! Realistic engine logs for the demo, benchmarks and tests: a seeded mix of the
//! catalogue's engine events with plausible arguments.

use chrono::{Duration, NaiveDateTime};
use logparse::catalog::{self, EngineEvent, ENGINE_OWN_EVENT_IDS, JOB_EVENT_IDS};
use logparse::dtl::{Level, Record};

/// Names and addresses the generated messages talk about.
const TARGETS: &[(&str, &str)] = &[
    ("BETA", "172.31.206.201"),
    ("GAMMA", "172.31.206.202"),
    ("DR-SITE", "10.20.30.40"),
];
const REPLICATION_SETS: &[&str] = &["FilesAndFolders", "SQLData", "HomeDirs", "WebContent"];
const FILES: &[&str] = &[
    "/srv/data/orders/2026-11.db",
    "/home/ops/report final.xlsx",
    "/var/www/html/index.html",
    "/srv/sql/ldf/tempdb.ldf",
];

/// A deterministic generator of engine log records.
pub struct SampleLog {
    rng: fastrand::Rng,
    /// Information events, and warning and error events: drawn 85 : 15, as a healthy
    /// engine logs mostly information.
    information: Vec<&'static EngineEvent>,
    alerts: Vec<&'static EngineEvent>,
    pid: u32,
    seq: u64,
    time: NaiveDateTime,
}

impl SampleLog {
    /// A generator seeded with `seed` whose first record is stamped `start`.
    pub fn new(seed: u64, start: NaiveDateTime) -> SampleLog {
        let (alerts, information) = catalog::engine_events()
            .iter()
            .filter(|e| ENGINE_OWN_EVENT_IDS.contains(&e.id) || JOB_EVENT_IDS.contains(&e.id))
            .partition(|e| e.level.dtl_type() == Level::Alert.as_u8());
        let mut rng = fastrand::Rng::with_seed(seed);
        let pid = rng.u32(1000..60000);
        SampleLog {
            rng,
            information,
            alerts,
            pid,
            seq: 0,
            time: start,
        }
    }

    /// The process ID the generated records carry.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The next record: sequence numbers count up from 1, time moves forward.
    pub fn next_record(&mut self) -> Record {
        self.seq += 1;
        self.time += Duration::milliseconds(self.rng.i64(0..1500));
        let (level, id, text) = if self.rng.u8(..) < 8 {
            // A few lines carry no message ID, as the engine's own diagnostics do.
            (
                Level::Info,
                0,
                format!("Heartbeat from {}", self.pick(TARGETS).0),
            )
        } else {
            let (level, events) = if self.rng.u8(..100) < 15 {
                (Level::Alert, &self.alerts)
            } else {
                (Level::Info, &self.information)
            };
            let event = events[self.rng.usize(..events.len())];
            let args = self.arguments();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            (level, event.id.0, event.format(&args).replace('\n', " "))
        };
        Record {
            timestamp: self.time,
            pid: self.pid,
            tid: self.pid + self.rng.u32(1..12),
            seq: self.seq,
            level,
            id,
            text,
        }
    }

    /// Plausible values for `%1`…`%9`: target, address, set, connection ID and so on.
    fn arguments(&mut self) -> Vec<String> {
        let (target, address) = self.pick(TARGETS);
        vec![
            target.to_string(),
            address.to_string(),
            self.pick(REPLICATION_SETS).to_string(),
            self.rng.u32(1..40).to_string(),
            self.pick(FILES).to_string(),
            self.rng.u64(1..50_000_000).to_string(),
            "1500".to_string(),
            self.pick(REPLICATION_SETS).to_string(),
            address.to_string(),
        ]
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.usize(..items.len())]
    }
}

impl Iterator for SampleLog {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        Some(self.next_record())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::dtl::parse_line;

    fn start() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
    }

    #[test]
    fn same_seed_same_log() {
        let a: Vec<Record> = SampleLog::new(7, start()).take(200).collect();
        let b: Vec<Record> = SampleLog::new(7, start()).take(200).collect();
        let c: Vec<Record> = SampleLog::new(8, start()).take(200).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn records_are_well_formed_catalogue_messages_in_order() {
        let records: Vec<Record> = SampleLog::new(1, start()).take(2000).collect();
        let mut alerts = 0;
        for (i, record) in records.iter().enumerate() {
            assert_eq!(record.seq, i as u64 + 1);
            let line = record.to_line();
            let parsed = parse_line(line.trim_end_matches('\n').as_bytes()).unwrap();
            assert_eq!(parsed.to_record(), *record);
            if record.id != 0 {
                let event = catalog::engine_event(catalog::EventId(record.id)).unwrap();
                assert_eq!(event.level.dtl_type(), record.level.as_u8());
                assert!(
                    !record.text.contains('%'),
                    "unfilled template: {}",
                    record.text
                );
            }
            alerts += usize::from(record.level == Level::Alert);
        }
        assert!(records.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
        // Mostly information, some warnings and errors.
        assert!((100..600).contains(&alerts), "{alerts} alerts in 2000");
    }
}
