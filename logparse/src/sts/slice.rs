//! Decoding a whole `.sts` file held in memory.

use super::error::HeaderError;
use super::header::{check_header, HEADER_LEN};
use super::problem::Problem;
use super::scanner::{decode_record, Scanner, Step};
use super::snapshot::Snapshot;

/// Everything decoded from a byte slice: the good snapshots and the damage between them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    /// Each intact snapshot with the byte offset of its record.
    pub snapshots: Vec<(u64, Snapshot)>,
    /// Each problem found, in order of offset.
    pub problems: Vec<Problem>,
}

/// Decodes a whole `.sts` file or captured stats-port stream.
pub fn decode_all(data: &[u8]) -> Result<Decoded, HeaderError> {
    let mut decoded = Decoded::default();
    for item in records(data)? {
        match item {
            Ok(snapshot) => decoded.snapshots.push(snapshot),
            Err(problem) => decoded.problems.push(problem),
        }
    }
    Ok(decoded)
}

/// Checks the header of `data` and iterates over its records, snapshot or problem, in order.
pub fn records(data: &[u8]) -> Result<Records<'_>, HeaderError> {
    check_header(data)?;
    Ok(Records {
        data,
        position: HEADER_LEN,
        scanner: Scanner::default(),
    })
}

/// Iterator over the records of a byte slice; see [`records`].
#[derive(Debug)]
pub struct Records<'a> {
    data: &'a [u8],
    position: usize,
    scanner: Scanner,
}

impl Iterator for Records<'_> {
    type Item = Result<(u64, Snapshot), Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rest = self.data.get(self.position..).unwrap_or_default();
            match self.scanner.step(rest, true) {
                Step::Record(len) => {
                    let offset = self.position as u64;
                    self.position += len;
                    return Some(match decode_record(&rest[..len]) {
                        Ok(snapshot) => Ok((offset, snapshot)),
                        Err(kind) => Err(Problem { offset, kind }),
                    });
                }
                Step::Problem { consumed, kind } => {
                    let offset = self.position as u64;
                    self.position += consumed;
                    return Some(Err(Problem { offset, kind }));
                }
                Step::Skip(skipped) => self.position += skipped,
                Step::NeedMore | Step::End => {
                    self.position = self.data.len();
                    return None;
                }
            }
        }
    }
}

impl std::iter::FusedIterator for Records<'_> {}
