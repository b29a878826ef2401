//! [`Snapshots`]: a [`Source`] as a plain `Iterator<Item = Snapshot>` for the screen and
//! the exports; damaged records become warnings, `-t` saves what arrives, and a fatal
//! error ends the iteration and is returned by [`Snapshots::finish`].

use std::io::Write;

use logparse::sts::Snapshot;

use crate::source::{Damage, Recording, Source, SourceError};

/// How many snapshots were read and how many damaged records were skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Snapshots decoded.
    pub snapshots: u64,
    /// Damaged records skipped (each with a warning).
    pub skipped: u64,
}

/// The snapshots of a source; pass `&mut snapshots` to a consumer, then call [`finish`](Self::finish).
#[derive(Debug)]
pub struct Snapshots<W: Write> {
    source: Source,
    recording: Option<Recording>,
    warnings: W,
    failure: Option<SourceError>,
    summary: Summary,
}

impl<W: Write> Snapshots<W> {
    /// Reads `source`, writing one warning line per damaged record to `warnings`.
    pub fn new(source: Source, warnings: W) -> Snapshots<W> {
        Snapshots {
            source,
            recording: None,
            warnings,
            failure: None,
            summary: Summary::default(),
        }
    }

    /// Also saves every snapshot read to `recording` (`-t`), before any filter applies.
    pub fn saving_to(mut self, recording: Recording) -> Snapshots<W> {
        self.recording = Some(recording);
        self
    }

    /// Ends reading: flushes the recording and returns the counts, or the error that
    /// ended the iteration early.
    pub fn finish(self) -> Result<Summary, SourceError> {
        if let Some(failure) = self.failure {
            if let Some(recording) = self.recording {
                // The failure is what the user must see; the records saved so far stay.
                let _ = recording.finish();
            }
            return Err(failure);
        }
        if let Some(recording) = self.recording {
            recording.finish()?;
        }
        Ok(self.summary)
    }
}

impl<W: Write> Snapshots<W> {
    /// Decodes the next good snapshot over `snapshot`, reusing its storage; `false` at
    /// the end (or after a fatal error, which [`finish`](Self::finish) returns).
    pub fn next_into(&mut self, snapshot: &mut Snapshot) -> bool {
        if self.failure.is_some() {
            return false;
        }
        loop {
            match self.source.next_into(snapshot) {
                None => return false,
                Some(Ok(())) => {
                    if let Some(recording) = &mut self.recording {
                        if let Err(e) = recording.save(snapshot) {
                            self.failure = Some(e);
                            return false;
                        }
                    }
                    self.summary.snapshots += 1;
                    return true;
                }
                Some(Err(Damage::Skipped(problem))) => {
                    self.summary.skipped += 1;
                    // Warnings go to stderr; if even that fails there is nowhere to say so.
                    let _ = writeln!(
                        self.warnings,
                        "dtstat: warning: {}: {problem}; record skipped",
                        self.source.origin()
                    );
                }
                Some(Err(Damage::Fatal(error))) => {
                    self.failure = Some(error);
                    return false;
                }
            }
        }
    }
}

impl<W: Write> Iterator for Snapshots<W> {
    type Item = Snapshot;

    fn next(&mut self) -> Option<Snapshot> {
        let mut snapshot = Snapshot::default();
        self.next_into(&mut snapshot).then_some(snapshot)
    }
}
