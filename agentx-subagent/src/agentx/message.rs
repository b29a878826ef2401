//! A whole AgentX message: header fields plus one PDU, encoded in a chosen byte order.

use super::byte_order::ByteOrder;
use super::error::{DecodeError, EncodeError};
use super::header::{Header, HEADER_LEN, NETWORK_BYTE_ORDER};
use super::pdu::Pdu;
use super::reader::Reader;
use super::writer::Writer;

/// One AgentX message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    /// `h.sessionID` (0 in an Open).
    pub session_id: u32,
    /// `h.transactionID`: the same for every PDU of one SNMP request.
    pub transaction_id: u32,
    /// `h.packetID`: a Response carries its request's.
    pub packet_id: u32,
    /// The byte order to encode in, or the one the message was received in.
    pub byte_order: ByteOrder,
    /// The PDU.
    pub pdu: Pdu,
}

impl Message {
    /// The header this message encodes with, for a payload of `payload_length` bytes.
    fn header(&self, payload_length: u32) -> Header {
        let order = match self.byte_order {
            ByteOrder::LittleEndian => 0,
            ByteOrder::BigEndian => NETWORK_BYTE_ORDER,
        };
        Header {
            pdu_type: self.pdu.pdu_type(),
            flags: order | self.pdu.flags(),
            session_id: self.session_id,
            transaction_id: self.transaction_id,
            packet_id: self.packet_id,
            payload_length,
        }
    }

    /// The message's bytes: header then payload, in [`Message::byte_order`].
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut w = Writer::new(self.byte_order);
        self.pdu.write(&mut w);
        let payload = w.into_bytes()?;
        let length =
            u32::try_from(payload.len()).map_err(|_| EncodeError::PayloadTooLong(payload.len()))?;
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(&self.header(length).encode());
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// Decodes the payload that `header` announced; `payload` must be exactly that long.
    pub fn decode(header: &Header, payload: &[u8]) -> Result<Self, DecodeError> {
        let announced = header.payload_length as usize;
        if payload.len() > announced {
            return Err(DecodeError::TrailingBytes {
                count: payload.len() - announced,
            });
        }
        if payload.len() < announced {
            return Err(DecodeError::Truncated {
                offset: payload.len(),
                needed: announced - payload.len(),
            });
        }
        header.check_flags()?;
        let byte_order = header.byte_order();
        let mut r = Reader::new(payload, byte_order);
        let pdu = Pdu::read(header, &mut r)?;
        r.finish()?;
        Ok(Self {
            session_id: header.session_id,
            transaction_id: header.transaction_id,
            packet_id: header.packet_id,
            byte_order,
            pdu,
        })
    }
}
