//! The decision procedure both decoders share: what the unread bytes hold, and where to
//! go on after damage. Sharing it makes the slice and streaming decoders agree exactly.

use memchr::memmem;

use super::error::HeaderError;
use super::frame::{frame_at, Frame, FRAME_HEADER_LEN, SYNC_MARKER};
use super::header::{check_header, HEADER_LEN};
use super::payload::{decode_payload, decode_payload_into};
use super::problem::ProblemKind;
use super::snapshot::Snapshot;

/// The scanner's verdict on the front of the unread bytes.
#[derive(Debug)]
pub(crate) enum Step {
    /// An intact record fills the first this many bytes; decode it with [`decode_record`].
    Record(usize),
    /// Damage at the front; drop `consumed` bytes after reporting it.
    Problem {
        /// Bytes to drop.
        consumed: usize,
        /// What is wrong.
        kind: ProblemKind,
    },
    /// Drop this many bytes: a repeated header, or bytes passed over while resynchronising.
    Skip(usize),
    /// More bytes are needed to decide (only when not at end of data).
    NeedMore,
    /// End of data and nothing more to report.
    End,
}

/// Where the search for the next intact record ended.
enum Candidate {
    /// An intact record starts at this position.
    Found(usize),
    /// A record may start here, but its bytes have not all arrived (only when not at end of data).
    Pending(usize),
    /// No intact record starts anywhere in the bytes.
    Absent,
}

/// Tracks whether the unread bytes start at a record boundary.
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    lost_sync: bool,
}

impl Scanner {
    /// Looks at `bytes`, the unread data; `eof` says no more bytes will follow them.
    pub(crate) fn step(&mut self, bytes: &[u8], eof: bool) -> Step {
        if self.lost_sync {
            return self.resync(bytes, eof);
        }
        if bytes.is_empty() {
            return if eof { Step::End } else { Step::NeedMore };
        }
        match frame_at(bytes) {
            Frame::Complete { payload, crc } => {
                if crc32fast::hash(payload) != crc {
                    return self.lose_sync(ProblemKind::BadChecksum);
                }
                Step::Record(FRAME_HEADER_LEN + payload.len())
            }
            Frame::BadLength(length) => self.lose_sync(ProblemKind::BadLength { length }),
            Frame::Incomplete if eof => torn(bytes),
            Frame::Incomplete => Step::NeedMore,
            Frame::Unmarked => match check_header(bytes) {
                // A repeated header (concatenated files, a restarted writer) is not damage.
                Ok(()) => Step::Skip(HEADER_LEN),
                Err(HeaderError::Truncated { .. }) if eof => torn(bytes),
                Err(HeaderError::Truncated { .. }) => Step::NeedMore,
                Err(_) => self.lose_sync(ProblemKind::BadSync),
            },
        }
    }

    /// Reports `kind` for the front byte and starts searching from the next one.
    fn lose_sync(&mut self, kind: ProblemKind) -> Step {
        self.lost_sync = true;
        Step::Problem { consumed: 1, kind }
    }

    /// Passes over bytes up to the next intact record. Candidates that fail their checks
    /// belong to the damage already reported and are passed over silently.
    fn resync(&mut self, bytes: &[u8], eof: bool) -> Step {
        match next_intact_record(bytes, 0, eof) {
            Candidate::Found(at) => {
                self.lost_sync = false;
                Step::Skip(at)
            }
            Candidate::Pending(0) => Step::NeedMore,
            Candidate::Pending(at) => Step::Skip(at),
            Candidate::Absent if eof => Step::End,
            Candidate::Absent => {
                // Keep the bytes that could be the start of a sync marker.
                let passed = bytes.len().saturating_sub(SYNC_MARKER.len() - 1);
                if passed == 0 {
                    Step::NeedMore
                } else {
                    Step::Skip(passed)
                }
            }
        }
    }
}

/// Decodes the intact record `record` (frame header included) that [`Step::Record`] announced.
pub(crate) fn decode_record(record: &[u8]) -> Result<Snapshot, ProblemKind> {
    let payload = record.get(FRAME_HEADER_LEN..).unwrap_or_default();
    decode_payload(payload).map_err(ProblemKind::UndecodablePayload)
}

/// As [`decode_record`], over `snapshot` (see [`decode_payload_into`]).
pub(crate) fn decode_record_into(
    record: &[u8],
    snapshot: &mut Snapshot,
) -> Result<(), ProblemKind> {
    let payload = record.get(FRAME_HEADER_LEN..).unwrap_or_default();
    decode_payload_into(payload, snapshot).map_err(ProblemKind::UndecodablePayload)
}

/// At end of data, the record at the front is incomplete: a torn tail, unless an intact
/// record follows, in which case the front record's length is wrong (it was cut short).
fn torn(bytes: &[u8]) -> Step {
    match next_intact_record(bytes, 1, true) {
        Candidate::Found(at) => {
            let claimed = bytes.get(4..8).and_then(|b| <[u8; 4]>::try_from(b).ok());
            Step::Problem {
                consumed: at,
                kind: ProblemKind::BadLength {
                    length: claimed.map_or(0, u32::from_le_bytes),
                },
            }
        }
        Candidate::Pending(_) | Candidate::Absent => Step::Problem {
            consumed: bytes.len(),
            kind: ProblemKind::TornTail,
        },
    }
}

/// Finds the first position at or after `from` where an intact record starts.
fn next_intact_record(bytes: &[u8], mut from: usize, eof: bool) -> Candidate {
    let finder = memmem::Finder::new(&SYNC_MARKER);
    while let Some(found) = bytes.get(from..).and_then(|rest| finder.find(rest)) {
        let at = from + found;
        let frame = frame_at(&bytes[at..]);
        if frame.is_intact() {
            return Candidate::Found(at);
        }
        if frame == Frame::Incomplete && !eof {
            return Candidate::Pending(at);
        }
        from = at + 1;
    }
    Candidate::Absent
}
