//! The read requests the master sends: Get (§6.2.5), GetNext (§6.2.6), GetBulk (§6.2.7).

use super::context::{read_context, write_context, Context};
use super::error::DecodeError;
use super::reader::Reader;
use super::search_range::{read_ranges, write_ranges, SearchRange};
use super::writer::Writer;

/// The body of a Get or GetNext: a context and the ranges asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Request {
    /// The context asked.
    pub context: Context,
    /// One range per requested VarBind.
    pub ranges: Vec<SearchRange>,
}

impl Request {
    pub(crate) fn write(&self, w: &mut Writer) {
        write_context(w, &self.context);
        write_ranges(w, &self.ranges);
    }

    pub(crate) fn read(r: &mut Reader<'_>, flags: u8) -> Result<Self, DecodeError> {
        let context = read_context(r, flags)?;
        let ranges = read_ranges(r)?;
        Ok(Self { context, ranges })
    }
}

/// The body of a GetBulk.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BulkRequest {
    /// The context asked.
    pub context: Context,
    /// How many leading ranges get one GetNext each.
    pub non_repeaters: u16,
    /// How many GetNext steps the other ranges get.
    pub max_repetitions: u16,
    /// The ranges asked for.
    pub ranges: Vec<SearchRange>,
}

impl BulkRequest {
    pub(crate) fn write(&self, w: &mut Writer) {
        write_context(w, &self.context);
        w.u16(self.non_repeaters);
        w.u16(self.max_repetitions);
        write_ranges(w, &self.ranges);
    }

    pub(crate) fn read(r: &mut Reader<'_>, flags: u8) -> Result<Self, DecodeError> {
        let context = read_context(r, flags)?;
        let non_repeaters = r.u16()?;
        let max_repetitions = r.u16()?;
        let ranges = read_ranges(r)?;
        Ok(Self {
            context,
            non_repeaters,
            max_repetitions,
            ranges,
        })
    }
}
