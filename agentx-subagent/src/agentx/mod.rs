//! The AgentX protocol (RFC 2741) as a small codec of our own: header, object
//! identifiers, search ranges, octet strings, VarBinds and the PDUs a sub-agent sends
//! and receives, in both byte orders, plus framing with a payload limit.
//!
//! # Why our own codec
//! The `agentx` crate (0.1.1) interoperates with Net-SNMP but has defects that matter
//! to this sub-agent; each is demonstrated by a test in `tests/agentx_defects.rs`, and
//! the crate stays a dev-dependency oracle where it is sound (`tests/agentx_oracle.rs`):
//! 1. `Response::from_bytes` multiplies sysUpTime by 10 in `u32`: it panics in debug
//!    builds once the master has been up 49.7 days and is wrong in release builds.
//! 2. Response errors cover only 0 and 256–268; the SNMP codes 1–18 fail to decode and
//!    cannot be sent, so a Set cannot be answered notWritable.
//! 3. Octet strings are `String`s: binary strings and IpAddresses with an octet ≥ 128
//!    fail to decode.
//! 4. Decoders ignore the payload length and read to the end of the slice, so two
//!    messages in one buffer decode as one.
//! 5. Its flag constants are bit positions, not bit values, and a context does not set
//!    NON_DEFAULT_CONTEXT, so its own encoding of a context does not decode back.
//! 6. `Register::new` uses priority 0, not the RFC's default 127.
//! 7. A Response without VarBinds decodes with an empty list where it had none.
//! 8. TimeTicks is signed; an object identifier of more than 255 sub-identifiers
//!    (possible after prefix expansion) panics when re-encoded; the version is not checked.
//!
//! Here octets are `Vec<u8>`, every error code of §6.2.16 is a variant, payload lengths
//! bound every read, decoding is strict (reserved bytes, padding and flags must be as the
//! RFC says) so that a decoded message re-encodes to the same bytes, and nothing panics
//! on any input.
//!
//! # Layout
//! - [`header`]: the 20-byte header, PDU types and flag bits.
//! - [`oid`]: the prefix-compressed encoding of an [`Oid`] with the include flag.
//! - [`search_range`], [`value`], [`varbind_list`], [`context`]: the §5 encodings.
//! - [`session`], [`registration`], [`request`], [`response`]: the PDU bodies;
//!   [`pdu`] joins them as [`Pdu`].
//! - [`message`]: [`Message`], a header's fields plus a PDU, encoded in a chosen byte order.
//! - [`frame`]: one message out of a byte stream, with a payload limit.
//! - [`error_status`], [`close_reason`], [`byte_order`], [`error`]: the enumerations and errors.

pub mod byte_order;
pub mod close_reason;
pub mod context;
pub mod error;
pub mod error_status;
pub mod frame;
pub mod header;
pub mod message;
pub mod oid;
pub mod pdu;
mod reader;
pub mod registration;
pub mod request;
pub mod response;
pub mod search_range;
pub mod session;
pub mod value;
pub mod varbind_list;
mod writer;

pub use crate::oid::Oid;
pub use byte_order::ByteOrder;
pub use close_reason::CloseReason;
pub use context::Context;
pub use error::{DecodeError, EncodeError, ReadError};
pub use error_status::ErrorStatus;
pub use frame::{decode_frame, read_message, DEFAULT_MAX_PAYLOAD};
pub use header::{Header, PduType, HEADER_LEN};
pub use message::Message;
pub use oid::MAX_SUB_IDS;
pub use pdu::Pdu;
pub use registration::{RangeBound, Register, Unregister, DEFAULT_PRIORITY};
pub use request::{BulkRequest, Request};
pub use response::Response;
pub use search_range::SearchRange;
pub use session::{Close, Open, Ping};
pub use value::{Value, VarBind};
pub use varbind_list::VarBindList;
