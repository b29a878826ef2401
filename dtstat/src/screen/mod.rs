//! The guide's DTStat text on screen: [`render`] writes one snapshot, [`Screen`] prints a
//! stream of them and stops printing while the statistics do not change.

mod clock;
mod level;
mod rates;
mod render;
mod unchanged;

use std::io::{self, Write};

use logparse::sts::Snapshot;

pub use clock::Clock;
pub use level::Level;
pub use rates::render_rates;
pub use render::render;
pub use unchanged::ChangeDetector;

/// Prints snapshots as text to `out`, skipping those that change nothing.
#[derive(Debug)]
pub struct Screen<W: Write> {
    out: W,
    level: Level,
    clock: Clock,
    detector: ChangeDetector,
}

impl<W: Write> Screen<W> {
    /// A screen writing to `out` at `level`, showing times by `clock`.
    pub fn new(out: W, level: Level, clock: Clock) -> Screen<W> {
        Screen {
            out,
            level,
            clock,
            detector: ChangeDetector::default(),
        }
    }

    /// Prints `snapshot` if its statistics changed since the last one; returns whether
    /// it printed. Each printed snapshot is flushed, so a live screen shows it at once.
    pub fn show(&mut self, snapshot: &Snapshot) -> io::Result<bool> {
        if !self.detector.changed(snapshot) {
            return Ok(false);
        }
        render(snapshot, self.level, self.clock, &mut self.out)?;
        self.out.flush()?;
        Ok(true)
    }

    /// The writer, to add to what was printed.
    pub fn out(&mut self) -> &mut W {
        &mut self.out
    }

    /// The writer, consuming the screen.
    pub fn into_inner(self) -> W {
        self.out
    }
}
