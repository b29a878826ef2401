//! The PDUs this codec reads and writes, as one enum.

use super::context::context_flag;
use super::error::DecodeError;
use super::header::{Header, PduType};
use super::reader::Reader;
use super::registration::{Register, Unregister};
use super::request::{BulkRequest, Request};
use super::response::Response;
use super::session::{Close, Open, Ping};
use super::varbind_list::VarBindList;
use super::writer::Writer;

/// An AgentX PDU body. IndexAllocate, IndexDeallocate, AddAgentCaps and RemoveAgentCaps
/// are sub-agent → master PDUs this sub-agent never uses, so they are not read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pdu {
    /// Open a session.
    Open(Open),
    /// Close a session.
    Close(Close),
    /// Register a subtree.
    Register(Register),
    /// Withdraw a registration.
    Unregister(Unregister),
    /// Get exact instances.
    Get(Request),
    /// Get the next instances.
    GetNext(Request),
    /// Get many next instances.
    GetBulk(BulkRequest),
    /// First phase of a Set.
    TestSet(VarBindList),
    /// Second phase of a Set.
    CommitSet,
    /// Undo a committed Set.
    UndoSet,
    /// Release a Set's resources.
    CleanupSet,
    /// Send a notification.
    Notify(VarBindList),
    /// Check the session.
    Ping(Ping),
    /// Answer any of the above.
    Response(Response),
}

impl Pdu {
    /// The header's type for this PDU.
    pub fn pdu_type(&self) -> PduType {
        match self {
            Self::Open(_) => PduType::Open,
            Self::Close(_) => PduType::Close,
            Self::Register(_) => PduType::Register,
            Self::Unregister(_) => PduType::Unregister,
            Self::Get(_) => PduType::Get,
            Self::GetNext(_) => PduType::GetNext,
            Self::GetBulk(_) => PduType::GetBulk,
            Self::TestSet(_) => PduType::TestSet,
            Self::CommitSet => PduType::CommitSet,
            Self::UndoSet => PduType::UndoSet,
            Self::CleanupSet => PduType::CleanupSet,
            Self::Notify(_) => PduType::Notify,
            Self::Ping(_) => PduType::Ping,
            Self::Response(_) => PduType::Response,
        }
    }

    /// The header flags the body needs (context, instance registration), byte order aside.
    pub(crate) fn flags(&self) -> u8 {
        match self {
            Self::Register(r) => r.flags() | context_flag(&r.context),
            Self::Unregister(u) => context_flag(&u.context),
            Self::Get(q) | Self::GetNext(q) => context_flag(&q.context),
            Self::GetBulk(b) => context_flag(&b.context),
            Self::TestSet(l) | Self::Notify(l) => context_flag(&l.context),
            Self::Ping(p) => context_flag(&p.context),
            Self::Open(_)
            | Self::Close(_)
            | Self::CommitSet
            | Self::UndoSet
            | Self::CleanupSet
            | Self::Response(_) => 0,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Open(o) => o.write(w),
            Self::Close(c) => c.write(w),
            Self::Register(r) => r.write(w),
            Self::Unregister(u) => u.write(w),
            Self::Get(q) | Self::GetNext(q) => q.write(w),
            Self::GetBulk(b) => b.write(w),
            Self::TestSet(l) | Self::Notify(l) => l.write(w),
            Self::CommitSet | Self::UndoSet | Self::CleanupSet => {}
            Self::Ping(p) => p.write(w),
            Self::Response(r) => r.write(w),
        }
    }

    /// Reads the body the header announces; the caller checks that nothing is left over.
    pub(crate) fn read(header: &Header, r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let flags = header.flags;
        Ok(match header.pdu_type {
            PduType::Open => Self::Open(Open::read(r)?),
            PduType::Close => Self::Close(Close::read(r)?),
            PduType::Register => Self::Register(Register::read(r, flags)?),
            PduType::Unregister => Self::Unregister(Unregister::read(r, flags)?),
            PduType::Get => Self::Get(Request::read(r, flags)?),
            PduType::GetNext => Self::GetNext(Request::read(r, flags)?),
            PduType::GetBulk => Self::GetBulk(BulkRequest::read(r, flags)?),
            PduType::TestSet => Self::TestSet(VarBindList::read(r, flags)?),
            PduType::CommitSet => Self::CommitSet,
            PduType::UndoSet => Self::UndoSet,
            PduType::CleanupSet => Self::CleanupSet,
            PduType::Notify => Self::Notify(VarBindList::read(r, flags)?),
            PduType::Ping => Self::Ping(Ping::read(r, flags)?),
            PduType::Response => Self::Response(Response::read(r)?),
            unsupported @ (PduType::IndexAllocate
            | PduType::IndexDeallocate
            | PduType::AddAgentCaps
            | PduType::RemoveAgentCaps) => return Err(DecodeError::UnsupportedPdu(unsupported)),
        })
    }
}
