//! Grouping like Alertmanager's, per job: events within the group window go in one mail,
//! a problem that recovers within the window is one mail saying both, and a problem
//! still present is mailed again after the repeat interval.
//!
//! The [`Grouper`] is a pure state machine: the caller passes the time, so tests drive
//! it with any clock.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::event::JobEvent;
use crate::recovery::{is_lasting_problem, problems_ended_by};
use crate::selection::Selection;

/// `[grouping]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupingSettings {
    /// Whether events are grouped at all (off: one mail per event, at once).
    pub enabled: bool,
    /// How long a job's first pending event waits for others (default 30 s).
    pub window: Duration,
    /// How long after its last mail a problem still present is mailed again (default 3 h).
    pub repeat: Duration,
}

impl Default for GroupingSettings {
    fn default() -> GroupingSettings {
        GroupingSettings {
            enabled: true,
            window: Duration::from_secs(30),
            repeat: Duration::from_secs(3 * 3600),
        }
    }
}

/// A problem mailed and not yet recovered, persisted with the job's cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The event that reported it.
    pub event: JobEvent,
    /// When it was last mailed.
    pub last_mailed: SystemTime,
    /// How many reminders were sent.
    pub reminders: u32,
}

/// A mail to compose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    /// Events of one job, in log order (a problem and its recovery may both be here).
    Events(Vec<JobEvent>),
    /// A reminder that a problem is still present.
    Reminder(Problem),
}

impl Draft {
    /// The job's GUID.
    pub fn guid(&self) -> &str {
        match self {
            Draft::Events(events) => events.first().map_or("", |event| event.guid.as_str()),
            Draft::Reminder(problem) => &problem.event.guid,
        }
    }

    /// A name unique to this mail and the same if it is made again after a restart:
    /// `GUID.SEQ` (first event) or `GUID.SEQ.reminderN`. Message-ID and spool name use it.
    pub fn key(&self) -> String {
        match self {
            Draft::Events(events) => {
                format!("{}.{}", self.guid(), events.first().map_or(0, |e| e.seq))
            }
            Draft::Reminder(problem) => format!(
                "{}.{}.reminder{}",
                problem.event.guid, problem.event.seq, problem.reminders
            ),
        }
    }
}

#[derive(Debug, Default)]
struct JobGroup {
    pending: Vec<JobEvent>,
    opened: Option<SystemTime>,
    /// Problems mailed or pending, not recovered, by event ID.
    problems: BTreeMap<u32, Problem>,
}

/// Per-job grouping state.
#[derive(Debug)]
pub struct Grouper {
    settings: GroupingSettings,
    selection: Selection,
    jobs: BTreeMap<String, JobGroup>,
}

impl Grouper {
    /// A grouper with no pending events and no known problems.
    pub fn new(settings: GroupingSettings, selection: Selection) -> Grouper {
        Grouper {
            settings,
            selection,
            jobs: BTreeMap::new(),
        }
    }

    /// Restores the problems of job `guid` saved by an earlier run.
    pub fn restore(&mut self, guid: &str, problems: Vec<Problem>) {
        let job = self.jobs.entry(guid.to_owned()).or_default();
        for problem in problems {
            job.problems.insert(problem.event.id, problem);
        }
    }

    /// Takes an event read at `now`; returns mails due at once (grouping off).
    pub fn push(&mut self, event: JobEvent, now: SystemTime) -> Vec<Draft> {
        let job = self.jobs.entry(event.guid.clone()).or_default();
        let mut wanted = self.selection.selects(event.id, event.level);
        let ended = problems_ended_by(event.id);
        if !ended.is_empty() {
            let mut was_reported = false;
            for problem in ended {
                was_reported |= job.problems.remove(problem).is_some();
            }
            wanted |= self.selection.recoveries && was_reported;
        }
        if !wanted {
            return Vec::new();
        }
        if is_lasting_problem(event.id) {
            job.problems.insert(
                event.id,
                Problem {
                    event: event.clone(),
                    last_mailed: now,
                    reminders: 0,
                },
            );
        }
        job.pending.push(event);
        job.opened.get_or_insert(now);
        if self.settings.enabled {
            Vec::new()
        } else {
            vec![flush(job)]
        }
    }

    /// Mails due at `now`: groups whose window has passed, reminders whose interval has.
    pub fn due(&mut self, now: SystemTime) -> Vec<Draft> {
        let mut out = Vec::new();
        for job in self.jobs.values_mut() {
            if job
                .opened
                .is_some_and(|opened| now >= opened + self.settings.window)
            {
                out.push(flush(job));
            }
            for problem in job.problems.values_mut() {
                let pending = job.pending.iter().any(|e| e.seq == problem.event.seq);
                if !pending && now >= problem.last_mailed + self.settings.repeat {
                    problem.last_mailed = now;
                    problem.reminders += 1;
                    out.push(Draft::Reminder(problem.clone()));
                }
            }
        }
        out
    }

