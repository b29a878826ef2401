//! The AgentX encoding of object identifiers (RFC 2741 §5.1): `n_subid`, the `internet`
//! prefix compression, the include flag, then the sub-identifiers.

use super::error::{DecodeError, EncodeError};
use super::reader::Reader;
use super::writer::Writer;
use crate::oid::Oid;

/// The `internet` arc (1.3.6.1) that a non-zero prefix byte stands for.
const INTERNET: [u32; 4] = [1, 3, 6, 1];

/// The most sub-identifiers an object identifier may have (RFC 2578 §3.5, RFC 2741 §5.1).
pub const MAX_SUB_IDS: usize = 128;

/// The prefix byte and the sub-identifiers left to write after it.
fn compressed(oid: &Oid) -> (u8, &[u32]) {
    let sub_ids = oid.as_slice();
    match sub_ids.split_at_checked(INTERNET.len()) {
        Some((head, [next, rest @ ..])) if head == INTERNET => match u8::try_from(*next) {
            Ok(prefix) if prefix != 0 => (prefix, rest),
            _ => (0, sub_ids),
        },
        _ => (0, sub_ids),
    }
}

/// Writes `oid`, compressing a leading `1.3.6.1.x` (1 ≤ x ≤ 255) into the prefix byte; an
/// OID of more than [`MAX_SUB_IDS`] makes the message fail to encode.
pub(crate) fn write_oid(w: &mut Writer, oid: &Oid, include: bool) {
    if oid.as_slice().len() > MAX_SUB_IDS {
        w.fail(EncodeError::OidTooLong(oid.as_slice().len()));
        return;
    }
    let (prefix, rest) = compressed(oid);
    // At most 128 sub-identifiers: the count fits its byte.
    w.u8(u8::try_from(rest.len()).unwrap_or(u8::MAX));
    w.u8(prefix);
    w.u8(u8::from(include));
    w.reserved(1);
    for &id in rest {
        w.u32(id);
    }
}

/// Reads an object identifier and its include flag (0 or 1).
pub(crate) fn read_oid(r: &mut Reader<'_>) -> Result<(Oid, bool), DecodeError> {
    let offset = r.position();
    let n_subid = usize::from(r.u8()?);
    let prefix = r.u8()?;
    let include = match r.u8()? {
        0 => false,
        1 => true,
        value => return Err(DecodeError::BadInclude { value, offset }),
    };
    r.reserved(1)?;
    let prefix_len = if prefix == 0 { 0 } else { INTERNET.len() + 1 };
    let len = prefix_len + n_subid;
    if len > MAX_SUB_IDS {
        return Err(DecodeError::OidTooLong(len));
    }
    let mut sub_ids = Vec::with_capacity(len);
    if prefix != 0 {
        sub_ids.extend(INTERNET);
        sub_ids.push(u32::from(prefix));
    }
    for _ in 0..n_subid {
        sub_ids.push(r.u32()?);
    }
    Ok((Oid::new(sub_ids), include))
}

/// Reads an object identifier whose include byte must be 0 (names, values, subtrees).
pub(crate) fn read_plain_oid(r: &mut Reader<'_>) -> Result<Oid, DecodeError> {
    let offset = r.position();
    match read_oid(r)? {
        (oid, false) => Ok(oid),
        (_, true) => Err(DecodeError::BadInclude { value: 1, offset }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentx::ByteOrder;

    fn encode(oid: &Oid, include: bool) -> Vec<u8> {
        let mut w = Writer::new(ByteOrder::BigEndian);
        write_oid(&mut w, oid, include);
        w.into_bytes().unwrap()
    }

    #[test]
    fn internet_prefix_is_compressed() {
        let oid: Oid = "1.3.6.1.4.1.2592.3".parse().unwrap();
        let bytes = encode(&oid, true);
        assert_eq!(bytes[..4], [3, 4, 1, 0]);
        assert_eq!(bytes[4..], [0, 0, 0, 1, 0, 0, 0x0a, 0x20, 0, 0, 0, 3]);
        let mut r = Reader::new(&bytes, ByteOrder::BigEndian);
        assert_eq!(read_oid(&mut r), Ok((oid, true)));
        assert!(r.is_empty());
    }

    #[test]
    fn not_compressible_is_written_whole() {
        for text in [
            "1.3.6.1",
            "1.3.6.1.0.5",
            "1.3.6.1.256",
            "1.3.6.2.4",
            "0.0",
            "",
        ] {
            let oid: Oid = text.parse().unwrap_or_default();
            let bytes = encode(&oid, false);
            assert_eq!(usize::from(bytes[0]), oid.as_slice().len(), "{text}");
            assert_eq!(bytes[1], 0, "{text}");
        }
    }

    #[test]
    fn uncompressed_form_decodes_equal() {
        let bytes = [
            5, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
        ];
        let mut r = Reader::new(&bytes, ByteOrder::LittleEndian);
        assert_eq!(read_plain_oid(&mut r), Ok("1.3.6.1.2".parse().unwrap()));
    }

    #[test]
    fn bounds_and_include_checked() {
        let mut w = Writer::new(ByteOrder::BigEndian);
        write_oid(&mut w, &Oid::new(vec![1; 129]), false);
        assert_eq!(w.into_bytes(), Err(EncodeError::OidTooLong(129)));
        assert_eq!(encode(&Oid::new(vec![1; 128]), false)[0], 128);
        let too_long = [124, 4, 0, 0];
        let mut r = Reader::new(&too_long, ByteOrder::LittleEndian);
        assert_eq!(read_oid(&mut r), Err(DecodeError::OidTooLong(129)));
        let bad_include = [0, 0, 2, 0];
        let mut r = Reader::new(&bad_include, ByteOrder::LittleEndian);
        assert_eq!(
            read_oid(&mut r),
            Err(DecodeError::BadInclude {
                value: 2,
                offset: 0
            })
        );
        let included = [0, 0, 1, 0];
        let mut r = Reader::new(&included, ByteOrder::LittleEndian);
        assert!(read_plain_oid(&mut r).is_err());
    }

    #[test]
    fn text_forms_and_numeric_order() {
        let a: Oid = ".1.3.6.1.2".parse().unwrap();
        assert_eq!(a.to_string(), "1.3.6.1.2");
        assert!("1.x".parse::<Oid>().is_err());
        let b: Oid = "1.3.6.1.10".parse().unwrap();
        let c: Oid = "1.3.6.1.2.1".parse().unwrap();
        assert!(a < c && c < b, "numeric, prefix first, never text order");
        assert!(c.starts_with(a.as_slice()) && !b.starts_with(a.as_slice()));
    }
}
