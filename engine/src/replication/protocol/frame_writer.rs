//! [`FrameWriter`]: messages into an async byte stream (the TCP connection's write half).

use std::io::{self, IoSlice};

use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::frame::{encode, encode_bulk};
use super::frame_error::FrameError;
use super::message::Message;

/// Once this many bytes are buffered, [`FrameWriter::write`] sends them in one write.
pub const COALESCE_BYTES: usize = 64 * 1024;

/// Buffer capacity kept after a write; a larger buffer (after a big frame) is given back.
const KEPT_CAPACITY: usize = 1024 * 1024;

/// Writes frames to `W`, coalescing small ones.
///
/// Policy: [`write`](FrameWriter::write) only encodes into a buffer until it holds
/// [`COALESCE_BYTES`], then sends the whole buffer in one write (a `Write` of at least
/// [`BULK_BYTES`](super::frame::BULK_BYTES) goes out at once, its data written from the
/// message itself); [`flush`](FrameWriter::flush)
/// sends whatever is buffered. A sender calls `flush` whenever its queue is momentarily
/// empty, so a burst of small operations leaves in few system calls and a lone operation
/// leaves at once. [`send`](FrameWriter::send) is write-then-flush, for handshake, acks and
/// keep-alives. A write or flush cancelled midway may leave half a frame on the stream:
/// do not race them in `select!`; close the connection after such an error.
#[derive(Debug)]
pub struct FrameWriter<W> {
    inner: W,
    buf: Vec<u8>,
    /// Bytes of frames encoded so far, sent or buffered.
    offset: u64,
}

impl<W: AsyncWrite + Unpin> FrameWriter<W> {
    /// A writer at the start of `inner`'s stream.
    pub fn new(inner: W) -> FrameWriter<W> {
        FrameWriter {
            inner,
            buf: Vec::new(),
            offset: 0,
        }
    }

    /// Queues `message` as one frame, sending the buffer once it reaches
    /// [`COALESCE_BYTES`]; returns the frame's length. A message over the frame limit is
    /// refused and nothing is queued.
    pub async fn write(&mut self, message: &Message) -> Result<usize, FrameError> {
        if let Some((len, data)) = encode_bulk(message, &mut self.buf)? {
            // A large Write: its data goes straight from the message to the stream,
            // after what is buffered, in the same system call.
            self.offset += len as u64;
            self.write_buffer_and(data).await?;
            return Ok(len);
        }
        let len = encode(message, &mut self.buf)?;
        self.offset += len as u64;
        if self.buf.len() >= COALESCE_BYTES {
            self.write_buffer().await?;
        }
        Ok(len)
    }

    /// Sends everything buffered and flushes the stream.
    pub async fn flush(&mut self) -> Result<(), FrameError> {
        self.write_buffer().await?;
        self.inner.flush().await?;
        Ok(())
    }

    /// Queues `message` and flushes at once; returns the frame's length.
    pub async fn send(&mut self, message: &Message) -> Result<usize, FrameError> {
        let len = self.write(message).await?;
        self.flush().await?;
        Ok(len)
    }

    /// Flushes, then shuts the stream down (the peer reads a clean end).
    pub async fn shutdown(&mut self) -> Result<(), FrameError> {
        self.flush().await?;
        self.inner.shutdown().await?;
        Ok(())
    }

    /// Bytes buffered and not yet sent.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Bytes of all frames written so far, sent or buffered (conBytesTx-style).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Writes the buffer, then `data`, out (together while the buffer lasts) and
    /// empties the buffer.
    async fn write_buffer_and(&mut self, data: &[u8]) -> Result<(), FrameError> {
        let mut head = 0;
        while head < self.buf.len() {
            let slices = [IoSlice::new(&self.buf[head..]), IoSlice::new(data)];
            let written = self.inner.write_vectored(&slices).await?;
            if written == 0 {
                return Err(io::Error::from(io::ErrorKind::WriteZero).into());
            }
            head += written;
        }
        let data_written = head - self.buf.len();
        self.buf.clear();
        if self.buf.capacity() > KEPT_CAPACITY {
            self.buf.shrink_to(COALESCE_BYTES * 2);
        }
        self.inner.write_all(&data[data_written..]).await?;
        Ok(())
    }

    /// Writes the buffer out and empties it.
    async fn write_buffer(&mut self) -> Result<(), FrameError> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf).await?;
            self.buf.clear();
            if self.buf.capacity() > KEPT_CAPACITY {
                self.buf.shrink_to(COALESCE_BYTES * 2);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::protocol::decode;

    #[tokio::test]
    async fn small_frames_wait_for_a_flush_and_large_ones_go_out() {
        let mut writer = FrameWriter::new(Vec::new());
        assert_eq!(writer.write(&Message::KeepAlive).await.unwrap(), 5);
        assert_eq!(writer.buffered(), 5);
        assert!(writer.inner.is_empty());
        writer.flush().await.unwrap();
        assert_eq!(writer.buffered(), 0);
        assert_eq!(writer.inner, [1, 0, 0, 0, 5]);

        let reason = "x".repeat(COALESCE_BYTES);
        let len = writer
            .write(&Message::Goodbye {
                reason: reason.clone(),
            })
            .await
            .unwrap();
        assert_eq!(writer.buffered(), 0);
        assert_eq!(writer.offset(), 5 + len as u64);
        assert_eq!(
            decode(&writer.inner[5..]).unwrap(),
            Some((Message::Goodbye { reason }, len))
        );
    }

    #[tokio::test]
    async fn a_large_write_after_buffered_frames_arrives_whole_through_short_writes() {
        use crate::replication::protocol::FrameReader;
        use crate::replication::{OpOrigin, Operation, RelPath, SequencedOp};

        let write = Message::Op(SequencedOp {
            seq: 3,
            origin: OpOrigin::Mirror,
            op: Operation::Write {
                path: RelPath::from_bytes(b"d/f").unwrap(),
                offset: 9,
                data: (0..100_000u32).map(|i| i as u8).collect(),
            },
        });
        // A pipe that takes at most 7 bytes per write.
        let (ours, theirs) = tokio::io::duplex(7);
        let sent = write.clone();
        let task = tokio::spawn(async move {
            let mut writer = FrameWriter::new(ours);
            writer.write(&Message::KeepAlive).await?;
            writer.write(&sent).await?;
            writer.send(&Message::Ack { up_to_seq: 1 }).await?;
            writer.shutdown().await
        });
        let mut reader = FrameReader::new(theirs);
        assert_eq!(reader.read().await.unwrap(), Some(Message::KeepAlive));
        assert_eq!(reader.read().await.unwrap(), Some(write));
        assert_eq!(
            reader.read().await.unwrap(),
            Some(Message::Ack { up_to_seq: 1 })
        );
        assert_eq!(reader.read().await.unwrap(), None);
        task.await.unwrap().unwrap();
    }
}
