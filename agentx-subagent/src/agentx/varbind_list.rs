//! A context and a VarBindList: the body of TestSet (§6.2.8) and Notify (§6.2.10).

use super::context::{read_context, write_context, Context};
use super::error::DecodeError;
use super::reader::Reader;
use super::value::{read_varbinds, write_varbinds, VarBind};
use super::writer::Writer;

/// VarBinds in a context.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct VarBindList {
    /// The context.
    pub context: Context,
    /// The VarBinds, in order.
    pub varbinds: Vec<VarBind>,
}

impl VarBindList {
    pub(crate) fn write(&self, w: &mut Writer) {
        write_context(w, &self.context);
        write_varbinds(w, &self.varbinds);
    }

    pub(crate) fn read(r: &mut Reader<'_>, flags: u8) -> Result<Self, DecodeError> {
        let context = read_context(r, flags)?;
        let varbinds = read_varbinds(r)?;
        Ok(Self { context, varbinds })
    }
}
