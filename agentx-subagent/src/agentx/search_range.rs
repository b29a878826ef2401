//! SearchRange and SearchRangeList (RFC 2741 §5.2): where a Get, GetNext or GetBulk looks.

use super::error::DecodeError;
use super::oid::{read_oid, read_plain_oid, write_oid};
use super::reader::Reader;
use super::writer::Writer;
use crate::oid::Oid;

/// A range of object identifiers a request covers: from `start` up to (not including) `end`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SearchRange {
    /// The first object identifier of the range.
    pub start: Oid,
    /// Whether `start` itself may be returned (GetNext) — its include flag.
    pub include: bool,
    /// The end of the range, excluded; the null OID means no upper bound.
    pub end: Oid,
}

impl SearchRange {
    pub(crate) fn write(&self, w: &mut Writer) {
        write_oid(w, &self.start, self.include);
        write_oid(w, &self.end, false);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let (start, include) = read_oid(r)?;
        let end = read_plain_oid(r)?;
        Ok(Self {
            start,
            include,
            end,
        })
    }
}

/// Writes a SearchRangeList (ranges back to back, no count).
pub(crate) fn write_ranges(w: &mut Writer, ranges: &[SearchRange]) {
    for range in ranges {
        range.write(w);
    }
}

/// Reads a SearchRangeList: ranges to the end of the payload.
pub(crate) fn read_ranges(r: &mut Reader<'_>) -> Result<Vec<SearchRange>, DecodeError> {
    let mut ranges = Vec::new();
    while !r.is_empty() {
        ranges.push(SearchRange::read(r)?);
    }
    Ok(ranges)
}
