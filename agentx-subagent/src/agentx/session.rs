//! The session PDUs: Open (§6.2.1), Close (§6.2.2) and Ping (§6.2.13).

use super::close_reason::CloseReason;
use super::context::{read_context, write_context, Context};
use super::error::DecodeError;
use super::oid::{read_plain_oid, write_oid};
use super::reader::Reader;
use super::writer::Writer;
use crate::oid::Oid;

/// agentx-Open-PDU: a sub-agent asks the master for a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Open {
    /// Seconds the master waits for this sub-agent's answers; 0 means the master's default.
    pub timeout: u8,
    /// The sub-agent's identity (sysObjectID style), may be null.
    pub id: Oid,
    /// The sub-agent's description (DisplayString).
    pub descr: Vec<u8>,
}

impl Open {
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u8(self.timeout);
        w.reserved(3);
        write_oid(w, &self.id, false);
        w.octets(&self.descr);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let timeout = r.u8()?;
        r.reserved(3)?;
        let id = read_plain_oid(r)?;
        let descr = r.octets()?;
        Ok(Self { timeout, id, descr })
    }
}

/// agentx-Close-PDU: either side ends the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Close {
    /// Why.
    pub reason: CloseReason,
}

impl Close {
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u8(self.reason.code());
        w.reserved(3);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let code = r.u8()?;
        r.reserved(3)?;
        let reason = CloseReason::from_code(code).ok_or(DecodeError::UnknownCloseReason(code))?;
        Ok(Self { reason })
    }
}

/// agentx-Ping-PDU: a sub-agent checks the master is still there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Ping {
    /// The context pinged.
    pub context: Context,
}

impl Ping {
    pub(crate) fn write(&self, w: &mut Writer) {
        write_context(w, &self.context);
    }

    pub(crate) fn read(r: &mut Reader<'_>, flags: u8) -> Result<Self, DecodeError> {
        Ok(Self {
            context: read_context(r, flags)?,
        })
    }
}
