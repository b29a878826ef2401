//! The payload's wire encoding: varints and tagged fields (key = field number × 8 + wire type).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Utc};

use super::calendar::Calendar;
use super::error::PayloadError;

/// Wire type 0: an unsigned LEB128 varint.
const VARINT: u8 = 0;
/// Wire type 1: eight bytes, little-endian.
const FIXED64: u8 = 1;
/// Wire type 2: a varint byte count, then that many bytes.
const BYTES: u8 = 2;
/// A 64-bit value never needs more than 10 varint bytes.
const MAX_VARINT_LEN: usize = 10;

/// A parsed value and the bytes after it.
pub(super) type Parsed<'a, T> = Result<(T, &'a [u8]), PayloadError>;

/// Parses an unsigned LEB128 varint of at most 10 bytes.
#[inline(always)]
pub(super) fn varint(input: &[u8]) -> Parsed<'_, u64> {
    match input {
        [byte, rest @ ..] if *byte < 0x80 => Ok((u64::from(*byte), rest)),
        // Two bytes: the keys of fields 16 and up, small counts.
        [low, high, rest @ ..] if *high < 0x80 => {
            Ok((u64::from(low & 0x7f) | u64::from(*high) << 7, rest))
        }
        _ => match input.first_chunk::<8>() {
            Some(word) => varint_in_word(input, u64::from_le_bytes(*word)),
            None => long_varint(input),
        },
    }
}

/// A varint that ends within the 8 bytes `word` (little-endian), without a loop: the
/// first byte without the continuation bit gives the length, then the 7-bit groups are
/// packed together pairwise.
#[inline(always)]
fn varint_in_word(input: &[u8], word: u64) -> Parsed<'_, u64> {
    let ends = !word & 0x8080_8080_8080_8080;
    if ends == 0 {
        return long_varint(input);
    }
    let len = (ends.trailing_zeros() / 8 + 1) as usize;
    let x = (word & (u64::MAX >> (64 - 8 * len))) & 0x7f7f_7f7f_7f7f_7f7f;
    let x = ((x & 0x7f00_7f00_7f00_7f00) >> 1) | (x & 0x007f_007f_007f_007f);
    let x = ((x & 0x3fff_0000_3fff_0000) >> 2) | (x & 0x0000_3fff_0000_3fff);
    let x = ((x & 0x0fff_ffff_0000_0000) >> 4) | (x & 0x0000_0000_0fff_ffff);
    Ok((x, &input[len..]))
}

/// Any varint, byte by byte: near the end of the input, or longer than 8 bytes.
#[cold]
fn long_varint(input: &[u8]) -> Parsed<'_, u64> {
    let mut value = 0u64;
    for (i, &byte) in input.iter().take(MAX_VARINT_LEN).enumerate() {
        if i == MAX_VARINT_LEN - 1 && byte > 1 {
            break;
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Ok((value, &input[i + 1..]));
        }
    }
    // The loop only runs out without returning when every byte had the continuation bit.
    Err(if input.len() < MAX_VARINT_LEN {
        PayloadError::Truncated
    } else {
        PayloadError::VarintTooLong
    })
}

/// A varint byte count, then that many bytes.
#[inline(always)]
fn length_prefixed(input: &[u8]) -> Parsed<'_, &[u8]> {
    let (len, rest) = varint(input)?;
    match usize::try_from(len) {
        Ok(len) if len <= rest.len() => Ok(rest.split_at(len)),
        _ => Err(PayloadError::Truncated),
    }
}

/// A field's value as the wire carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
}

impl Value<'_> {
    fn wire_type(self) -> u8 {
        match self {
            Value::Varint(_) => VARINT,
            Value::Fixed64(_) => FIXED64,
            Value::Bytes(_) => BYTES,
        }
    }
}

/// Parses one field: its number and its value.
#[inline(always)]
fn field(input: &[u8]) -> Parsed<'_, (u64, Value<'_>)> {
    let (key, input) = varint(input)?;
    let number = key >> 3;
    let (value, rest) = match (key & 7) as u8 {
        VARINT => {
            let (value, rest) = varint(input)?;
            (Value::Varint(value), rest)
        }
        FIXED64 => match input.split_first_chunk::<8>() {
            Some((bytes, rest)) => (Value::Fixed64(u64::from_le_bytes(*bytes)), rest),
            None => return Err(PayloadError::Truncated),
        },
        BYTES => {
            let (bytes, rest) = length_prefixed(input)?;
            (Value::Bytes(bytes), rest)
        }
        wire_type => return Err(PayloadError::UnknownWireType { wire_type }),
    };
    Ok(((number, value), rest))
}

