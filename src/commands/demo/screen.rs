//! The live screen: on a terminal, a page redrawn each second; otherwise (a pipe, a
//! test) one status line a second and each new event as it comes.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use bytesize::ByteSize;

use super::events::{event_line, Event, Events};
use super::job::JobStatus;
use super::workload::WorkloadCounters;

/// Width of the mirror progress bar, in characters.
const BAR_WIDTH: usize = 40;

/// One refresh's figures.
#[derive(Debug)]
pub struct Frame<'a> {
    /// Seconds since the demo started.
    pub elapsed: Duration,
    /// The job as last shown, or why it could not be shown.
    pub job: &'a Result<JobStatus, String>,
    /// Bytes and operations sent per second since the last refresh.
    pub rates: (f64, f64),
    /// The workload's counters.
    pub workload: &'a WorkloadCounters,
    /// Mails in dtnotify's outbox.
    pub mails: usize,
}

/// Where frames go.
#[derive(Debug)]
pub struct Screen {
    terminal: bool,
    /// Printed at the top of every page.
    header: Vec<String>,
    /// Printed at the bottom of every page.
    footer: Vec<String>,
}

impl Screen {
    /// A screen on stdout, with these lines above and below the live part.
    pub fn new(header: Vec<String>, footer: Vec<String>) -> Screen {
        let screen = Screen {
            terminal: std::io::stdout().is_terminal(),
            header,
            footer,
        };
        if !screen.terminal {
            print_lines(&screen.header);
            print_lines(&screen.footer);
        }
        screen
    }

    /// Shows one refresh; `new_events` are those logged since the last one.
    pub fn show(&self, frame: &Frame<'_>, events: &Events, new_events: &[Event]) {
        if self.terminal {
            let mut page = vec!["\x1b[H\x1b[2J".to_string()];
            page.extend(self.header.iter().cloned());
            page.push(String::new());
            page.extend(status_lines(frame));
            page.push(String::new());
            page.push("Latest events:".to_string());
            page.extend(events.latest().map(|e| format!("  {}", event_line(e))));
            page.push(String::new());
            page.extend(self.footer.iter().cloned());
            print_lines(&page);
        } else {
            let mut lines: Vec<String> = new_events
                .iter()
                .map(|e| format!("event: {}", event_line(e)))
                .collect();
            lines.push(format!(
                "[{:>4}s] {}",
                frame.elapsed.as_secs(),
                status_lines(frame).join(" | ")
            ));
            print_lines(&lines);
        }
    }
}

fn print_lines(lines: &[String]) {
    let mut out = std::io::stdout().lock();
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
}

/// The job's state, the mirror bar, rates, queue sizes and the workload.
fn status_lines(frame: &Frame<'_>) -> Vec<String> {
    let job = match frame.job {
        Ok(job) => job,
        Err(why) => return vec![format!("job: cannot be shown: {why}")],
    };
    let mut lines = vec![format!(
        "job {}: {}, target data {}",
        super::job::JOB,
        job.state,
        job.target_data_state
    )];
    match &job.connection {
        None => lines.push("connection: not open yet".to_string()),
        Some(c) => {
            lines.push(format!(
                "mirror {} {:5.1}% ({}, {} left), replication {}",
                progress_bar(c.mirror_percent),
                c.mirror_percent,
                c.mirror_status,
                ByteSize::b(c.mirror_bytes_remaining),
                c.replication_status
            ));
            lines.push(format!(
                "sent {} in {} ops, {}/s, {:.0} ops/s",
                ByteSize::b(c.bytes_tx),
                c.ops_tx,
                ByteSize::b(frame.rates.0 as u64),
                frame.rates.1
            ));
            lines.push(format!(
                "queues: replication {} ops ({}), awaiting ack {} ops, on disk {}",
                c.ops_in_rep_queue,
                ByteSize::b(c.bytes_in_rep_queue),
                c.ops_in_ack_queue,
                ByteSize::b(c.bytes_in_disk_queue)
            ));
        }
    }
    let w = frame.workload;
    lines.push(format!(
        "workload: {} writes, {}",
        w.writes.load(std::sync::atomic::Ordering::Relaxed),
        ByteSize::b(w.bytes.load(std::sync::atomic::Ordering::Relaxed))
    ));
    lines.push(format!("mails in the outbox: {}", frame.mails));
    lines
}

/// `[#####-----]` for `percent` (0–100).
pub fn progress_bar(percent: f64) -> String {
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * BAR_WIDTH as f64).round() as usize;
    format!("[{}{}]", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_bar_fills_with_the_percentage() {
        assert_eq!(progress_bar(0.0), format!("[{}]", "-".repeat(BAR_WIDTH)));
        assert_eq!(progress_bar(100.0), format!("[{}]", "#".repeat(BAR_WIDTH)));
        assert_eq!(progress_bar(50.0).matches('#').count(), BAR_WIDTH / 2);
    }

    proptest! {
        #[test]
        fn the_bar_has_one_width_for_any_number(percent in proptest::num::f64::ANY) {
            let bar = progress_bar(percent);
            prop_assert_eq!(bar.chars().count(), BAR_WIDTH + 2);
        }
    }
}