    /// Whether job `guid` has events waiting for their group window.
    pub fn has_pending(&self, guid: &str) -> bool {
        self.jobs
            .get(guid)
            .is_some_and(|job| !job.pending.is_empty())
    }

    /// The problems of job `guid` still present, to persist.
    pub fn problems(&self, guid: &str) -> Vec<Problem> {
        self.jobs
            .get(guid)
            .map(|job| job.problems.values().cloned().collect())
            .unwrap_or_default()
    }
}

fn flush(job: &mut JobGroup) -> Draft {
    job.opened = None;
    Draft::Events(std::mem::take(&mut job.pending))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;
    use logparse::catalog::{linux_job_event, EventId};

    const GUID: &str = "a6cbf990-ba67-403d-855f-5bb44c18e1d6";

    fn event(seq: u64, id: u32) -> JobEvent {
        let known = linux_job_event(EventId(id)).unwrap();
        JobEvent {
            guid: GUID.into(),
            seq,
            time: NaiveDateTime::default(),
            id,
            level: known.level,
            message: known.message.into(),
        }
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000 + secs)
    }

    fn ids(draft: &Draft) -> Vec<u32> {
        match draft {
            Draft::Events(events) => events.iter().map(|e| e.id).collect(),
            Draft::Reminder(problem) => vec![problem.event.id],
        }
    }

    fn grouper() -> Grouper {
        Grouper::new(GroupingSettings::default(), Selection::default())
    }

    #[test]
    fn events_within_the_window_make_one_mail() {
        let mut g = grouper();
        assert!(g.push(event(1, 5709), at(0)).is_empty());
        assert!(g.push(event(2, 5704), at(10)).is_empty());
        assert!(g.has_pending(GUID));
        assert!(g.due(at(29)).is_empty());
        let due = g.due(at(30));
        assert_eq!(due.len(), 1);
        assert_eq!(ids(&due[0]), vec![5709, 5704]);
        assert_eq!(due[0].key(), format!("{GUID}.1"));
        assert!(!g.has_pending(GUID));
        assert!(g.due(at(100)).is_empty());
    }

    #[test]
    fn information_is_not_mailed_unless_its_problem_was() {
        let mut g = grouper();
        g.push(event(1, 5701), at(0));
        g.push(event(2, 5717), at(0));
        assert!(!g.has_pending(GUID));
        assert!(g.due(at(60)).is_empty());
    }

    #[test]
    fn recovery_within_the_window_is_in_the_same_mail() {
        let mut g = grouper();
        g.push(event(1, 5716), at(0));
        g.push(event(2, 5717), at(5));
        let due = g.due(at(30));
        assert_eq!(due.len(), 1);
        assert_eq!(ids(&due[0]), vec![5716, 5717]);
        assert!(g.problems(GUID).is_empty());
        // Recovered: no reminder ever.
        assert!(g.due(at(4 * 3600)).is_empty());
    }

    #[test]
    fn recovery_after_the_mail_is_its_own_mail() {
        let mut g = grouper();
        g.push(event(1, 5715), at(0));
        assert_eq!(g.due(at(30)).len(), 1);
        g.push(event(2, 5718), at(100));
        let due = g.due(at(130));
        assert_eq!(due.iter().map(ids).collect::<Vec<_>>(), vec![vec![5718]]);
    }

    #[test]
    fn a_problem_still_present_is_repeated_after_the_interval() {
        let mut g = grouper();
        g.push(event(1, 5716), at(0));
        assert_eq!(g.due(at(30)).len(), 1);
        assert!(g.due(at(3 * 3600 - 1)).is_empty());
        let due = g.due(at(3 * 3600));
        assert_eq!(due.len(), 1);
        assert!(matches!(&due[0], Draft::Reminder(p) if p.reminders == 1));
        assert_eq!(due[0].key(), format!("{GUID}.1.reminder1"));
        assert!(g.due(at(6 * 3600 - 1)).is_empty());
        assert_eq!(g.due(at(6 * 3600)).len(), 1);
        // Saved and restored, it keeps its schedule.
        let saved = g.problems(GUID);
        let mut restarted = grouper();
        restarted.restore(GUID, saved);
        assert!(restarted.due(at(9 * 3600 - 1)).is_empty());
        assert_eq!(restarted.due(at(9 * 3600)).len(), 1);
    }

    #[test]
    fn grouping_off_mails_each_event_at_once() {
        let settings = GroupingSettings {
            enabled: false,
            ..GroupingSettings::default()
        };
        let mut g = Grouper::new(settings, Selection::default());
        assert_eq!(g.push(event(1, 5716), at(0)).len(), 1);
        assert_eq!(g.push(event(2, 5717), at(0)).len(), 1);
        assert!(!g.has_pending(GUID));
    }
}