/// Parses one section: its tag byte, then a varint body length, then the body.
pub(super) fn section(input: &[u8]) -> Parsed<'_, (u8, &[u8])> {
    let (&tag, input) = input.split_first().ok_or(PayloadError::Truncated)?;
    let (body, rest) = length_prefixed(input)?;
    Ok(((tag, body), rest))
}

/// The fields of one section body, in order.
pub(super) struct Fields<'a> {
    section: u8,
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    /// The fields of the body of section `section`.
    pub(super) fn new(section: u8, body: &'a [u8]) -> Self {
        Fields {
            section,
            rest: body,
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<Field<'a>, PayloadError>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match field(self.rest) {
            Ok(((number, value), rest)) => {
                self.rest = rest;
                Some(Ok(Field {
                    section: self.section,
                    number,
                    value,
                }))
            }
            Err(err) => {
                self.rest = &[];
                Some(Err(err))
            }
        }
    }
}

/// One decoded field; its typed accessors check the wire type the field is defined with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field<'a> {
    section: u8,
    /// The field number.
    pub(super) number: u64,
    value: Value<'a>,
}

impl<'a> Field<'a> {
    fn wrong_wire_type(&self) -> PayloadError {
        PayloadError::WrongWireType {
            section: self.section,
            field: self.number,
            wire_type: self.value.wire_type(),
        }
    }

    /// A counter: a varint.
    pub(super) fn u64(&self) -> Result<u64, PayloadError> {
        match self.value {
            Value::Varint(v) => Ok(v),
            _ => Err(self.wrong_wire_type()),
        }
    }

    /// A 32-bit identifier: a varint no larger than `u32::MAX`.
    pub(super) fn u32(&self) -> Result<u32, PayloadError> {
        let value = self.u64()?;
        u32::try_from(value).map_err(|_| PayloadError::ValueOutOfRange {
            section: self.section,
            field: self.number,
            value,
        })
    }

    /// A float: the IEEE-754 bits as fixed64.
    pub(super) fn f64(&self) -> Result<f64, PayloadError> {
        match self.value {
            Value::Fixed64(bits) => Ok(f64::from_bits(bits)),
            _ => Err(self.wrong_wire_type()),
        }
    }

    fn bytes(&self) -> Result<&'a [u8], PayloadError> {
        match self.value {
            Value::Bytes(bytes) => Ok(bytes),
            _ => Err(self.wrong_wire_type()),
        }
    }

    /// A string: UTF-8 bytes, written over `text`; they are validated only when they
    /// differ from it (names repeat from one record to the next).
    pub(super) fn string_into(&self, text: &mut String) -> Result<(), PayloadError> {
        let bytes = self.bytes()?;
        if text.as_bytes() != bytes {
            let valid = std::str::from_utf8(bytes).map_err(|_| PayloadError::InvalidUtf8 {
                section: self.section,
                field: self.number,
            })?;
            text.clear();
            text.push_str(valid);
        }
        Ok(())
    }

    /// An IP address: 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    pub(super) fn ip(&self) -> Result<IpAddr, PayloadError> {
        let bytes = self.bytes()?;
        if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
            Ok(IpAddr::V4(Ipv4Addr::from(v4)))
        } else if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
            Ok(IpAddr::V6(Ipv6Addr::from(v6)))
        } else {
            Err(PayloadError::BadAddressLength {
                section: self.section,
                field: self.number,
                len: bytes.len(),
            })
        }
    }

    /// A time: zigzag-encoded milliseconds since 1970-01-01T00:00:00Z, as a varint;
    /// `calendar` holds the record's days already met.
    pub(super) fn time(&self, calendar: &mut Calendar) -> Result<DateTime<Utc>, PayloadError> {
        let millis = unzigzag(self.u64()?);
        calendar.time(millis).ok_or(PayloadError::TimeOutOfRange {
            section: self.section,
            field: self.number,
            millis,
        })
    }
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// Writes `value` as an unsigned LEB128 varint into `bytes`, returning its length.
fn varint_bytes(mut value: u64, bytes: &mut [u8; MAX_VARINT_LEN]) -> usize {
    let mut len = 0;
    while value >= 0x80 {
        bytes[len] = (value as u8) | 0x80;
        value >>= 7;
        len += 1;
    }
    bytes[len] = value as u8;
    len + 1
}

/// Appends `value` as an unsigned LEB128 varint.
pub(super) fn put_varint(out: &mut Vec<u8>, value: u64) {
    let mut bytes = [0; MAX_VARINT_LEN];
    let len = varint_bytes(value, &mut bytes);
    out.extend_from_slice(&bytes[..len]);
}

