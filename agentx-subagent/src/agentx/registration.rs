//! Register (§6.2.3) and Unregister (§6.2.4): the subtrees a sub-agent serves.

use super::context::{read_context, write_context, Context};
use super::error::DecodeError;
use super::header::INSTANCE_REGISTRATION;
use super::oid::{read_plain_oid, write_oid};
use super::reader::Reader;
use super::writer::Writer;
use crate::oid::Oid;

/// The default registration priority (RFC 2741 §6.2.3): lower values win.
pub const DEFAULT_PRIORITY: u8 = 127;

/// A range registration: sub-identifier `subid` (1-based, counted in the full OID)
/// of the subtree runs up to `upper_bound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RangeBound {
    /// `r.range_subid`; a range with 0 here is sent as no range.
    pub subid: u8,
    /// `r.upper_bound`.
    pub upper_bound: u32,
}

/// The range actually sent: a `subid` of 0 means no range on the wire.
fn sent_range(range: Option<RangeBound>) -> Option<RangeBound> {
    range.filter(|r| r.subid != 0)
}

fn write_range(w: &mut Writer, subtree: &Oid, range: Option<RangeBound>) {
    write_oid(w, subtree, false);
    if let Some(range) = range {
        w.u32(range.upper_bound);
    }
}

fn read_range(r: &mut Reader<'_>, subid: u8) -> Result<(Oid, Option<RangeBound>), DecodeError> {
    let subtree = read_plain_oid(r)?;
    let range = match subid {
        0 => None,
        subid => Some(RangeBound {
            subid,
            upper_bound: r.u32()?,
        }),
    };
    Ok((subtree, range))
}

/// agentx-Register-PDU: a sub-agent offers a subtree (or one instance).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Register {
    /// The context registered in.
    pub context: Context,
    /// Seconds the master waits for answers in this subtree; 0 means the session's timeout.
    pub timeout: u8,
    /// `r.priority`: lower wins when registrations overlap.
    pub priority: u8,
    /// The registered subtree.
    pub subtree: Oid,
    /// A range over one sub-identifier of the subtree, if any.
    pub range: Option<RangeBound>,
    /// The INSTANCE_REGISTRATION flag: `subtree` names one object instance.
    pub instance: bool,
}

impl Register {
    /// A registration of `subtree` in the default context with the RFC's default priority 127.
    pub fn new(subtree: Oid) -> Self {
        Self {
            context: None,
            timeout: 0,
            priority: DEFAULT_PRIORITY,
            subtree,
            range: None,
            instance: false,
        }
    }

    pub(crate) fn flags(&self) -> u8 {
        if self.instance {
            INSTANCE_REGISTRATION
        } else {
            0
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        write_context(w, &self.context);
        w.u8(self.timeout);
        w.u8(self.priority);
        let range = sent_range(self.range);
        w.u8(range.map_or(0, |r| r.subid));
        w.reserved(1);
        write_range(w, &self.subtree, range);
    }

    pub(crate) fn read(r: &mut Reader<'_>, flags: u8) -> Result<Self, DecodeError> {
        let context = read_context(r, flags)?;
        let timeout = r.u8()?;
        let priority = r.u8()?;
        let subid = r.u8()?;
        r.reserved(1)?;
        let (subtree, range) = read_range(r, subid)?;
        Ok(Self {
            context,
            timeout,
            priority,
            subtree,
            range,
            instance: flags & INSTANCE_REGISTRATION != 0,
        })
    }
}

/// agentx-Unregister-PDU: a sub-agent withdraws a registration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unregister {
    /// The context of the registration.
    pub context: Context,
    /// The priority it was registered with.
    pub priority: u8,
    /// The registered subtree.
    pub subtree: Oid,
    /// The range it was registered with, if any.
    pub range: Option<RangeBound>,
}

impl Unregister {
    pub(crate) fn write(&self, w: &mut Writer) {
        write_context(w, &self.context);
        w.reserved(1);
        w.u8(self.priority);
        let range = sent_range(self.range);
        w.u8(range.map_or(0, |r| r.subid));
        w.reserved(1);
        write_range(w, &self.subtree, range);
    }

    pub(crate) fn read(r: &mut Reader<'_>, flags: u8) -> Result<Self, DecodeError> {
        let context = read_context(r, flags)?;
        r.reserved(1)?;
        let priority = r.u8()?;
        let subid = r.u8()?;
        r.reserved(1)?;
        let (subtree, range) = read_range(r, subid)?;
        Ok(Self {
            context,
            priority,
            subtree,
            range,
        })
    }
}
