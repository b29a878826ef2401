//! The Source section: this server's activity as a source.

use std::sync::Mutex;

use logparse::sts::SourceStats;

use super::counter::Counter;

/// The live Source statistics.
#[derive(Debug, Default)]
pub struct SourceCounters {
    /// Source, autoDisConnects.
    pub auto_disconnects: Counter,
    /// Source, autoReConnects.
    pub auto_reconnects: Counter,
    /// Source, lastFileTouched. Its own small lock: the replication path sets it once per
    /// operation, and it is the only string a hot path updates.
    last_file_touched: Mutex<String>,
}

impl SourceCounters {
    /// Sets Source, lastFileTouched (reusing the stored string's allocation).
    pub fn set_last_file_touched(&self, path: &str) {
        let mut last = self
            .last_file_touched
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        last.clear();
        last.push_str(path);
    }

    /// The Source section as it stands now.
    pub fn snapshot(&self) -> SourceStats {
        SourceStats {
            auto_disconnects: self.auto_disconnects.get(),
            auto_reconnects: self.auto_reconnects.get(),
            last_file_touched: self
                .last_file_touched
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }
}
