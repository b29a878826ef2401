//! Where snapshots come from: the engine's stats port ([`connect`]) or a saved `.sts`
//! file ([`open_file`]); both are a [`Source`] of decoded snapshots and damage reports.
//! [`Recording`] saves snapshots for `-t`.

mod error;
mod file;
mod live;
mod recording;
mod server_address;

use std::io::Read;
use std::path::PathBuf;

use logparse::sts::{Problem, ProblemKind, Snapshot, StsReader};

pub use error::SourceError;
pub use file::open_file;
pub use live::{connect, LiveSettings};
pub use recording::Recording;
pub use server_address::{ServerAddress, DEFAULT_STATS_ADDRESS, DEFAULT_STATS_PORT};

/// What a [`Source`] gives instead of a snapshot.
#[derive(Debug)]
pub enum Damage {
    /// A damaged record was skipped; reading goes on with the next good one.
    Skipped(Problem),
    /// Reading cannot go on.
    Fatal(SourceError),
}

/// Where a source's bytes come from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `.sts` file.
    File(PathBuf),
    /// A stats port.
    Live(ServerAddress),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => path.display().fmt(f),
            Origin::Live(server) => server.fmt(f),
        }
    }
}

/// A stream of snapshots, streaming: it holds at most one record's bytes at a time.
pub struct Source {
    reader: StsReader<Box<dyn Read + Send>>,
    origin: Origin,
    ended: bool,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("origin", &self.origin)
            .finish()
    }
}

impl Source {
    fn new(reader: StsReader<Box<dyn Read + Send>>, origin: Origin) -> Source {
        Source {
            reader,
            origin,
            ended: false,
        }
    }

    /// Where the bytes come from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// A problem of the reader, as this source's kind of damage.
    fn damage(&self, problem: Problem) -> Damage {
        match (&self.origin, problem.kind) {
            (Origin::File(path), ProblemKind::Io(reason)) => Damage::Fatal(SourceError::Read {
                path: path.clone(),
                source: std::io::Error::other(reason),
            }),
            (Origin::Live(server), ProblemKind::Io(reason)) => {
                Damage::Fatal(not_responding(server, format!("connection lost: {reason}")))
            }
            (Origin::Live(server), ProblemKind::TornTail) => Damage::Fatal(not_responding(
                server,
                "the connection closed inside a record".to_string(),
            )),
            (_, kind) => Damage::Skipped(Problem {
                offset: problem.offset,
                kind,
            }),
        }
    }
}

impl Source {
    /// As [`Iterator::next`], decoding over `snapshot` and reusing its storage (see
    /// [`StsReader::next_into`]); after damage `snapshot` holds nothing meaningful.
    pub fn next_into(&mut self, snapshot: &mut Snapshot) -> Option<Result<(), Damage>> {
        if self.ended {
            return None;
        }
        match self.reader.next_into(snapshot) {
            Some(Ok(())) => Some(Ok(())),
            Some(Err(problem)) => {
                let damage = self.damage(problem);
                self.ended = matches!(damage, Damage::Fatal(_));
                Some(Err(damage))
            }
            None => {
                self.ended = true;
                match &self.origin {
                    Origin::File(_) => None,
                    // A stats port sends until the engine stops or drops this client.
                    Origin::Live(server) => Some(Err(Damage::Fatal(not_responding(
                        server,
                        "the connection was closed".to_string(),
                    )))),
                }
            }
        }
    }
}

impl Iterator for Source {
    type Item = Result<Snapshot, Damage>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut snapshot = Snapshot::default();
        self.next_into(&mut snapshot)
            .map(|item| item.map(|()| snapshot))
    }
}

fn not_responding(server: &ServerAddress, reason: String) -> SourceError {
    SourceError::NotResponding {
        server: server.to_string(),
        reason,
    }
}
