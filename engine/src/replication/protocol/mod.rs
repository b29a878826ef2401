//! The source ↔ target wire protocol (issue 4, "Connection"): the source engine connects
//! to the target engine's NetPort (default 1500) and both exchange [`Message`]s, each in
//! one length-prefixed frame. The byte-level description is `engine/REPLICATION-PROTOCOL.md`.
//!
//! # Layout
//! - [`version`]: [`ProtocolVersion`] and the negotiation rule (another major is refused).
//! - [`handshake`]: [`Hello`], [`Welcome`], [`Refused`].
//! - [`message`]: [`Message`], every message and who sends it.
//! - [`frame`]: pure [`encode`] / [`decode`] of one frame; [`frame_error`]: [`FrameError`].
//! - [`frame_reader`] / [`frame_writer`]: [`FrameReader`] and [`FrameWriter`] over tokio
//!   streams, with the writer's coalescing policy.
//! - [`keep_alive`]: [`KeepAlive`], the NetworkTimeout/6 and NetworkTimeout clock.
//!
//! Connection IDs: each source engine numbers its connections 1, 2, 3… as the guide's
//! Connection ID counter (reset only when the service restarts with no jobs); the source
//! puts the ID in [`Hello::connection_id`] and keeps it across reconnections.

pub mod frame;
pub mod frame_error;
pub mod frame_reader;
pub mod frame_writer;
pub mod handshake;
pub mod keep_alive;
pub mod message;
pub mod version;

pub use frame::{decode, encode, encode_bulk, BULK_BYTES, HEADER_LEN, MAX_PAYLOAD_LEN};
pub use frame_error::{DecodeKind, FrameError};
pub use frame_reader::FrameReader;
pub use frame_writer::{FrameWriter, COALESCE_BULK_BYTES, COALESCE_BYTES};
pub use handshake::{Hello, Refused, Welcome};
pub use keep_alive::KeepAlive;
pub use message::{Message, MESSAGE_TYPES};
pub use version::ProtocolVersion;
