//! agentx-Response-PDU (§6.2.16): the answer to every other PDU.

use super::error::DecodeError;
use super::error_status::ErrorStatus;
use super::reader::Reader;
use super::value::{read_varbinds, write_varbinds, VarBind};
use super::writer::Writer;

/// A Response.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Response {
    /// `res.sysUpTime`: the master's sysUpTime in hundredths of a second (0 from a sub-agent).
    pub sys_uptime: u32,
    /// `res.error`.
    pub error: ErrorStatus,
    /// `res.index`: the 1-based VarBind the error is about, 0 if none.
    pub index: u16,
    /// The VarBinds answered (empty for administrative PDUs).
    pub varbinds: Vec<VarBind>,
}

impl Response {
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.sys_uptime);
        w.u16(self.error.code());
        w.u16(self.index);
        write_varbinds(w, &self.varbinds);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let sys_uptime = r.u32()?;
        let code = r.u16()?;
        let error = ErrorStatus::from_code(code).ok_or(DecodeError::UnknownErrorStatus(code))?;
        let index = r.u16()?;
        let varbinds = read_varbinds(r)?;
        Ok(Self {
            sys_uptime,
            error,
            index,
            varbinds,
        })
    }
}
