//! The latest events of both engines, read from their logs as they are written.

use std::collections::VecDeque;
use std::path::Path;

use logparse::dtl::{FollowItem, Follower, LogSeries, Record};

/// How many events the screen keeps.
const KEPT: usize = 8;

/// One engine's event.
#[derive(Debug, Clone)]
pub struct Event {
    /// `source` or `target`.
    pub engine: &'static str,
    /// The log record.
    pub record: Record,
}

/// Followers of the engines' logs and the latest events they gave.
#[derive(Debug)]
pub struct Events {
    followers: Vec<(&'static str, Follower)>,
    latest: VecDeque<Event>,
}

impl Events {
    /// Follows the engine logs in `dirs` (engine name, LogDir) from their beginning.
    pub fn follow(dirs: &[(&'static str, &Path)]) -> Events {
        Events {
            followers: dirs
                .iter()
                .map(|(engine, dir)| (*engine, Follower::new(LogSeries::in_dir(*dir), None)))
                .collect(),
            latest: VecDeque::with_capacity(KEPT),
        }
    }

    /// Reads what the engines logged since the last call; returns the new events.
    pub fn poll(&mut self) -> Vec<Event> {
        let mut new = Vec::new();
        for (engine, follower) in &mut self.followers {
            let Ok(items) = follower.poll() else { continue };
            new.extend(items.into_iter().filter_map(|item| match item {
                FollowItem::Record(record) => Some(Event { engine, record }),
                _ => None,
            }));
        }
        new.sort_by_key(|event| event.record.timestamp);
        for event in &new {
            if self.latest.len() == KEPT {
                self.latest.pop_front();
            }
            self.latest.push_back(event.clone());
        }
        new
    }

    /// The latest events, oldest first.
    pub fn latest(&self) -> impl Iterator<Item = &Event> {
        self.latest.iter()
    }
}

/// One event as a screen line: time, engine, message ID, text.
pub fn event_line(event: &Event) -> String {
    format!(
        "{} {:<6} {:>4}  {}",
        event.record.timestamp.format("%H:%M:%S"),
        event.engine,
        event.record.id,
        event.record.text
    )
}