fn put_key(out: &mut Vec<u8>, number: u64, wire_type: u8) {
    put_varint(out, (number << 3) | u64::from(wire_type));
}

/// Appends a counter field.
pub(super) fn put_u64(out: &mut Vec<u8>, number: u64, value: u64) {
    put_key(out, number, VARINT);
    put_varint(out, value);
}

/// Appends a float field.
pub(super) fn put_f64(out: &mut Vec<u8>, number: u64, value: f64) {
    put_key(out, number, FIXED64);
    out.extend_from_slice(&value.to_bits().to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    put_key(out, number, BYTES);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Appends a string field.
pub(super) fn put_str(out: &mut Vec<u8>, number: u64, text: &str) {
    put_bytes(out, number, text.as_bytes());
}

/// Appends an address field.
pub(super) fn put_ip(out: &mut Vec<u8>, number: u64, address: IpAddr) {
    match address {
        IpAddr::V4(v4) => put_bytes(out, number, &v4.octets()),
        IpAddr::V6(v6) => put_bytes(out, number, &v6.octets()),
    }
}

/// Appends a time field (sub-millisecond precision is dropped).
pub(super) fn put_time(out: &mut Vec<u8>, number: u64, time: DateTime<Utc>) {
    put_u64(out, number, zigzag(time.timestamp_millis()));
}

/// Appends a time field if there is a time; an absent field reads as `None`.
pub(super) fn put_opt_time(out: &mut Vec<u8>, number: u64, time: Option<DateTime<Utc>>) {
    if let Some(time) = time {
        put_time(out, number, time);
    }
}

/// Appends a section: its tag, its body's length, then the body `write_body` appends.
pub(super) fn put_section(out: &mut Vec<u8>, tag: u8, write_body: impl FnOnce(&mut Vec<u8>)) {
    out.push(tag);
    let body_start = out.len();
    write_body(out);
    let mut length = [0; MAX_VARINT_LEN];
    let len = varint_bytes((out.len() - body_start) as u64, &mut length);
    out.splice(body_start..body_start, length[..len].iter().copied());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn varint_rejects_overlong_and_overflowing_input() {
        let eleven = [0x80u8; 11];
        assert_eq!(varint(&eleven), Err(PayloadError::VarintTooLong));
        let mut overflow = [0xffu8; 10];
        overflow[9] = 0x02;
        assert_eq!(varint(&overflow), Err(PayloadError::VarintTooLong));
        assert_eq!(varint(&[0x80, 0x80]), Err(PayloadError::Truncated));
        assert_eq!(varint(&[]), Err(PayloadError::Truncated));
    }

    #[test]
    fn varint_of_u64_max_is_ten_bytes() {
        let mut out = Vec::new();
        put_varint(&mut out, u64::MAX);
        assert_eq!(out.len(), 10);
        assert_eq!(
            varint(&out).map(|(v, rest)| (rest.len(), v)).ok(),
            Some((0, u64::MAX))
        );
    }

    #[test]
    fn unknown_wire_type_is_reported() {
        let mut fields = Fields::new(1, &[0x0b, 0x00]);
        assert_eq!(
            fields.next().map(|f| f.map(|f| f.number)),
            Some(Err(PayloadError::UnknownWireType { wire_type: 3 }))
        );
        assert!(fields.next().is_none());
    }

    #[test]
    fn section_length_is_inserted_before_a_long_body() {
        let mut out = vec![0xaa];
        put_section(&mut out, 7, |out| out.extend_from_slice(&[1u8; 300]));
        assert_eq!(&out[..4], &[0xaa, 7, 0xac, 0x02]);
        let ((tag, body), rest) = section(&out[1..]).expect("section parses");
        assert!(rest.is_empty());
        assert_eq!((tag, body.len()), (7, 300));
    }

    proptest! {
        #[test]
        fn varint_round_trips(value in any::<u64>(), tail in proptest::collection::vec(any::<u8>(), 0..4)) {
            let mut out = Vec::new();
            put_varint(&mut out, value);
            out.extend_from_slice(&tail);
            let (decoded, rest) = varint(&out).expect("varint decodes");
            prop_assert_eq!(decoded, value);
            prop_assert_eq!(rest, &tail[..]);
        }

        #[test]
        fn word_and_byte_decoding_agree(bytes in proptest::collection::vec(any::<u8>(), 0..12)) {
            let fast = varint(&bytes).map(|(v, rest)| (rest.len(), v));
            let slow = long_varint(&bytes).map(|(v, rest)| (rest.len(), v));
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn zigzag_round_trips(value in any::<i64>()) {
            prop_assert_eq!(unzigzag(zigzag(value)), value);
        }
    }
}
