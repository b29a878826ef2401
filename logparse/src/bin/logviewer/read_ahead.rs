//! Reading a file on a second thread, so the kernel's copying overlaps with filtering.

use std::io::{self, Read};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::thread;

/// Bytes read per request on the reading thread.
const BLOCK: usize = 1 << 20;
/// Blocks the reading thread may get ahead of the consumer.
const DEPTH: usize = 4;

/// A [`Read`] fed by a thread that reads `inner` ahead in large blocks.
pub struct ReadAhead {
    blocks: Receiver<io::Result<Vec<u8>>>,
    /// Consumed blocks go back to the reading thread, which reuses them.
    spent: Sender<Vec<u8>>,
    current: Vec<u8>,
    pos: usize,
    done: bool,
}

impl ReadAhead {
    /// Starts reading `inner` on its own thread.
    pub fn new<R: Read + Send + 'static>(mut inner: R) -> ReadAhead {
        let (tx, rx) = sync_channel(DEPTH);
        let (spent, recycled) = channel::<Vec<u8>>();
        thread::spawn(move || loop {
            let mut block = recycled.try_recv().unwrap_or_default();
            block.resize(BLOCK, 0);
            let result = inner.read(&mut block).map(|n| {
                block.truncate(n);
                block
            });
            let end = !matches!(&result, Ok(block) if !block.is_empty());
            if tx.send(result).is_err() || end {
                return;
            }
        });
        ReadAhead {
            blocks: rx,
            spent,
            current: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for ReadAhead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.current.len() {
            if self.done {
                return Ok(0);
            }
            match self.blocks.recv() {
                Ok(Ok(block)) if !block.is_empty() => {
                    let spent = std::mem::replace(&mut self.current, block);
                    // The reading thread has stopped when this fails; nothing to reuse then.
                    let _ = self.spent.send(spent);
                    self.pos = 0;
                }
                Ok(Err(err)) => {
                    self.done = true;
                    return Err(err);
                }
                Ok(Ok(_)) | Err(_) => self.done = true,
            }
        }
        let n = buf.len().min(self.current.len() - self.pos);
        buf[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_every_byte_in_order() {
        let data: Vec<u8> = (0..3 * BLOCK + 12345).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        ReadAhead::new(io::Cursor::new(data.clone()))
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn passes_on_read_errors() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let err = ReadAhead::new(Failing).read(&mut [0; 8]).unwrap_err();
        assert_eq!(err.to_string(), "disk on fire");
    }
}
