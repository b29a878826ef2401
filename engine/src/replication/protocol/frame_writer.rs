//! [`FrameWriter`]: messages into an async byte stream (the TCP connection's write half).

use std::io::{self, IoSlice};

use bytes::Bytes;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::frame::{encode, encode_bulk};
use super::frame_error::FrameError;
use super::message::Message;

/// Once this many bytes of frames are buffered, [`FrameWriter::write`] sends them in one
/// write.
pub const COALESCE_BYTES: usize = 64 * 1024;

/// Once the file data of large `Write`s waiting to go out reaches this many bytes,
/// [`FrameWriter::write`] sends them, with the frames around them, in one `writev`.
pub const COALESCE_BULK_BYTES: usize = 512 * 1024;

/// Buffer capacity kept after a write; a larger buffer (after a big frame) is given back.
const KEPT_CAPACITY: usize = 1024 * 1024;

/// Writes frames to `W`, coalescing small ones.
///
/// Policy: [`write`](FrameWriter::write) only encodes into a buffer until it holds
/// [`COALESCE_BYTES`], then sends the whole buffer in one write. A `Write` of at least
/// [`BULK_BYTES`](super::frame::BULK_BYTES) is not copied: its frame's head goes into the
/// buffer and its data (shared, not copied) waits beside it, until such data reaches
/// [`COALESCE_BULK_BYTES`]; then everything goes out in one `writev`, in frame order.
/// [`flush`](FrameWriter::flush) sends whatever waits. A sender calls `flush` whenever
/// its queue is momentarily empty, so a burst of operations leaves in few system calls
/// and a lone operation leaves at once. [`send`](FrameWriter::send) is write-then-flush,
/// for handshake, acks and keep-alives. A write or flush cancelled midway may leave half
/// a frame on the stream: do not race them in `select!`; close the connection after
/// such an error.
#[derive(Debug)]
pub struct FrameWriter<W> {
    inner: W,
    buf: Vec<u8>,
    /// Large Writes' data waiting to go out, each with the length `buf` had when it was
    /// queued (its place among the buffered bytes).
    bulk: Vec<(usize, Bytes)>,
    /// Bytes of data in `bulk`.
    bulk_bytes: usize,
    /// Bytes of frames encoded so far, sent or buffered.
    offset: u64,
}

impl<W: AsyncWrite + Unpin> FrameWriter<W> {
    /// A writer at the start of `inner`'s stream.
    pub fn new(inner: W) -> FrameWriter<W> {
        FrameWriter {
            inner,
            buf: Vec::new(),
            bulk: Vec::new(),
            bulk_bytes: 0,
            offset: 0,
        }
    }

    /// Queues `message` as one frame, sending what waits once it is enough (see the
    /// policy above); returns the frame's length. A message over the frame limit is
    /// refused and nothing is queued.
    pub async fn write(&mut self, message: &Message) -> Result<usize, FrameError> {
        let len = match encode_bulk(message, &mut self.buf)? {
            Some((len, data)) => {
                self.bulk.push((self.buf.len(), data.clone()));
                self.bulk_bytes += data.len();
                len
            }
            None => encode(message, &mut self.buf)?,
        };
        self.offset += len as u64;
        if self.buf.len() >= COALESCE_BYTES || self.bulk_bytes >= COALESCE_BULK_BYTES {
            self.write_out().await?;
        }
        Ok(len)
    }

    /// Sends everything buffered and flushes the stream.
    pub async fn flush(&mut self) -> Result<(), FrameError> {
        self.write_out().await?;
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
        self.buf.len() + self.bulk_bytes
    }

    /// Bytes of all frames written so far, sent or buffered (conBytesTx-style).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Writes the buffer and the bulk data out, in order, and empties both.
    async fn write_out(&mut self) -> Result<(), FrameError> {
        if self.bulk.is_empty() {
            if !self.buf.is_empty() {
                self.inner.write_all(&self.buf).await?;
            }
        } else {
            let mut slices = Vec::with_capacity(2 * self.bulk.len() + 1);
            let mut at = 0;
            for (place, data) in &self.bulk {
                slices.push(IoSlice::new(&self.buf[at..*place]));
                slices.push(IoSlice::new(data));
                at = *place;
            }
            slices.push(IoSlice::new(&self.buf[at..]));
            slices.retain(|slice| !slice.is_empty());
            let mut left = &mut slices[..];
            while !left.is_empty() {
                let written = self.inner.write_vectored(left).await?;
                if written == 0 {
                    return Err(io::Error::from(io::ErrorKind::WriteZero).into());
                }
                IoSlice::advance_slices(&mut left, written);
            }
            self.bulk.clear();
            self.bulk_bytes = 0;
        }
        self.buf.clear();
        if self.buf.capacity() > KEPT_CAPACITY {
            self.buf.shrink_to(COALESCE_BYTES * 2);
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

    #[tokio::test]
    async fn large_writes_wait_beside_small_frames_and_go_out_together_in_order() {
        use crate::replication::protocol::encode;
        use crate::replication::{OpOrigin, Operation, RelPath, SequencedOp};

        let big = |seq: u64| {
            Message::Op(SequencedOp {
                seq,
                origin: OpOrigin::Mirror,
                op: Operation::Write {
                    path: RelPath::from_bytes(b"f").unwrap(),
                    offset: seq << 16,
                    data: vec![seq as u8; 64 * 1024].into(),
                },
            })
        };
        let messages = [
            Message::KeepAlive,
            big(1),
            Message::Ack { up_to_seq: 7 },
            big(2),
            big(3),
            Message::KeepAliveAck,
        ];
        let mut expected = Vec::new();
        let mut writer = FrameWriter::new(Vec::new());
        for message in &messages {
            encode(message, &mut expected).unwrap();
            writer.write(message).await.unwrap();
        }
        assert!(writer.inner.is_empty(), "nothing goes out before a flush");
        assert_eq!(writer.buffered(), expected.len());
        writer.flush().await.unwrap();
        assert!(
            writer.inner == expected,
            "the frames went out whole and in order"
        );
        assert_eq!(writer.buffered(), 0);

        // Enough large data goes out without a flush.
        let (mut seq, sent) = (10, writer.inner.len());
        while writer.inner.len() == sent {
            encode(&big(seq), &mut expected).unwrap();
            writer.write(&big(seq)).await.unwrap();
            seq += 1;
        }
        assert!(
            writer.inner == expected,
            "the frames went out whole and in order"
        );
        assert_eq!((seq - 10) as usize, COALESCE_BULK_BYTES / (64 * 1024));
    }
}
