//! [`FrameReader`]: messages out of an async byte stream (the TCP connection's read half).

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncReadExt};

use super::frame::{announced_len, decode_frame, HEADER_LEN};
use super::frame_error::FrameError;
use super::message::Message;

/// Bytes asked of the stream at least per read: several 64 KiB frames, so the bytes of
/// a frame left incomplete at the end of a read move to a new buffer once per read, not
/// once per frame.
const READ_CHUNK: usize = 256 * 1024;

/// Reads frames from `R`, buffering partial ones.
///
/// Each frame is split off the read buffer without a copy; a large `Write`'s data stays
/// where it was read (see `frame::decode_frame`), so the buffer it shares is freed once every
/// message holding a part of it is dropped. That is at most about one read's bytes (or
/// one frame) more than the messages hold, since they are applied in order.
///
/// [`FrameReader::read`] is cancel-safe: it may sit in a `tokio::select!` beside timers;
/// a cancelled read loses no bytes.
#[derive(Debug)]
pub struct FrameReader<R> {
    inner: R,
    buf: BytesMut,
    /// Stream offset of `buf[0]`.
    offset: u64,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    /// A reader at the start of `inner`'s stream.
    pub fn new(inner: R) -> FrameReader<R> {
        FrameReader {
            inner,
            buf: BytesMut::new(),
            offset: 0,
        }
    }

    /// The next message; `None` when the stream ends cleanly between frames. A stream
    /// that ends inside a frame is [`FrameError::Truncated`]; an oversize length is
    /// refused before any byte of its payload is read.
    pub async fn read(&mut self) -> Result<Option<Message>, FrameError> {
        loop {
            if let Some(message) = self.buffered()? {
                return Ok(Some(message));
            }
            let missing = match announced_len(&self.buf, self.offset)? {
                Some(len) => HEADER_LEN + len - self.buf.len(),
                None => HEADER_LEN - self.buf.len(),
            };
            self.buf.reserve(missing.max(READ_CHUNK));
            if self.inner.read_buf(&mut self.buf).await? == 0 {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                return Err(FrameError::Truncated {
                    offset: self.offset,
                    have: self.buf.len(),
                    need: self.buf.len() + missing,
                });
            }
        }
    }

    /// The next message if its whole frame is already buffered (nothing is read): a
    /// receiver may take every frame one read brought in before it waits again.
    pub fn buffered(&mut self) -> Result<Option<Message>, FrameError> {
        match announced_len(&self.buf, self.offset)? {
            Some(len) if self.buf.len() >= HEADER_LEN + len => {
                let frame = self.buf.split_to(HEADER_LEN + len).freeze();
                let message = decode_frame(&frame, self.offset)?;
                self.offset += frame.len() as u64;
                Ok(Some(message))
            }
            _ => Ok(None),
        }
    }

    /// Bytes of whole frames read so far (what conBytesRx-style counters add up).
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::protocol::encode;

    #[tokio::test]
    async fn reads_frames_split_across_reads_then_a_clean_end() {
        let mut stream = Vec::new();
        encode(&Message::KeepAlive, &mut stream).unwrap();
        encode(&Message::Ack { up_to_seq: 9 }, &mut stream).unwrap();
        let (mut tx, rx) = tokio::io::duplex(3);
        let writer =
            tokio::spawn(
                async move { tokio::io::AsyncWriteExt::write_all(&mut tx, &stream).await },
            );
        let mut reader = FrameReader::new(rx);
        assert_eq!(reader.read().await.unwrap(), Some(Message::KeepAlive));
        assert_eq!(reader.offset(), 5);
        assert_eq!(
            reader.read().await.unwrap(),
            Some(Message::Ack { up_to_seq: 9 })
        );
        writer.await.unwrap().unwrap();
        assert_eq!(reader.read().await.unwrap(), None);
        assert_eq!(reader.offset(), 11);
    }

    #[tokio::test]
    async fn an_end_inside_a_frame_is_an_error_naming_it() {
        let mut stream = Vec::new();
        encode(&Message::KeepAlive, &mut stream).unwrap();
        encode(&Message::Ack { up_to_seq: 9 }, &mut stream).unwrap();
        stream.pop();
        let mut reader = FrameReader::new(&stream[..]);
        assert_eq!(reader.read().await.unwrap(), Some(Message::KeepAlive));
        match reader.read().await {
            Err(FrameError::Truncated {
                offset: 5,
                have: 5,
                need: 6,
            }) => {}
            other => panic!("{other:?}"),
        }
        let mut reader = FrameReader::new(&[1u8, 0][..]);
        assert!(matches!(
            reader.read().await,
            Err(FrameError::Truncated {
                offset: 0,
                have: 2,
                need: 4
            })
        ));
    }

    #[tokio::test]
    async fn buffered_takes_only_whole_frames_already_read() {
        let mut stream = Vec::new();
        encode(&Message::KeepAlive, &mut stream).unwrap();
        encode(&Message::Ack { up_to_seq: 9 }, &mut stream).unwrap();
        encode(&Message::KeepAliveAck, &mut stream).unwrap();
        stream.pop();
        let mut reader = FrameReader::new(&stream[..]);
        assert_eq!(reader.buffered().unwrap(), None, "nothing read yet");
        assert_eq!(reader.read().await.unwrap(), Some(Message::KeepAlive));
        assert_eq!(
            reader.buffered().unwrap(),
            Some(Message::Ack { up_to_seq: 9 })
        );
        assert_eq!(reader.offset(), 11);
        assert_eq!(reader.buffered().unwrap(), None, "the last frame is cut");
        assert_eq!(reader.offset(), 11);
    }
}
