//! VarBind and its values (RFC 2741 §5.4): every SNMPv2 type AgentX carries plus the
//! three exceptions noSuchObject, noSuchInstance and endOfMibView.

use super::error::DecodeError;
use super::oid::{read_plain_oid, write_oid};
use super::reader::Reader;
use super::writer::Writer;
use crate::oid::Oid;

/// The value of a VarBind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// INTEGER / Integer32 (type 2).
    Integer(i32),
    /// OCTET STRING (type 4): any bytes, not necessarily text.
    OctetString(Vec<u8>),
    /// NULL (type 5).
    Null,
    /// OBJECT IDENTIFIER (type 6).
    ObjectIdentifier(Oid),
    /// IpAddress (type 64): four octets, most significant first.
    IpAddress([u8; 4]),
    /// Counter32 (type 65).
    Counter32(u32),
    /// Gauge32 / Unsigned32 (type 66).
    Gauge32(u32),
    /// TimeTicks (type 67): hundredths of a second, unsigned.
    TimeTicks(u32),
    /// Opaque (type 68).
    Opaque(Vec<u8>),
    /// Counter64 (type 70).
    Counter64(u64),
    /// noSuchObject (type 128): no such object under this name.
    NoSuchObject,
    /// noSuchInstance (type 129): the object exists, this instance does not.
    NoSuchInstance,
    /// endOfMibView (type 130): nothing follows in the range.
    EndOfMibView,
}

impl Value {
    /// The `v.type` code on the wire.
    pub fn type_code(&self) -> u16 {
        match self {
            Self::Integer(_) => 2,
            Self::OctetString(_) => 4,
            Self::Null => 5,
            Self::ObjectIdentifier(_) => 6,
            Self::IpAddress(_) => 64,
            Self::Counter32(_) => 65,
            Self::Gauge32(_) => 66,
            Self::TimeTicks(_) => 67,
            Self::Opaque(_) => 68,
            Self::Counter64(_) => 70,
            Self::NoSuchObject => 128,
            Self::NoSuchInstance => 129,
            Self::EndOfMibView => 130,
        }
    }

    fn write_data(&self, w: &mut Writer) {
        match self {
            Self::Integer(v) => w.u32(*v as u32),
            Self::OctetString(octets) | Self::Opaque(octets) => w.octets(octets),
            Self::ObjectIdentifier(oid) => write_oid(w, oid, false),
            Self::IpAddress(octets) => w.octets(octets),
            Self::Counter32(v) | Self::Gauge32(v) | Self::TimeTicks(v) => w.u32(*v),
            Self::Counter64(v) => w.u64(*v),
            Self::Null | Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView => {}
        }
    }

    fn read_data(type_code: u16, r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(match type_code {
            2 => Self::Integer(r.u32()? as i32),
            4 => Self::OctetString(r.octets()?),
            5 => Self::Null,
            6 => Self::ObjectIdentifier(read_plain_oid(r)?),
            64 => {
                let octets = r.octets()?;
                let len = octets.len();
                Self::IpAddress(
                    octets
                        .try_into()
                        .map_err(|_| DecodeError::IpAddressLength(len))?,
                )
            }
            65 => Self::Counter32(r.u32()?),
            66 => Self::Gauge32(r.u32()?),
            67 => Self::TimeTicks(r.u32()?),
            68 => Self::Opaque(r.octets()?),
            70 => Self::Counter64(r.u64()?),
            128 => Self::NoSuchObject,
            129 => Self::NoSuchInstance,
            130 => Self::EndOfMibView,
            other => return Err(DecodeError::UnknownValueType(other)),
        })
    }
}

/// A name and its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VarBind {
    /// The object instance's name.
    pub name: Oid,
    /// Its value or an exception.
    pub value: Value,
}

impl VarBind {
    /// A VarBind of `name` and `value`.
    pub fn new(name: Oid, value: Value) -> Self {
        Self { name, value }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u16(self.value.type_code());
        w.reserved(2);
        write_oid(w, &self.name, false);
        self.value.write_data(w);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let type_code = r.u16()?;
        r.reserved(2)?;
        let name = read_plain_oid(r)?;
        let value = Value::read_data(type_code, r)?;
        Ok(Self { name, value })
    }
}

/// Writes a VarBindList (VarBinds back to back, no count).
pub(crate) fn write_varbinds(w: &mut Writer, varbinds: &[VarBind]) {
    for vb in varbinds {
        vb.write(w);
    }
}

/// Reads a VarBindList: VarBinds to the end of the payload.
pub(crate) fn read_varbinds(r: &mut Reader<'_>) -> Result<Vec<VarBind>, DecodeError> {
    let mut varbinds = Vec::new();
    while !r.is_empty() {
        varbinds.push(VarBind::read(r)?);
    }
    Ok(varbinds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentx::ByteOrder;

    fn encode(vb: &VarBind, order: ByteOrder) -> Vec<u8> {
        let mut w = Writer::new(order);
        vb.write(&mut w);
        w.into_bytes().unwrap()
    }

    #[test]
    fn counter64_big_endian_layout() {
        let vb = VarBind::new("1.3.6.1.4.1".parse().unwrap(), Value::Counter64(1 << 40));
        let bytes = encode(&vb, ByteOrder::BigEndian);
        assert_eq!(bytes[..8], [0, 70, 0, 0, 1, 4, 0, 0]);
        assert_eq!(bytes[8..12], [0, 0, 0, 1]);
        assert_eq!(bytes[12..], [0, 0, 1, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn binary_octets_and_ip_address() {
        let vb = VarBind::new("1.2".parse().unwrap(), Value::IpAddress([192, 168, 1, 1]));
        let bytes = encode(&vb, ByteOrder::LittleEndian);
        assert_eq!(bytes[bytes.len() - 8..], [4, 0, 0, 0, 192, 168, 1, 1]);
        let mut r = Reader::new(&bytes, ByteOrder::LittleEndian);
        assert_eq!(VarBind::read(&mut r), Ok(vb));
    }

    #[test]
    fn ip_address_must_have_four_octets() {
        let mut w = Writer::new(ByteOrder::LittleEndian);
        w.u16(64);
        w.reserved(2);
        write_oid(&mut w, &Oid::default(), false);
        w.octets(&[1, 2, 3]);
        let bytes = w.into_bytes().unwrap();
        let mut r = Reader::new(&bytes, ByteOrder::LittleEndian);
        assert_eq!(VarBind::read(&mut r), Err(DecodeError::IpAddressLength(3)));
    }

    #[test]
    fn unknown_type_and_nonzero_padding_refused() {
        let bytes = [3, 0, 0, 0, 0, 0, 0, 0];
        let mut r = Reader::new(&bytes, ByteOrder::LittleEndian);
        assert_eq!(VarBind::read(&mut r), Err(DecodeError::UnknownValueType(3)));
        let vb = VarBind::new(Oid::default(), Value::OctetString(vec![0xff]));
        let mut bytes = encode(&vb, ByteOrder::LittleEndian);
        let last = bytes.len() - 1;
        bytes[last] = 1;
        let mut r = Reader::new(&bytes, ByteOrder::LittleEndian);
        assert_eq!(
            VarBind::read(&mut r),
            Err(DecodeError::PaddingNotZero { offset: 13 })
        );
    }
}
