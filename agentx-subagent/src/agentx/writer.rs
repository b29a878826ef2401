//! A growing buffer that writes RFC 2741 §5 primitive fields in the chosen byte order.

use super::byte_order::ByteOrder;
use super::error::EncodeError;

/// Appends fields to a byte vector.
pub(crate) struct Writer {
    buf: Vec<u8>,
    order: ByteOrder,
    /// The first field that could not be written.
    failed: Option<EncodeError>,
}

impl Writer {
    /// An empty writer for `order`.
    pub(crate) fn new(order: ByteOrder) -> Self {
        Self {
            buf: Vec::new(),
            order,
            failed: None,
        }
    }

    /// The bytes written, or why a field could not be.
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>, EncodeError> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(self.buf),
        }
    }

    /// Records that a field cannot be encoded: the whole message fails.
    pub(crate) fn fail(&mut self, error: EncodeError) {
        self.failed.get_or_insert(error);
    }

    /// One byte.
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// A 16-bit unsigned integer.
    pub(crate) fn u16(&mut self, v: u16) {
        match self.order {
            ByteOrder::LittleEndian => self.buf.extend_from_slice(&v.to_le_bytes()),
            ByteOrder::BigEndian => self.buf.extend_from_slice(&v.to_be_bytes()),
        }
    }

    /// A 32-bit unsigned integer.
    pub(crate) fn u32(&mut self, v: u32) {
        match self.order {
            ByteOrder::LittleEndian => self.buf.extend_from_slice(&v.to_le_bytes()),
            ByteOrder::BigEndian => self.buf.extend_from_slice(&v.to_be_bytes()),
        }
    }

    /// A 64-bit unsigned integer.
    pub(crate) fn u64(&mut self, v: u64) {
        match self.order {
            ByteOrder::LittleEndian => self.buf.extend_from_slice(&v.to_le_bytes()),
            ByteOrder::BigEndian => self.buf.extend_from_slice(&v.to_be_bytes()),
        }
    }

    /// `n` zero bytes for reserved fields.
    pub(crate) fn reserved(&mut self, n: usize) {
        self.buf.resize(self.buf.len() + n, 0);
    }

    /// An Octet String (§5.3) with its zero padding.
    ///
    /// A string longer than `u32::MAX` saturates the length field; such a payload is
    /// then refused as a whole by the message encoder's own length check.
    pub(crate) fn octets(&mut self, octets: &[u8]) {
        self.u32(u32::try_from(octets.len()).unwrap_or(u32::MAX));
        self.buf.extend_from_slice(octets);
        self.reserved((4 - octets.len() % 4) % 4);
    }
}
