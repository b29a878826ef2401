//! [`FrameError`]: why bytes from a peer are not a valid frame, or a message cannot be sent.

use std::io;

use super::frame::MAX_PAYLOAD_LEN;

/// What is wrong inside a frame's payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeKind {
    /// The message type number is one this version does not know (a newer peer's message).
    #[error("unknown message type {tag}")]
    UnknownMessage {
        /// The type number read.
        tag: u32,
    },
    /// The payload ends inside the message.
    #[error("the payload ends inside the message")]
    UnexpectedEnd,
    /// A number's encoding is longer than its type allows.
    #[error("a number is badly encoded")]
    BadVarint,
    /// A text field is not UTF-8.
    #[error("a text field is not UTF-8")]
    BadUtf8,
    /// A flag (bool or option marker) is neither 0 nor 1.
    #[error("a flag is neither 0 nor 1")]
    BadFlag,
    /// A value its type refuses: an unknown operation or origin, or a path that is
    /// empty, absolute, holds NUL or a `.`/`..`/empty component.
    #[error("a value is invalid (unknown operation, or a path that could leave the replica)")]
    Invalid,
    /// Bytes follow the message inside the frame.
    #[error("{unused} bytes follow the message")]
    Trailing {
        /// How many.
        unused: usize,
    },
}

impl From<postcard::Error> for DecodeKind {
    fn from(err: postcard::Error) -> DecodeKind {
        match err {
            postcard::Error::DeserializeUnexpectedEnd => DecodeKind::UnexpectedEnd,
            postcard::Error::DeserializeBadVarint => DecodeKind::BadVarint,
            postcard::Error::DeserializeBadUtf8 | postcard::Error::DeserializeBadChar => {
                DecodeKind::BadUtf8
            }
            postcard::Error::DeserializeBadBool | postcard::Error::DeserializeBadOption => {
                DecodeKind::BadFlag
            }
            _ => DecodeKind::Invalid,
        }
    }
}

/// Why a frame could not be read or written. Offsets count bytes from the start of the
/// stream (or of the buffer given to [`decode`](super::decode)) to the frame's header.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The header announces a payload over [`MAX_PAYLOAD_LEN`]; nothing was allocated for it.
    #[error("frame at byte {offset} announces {len} bytes, over the {MAX_PAYLOAD_LEN}-byte limit")]
    TooLarge {
        /// Where the frame starts.
        offset: u64,
        /// The announced payload length.
        len: u32,
    },
    /// The payload is not a valid message.
    #[error("frame at byte {offset} ({len} bytes of payload): {kind}")]
    Payload {
        /// Where the frame starts.
        offset: u64,
        /// The payload length.
        len: u32,
        /// What is wrong.
        kind: DecodeKind,
    },
    /// The stream ended inside a frame.
    #[error("the stream ended inside the frame at byte {offset}: {have} of {need} bytes")]
    Truncated {
        /// Where the frame starts.
        offset: u64,
        /// Bytes of the frame received.
        have: usize,
        /// Bytes the frame needs (just the header when not even that arrived).
        need: usize,
    },
    /// A message to send encodes to more than [`MAX_PAYLOAD_LEN`] bytes; nothing was sent.
    #[error("a message of {len} bytes is over the {MAX_PAYLOAD_LEN}-byte frame limit")]
    MessageTooLarge {
        /// Its encoded length.
        len: usize,
    },
    /// The message could not be serialized.
    #[error("cannot encode the message: {0}")]
    Encode(String),
    /// Reading or writing the connection failed.
    #[error("connection I/O: {0}")]
    Io(#[from] io::Error),
}
