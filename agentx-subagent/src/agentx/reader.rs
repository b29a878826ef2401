//! A cursor over a payload that reads RFC 2741 §5 primitive fields in the message's byte order.

use super::byte_order::ByteOrder;
use super::error::DecodeError;

/// Reads fields front to back; every read checks the bytes are there first.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    order: ByteOrder,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub(crate) fn new(buf: &'a [u8], order: ByteOrder) -> Self {
        Self { buf, pos: 0, order }
    }

    /// Offset of the next field.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Whether every byte has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.pos == self.buf.len()
    }

    /// Fails unless every byte has been read.
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        match self.buf.len() - self.pos {
            0 => Ok(()),
            count => Err(DecodeError::TrailingBytes { count }),
        }
    }

    fn take(&mut self, needed: usize) -> Result<&'a [u8], DecodeError> {
        let offset = self.pos;
        let bytes = offset
            .checked_add(needed)
            .and_then(|end| self.buf.get(offset..end))
            .ok_or(DecodeError::Truncated { offset, needed })?;
        self.pos += needed;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// One byte.
    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    /// A 16-bit unsigned integer.
    pub(crate) fn u16(&mut self) -> Result<u16, DecodeError> {
        let b = self.array()?;
        Ok(match self.order {
            ByteOrder::LittleEndian => u16::from_le_bytes(b),
            ByteOrder::BigEndian => u16::from_be_bytes(b),
        })
    }

    /// A 32-bit unsigned integer.
    pub(crate) fn u32(&mut self) -> Result<u32, DecodeError> {
        let b = self.array()?;
        Ok(match self.order {
            ByteOrder::LittleEndian => u32::from_le_bytes(b),
            ByteOrder::BigEndian => u32::from_be_bytes(b),
        })
    }

    /// A 64-bit unsigned integer.
    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        let b = self.array()?;
        Ok(match self.order {
            ByteOrder::LittleEndian => u64::from_le_bytes(b),
            ByteOrder::BigEndian => u64::from_be_bytes(b),
        })
    }

    /// `n` reserved bytes, which must be zero.
    pub(crate) fn reserved(&mut self, n: usize) -> Result<(), DecodeError> {
        let offset = self.pos;
        if self.take(n)?.iter().all(|&b| b == 0) {
            Ok(())
        } else {
            Err(DecodeError::ReservedNotZero { offset })
        }
    }

    /// An Octet String (§5.3): a 32-bit length, the octets, zero padding to a multiple of 4.
    ///
    /// The length is checked against the bytes left before anything is allocated.
    pub(crate) fn octets(&mut self) -> Result<Vec<u8>, DecodeError> {
        let len = self.u32()? as usize;
        let octets = self.take(len)?.to_vec();
        let offset = self.pos;
        let padding = (4 - len % 4) % 4;
        if self.take(padding)?.iter().all(|&b| b == 0) {
            Ok(octets)
        } else {
            Err(DecodeError::PaddingNotZero { offset })
        }
    }
}
