//! The 16-byte header that starts every `.sts` file and every stats-port stream.

use super::error::HeaderError;

/// The magic number: `\x89STS\r\n\x1a\n` (a non-ASCII first byte, then bytes that
/// text-mode transfers would alter).
pub const MAGIC: [u8; 8] = *b"\x89STS\r\n\x1a\n";
/// The format's major version; readers reject any other major version.
pub const VERSION_MAJOR: u16 = 1;
/// The format's minor version; it grows when sections or fields are added.
pub const VERSION_MINOR: u16 = 0;
/// Length of the header in bytes.
pub const HEADER_LEN: usize = 16;

/// Bytes of the header covered by its CRC-32 (magic and version).
const CHECKED_LEN: usize = 12;

/// Appends the header of this version of the format.
pub fn encode_header(out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION_MAJOR.to_le_bytes());
    out.extend_from_slice(&VERSION_MINOR.to_le_bytes());
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_le_bytes());
}

/// Checks the first bytes of a stream (at most [`HEADER_LEN`] are looked at): a wrong
/// magic is reported as soon as it is visible, even in fewer than 16 bytes.
pub(crate) fn check_header(bytes: &[u8]) -> Result<(), HeaderError> {
    let seen = bytes.len().min(MAGIC.len());
    if bytes[..seen] != MAGIC[..seen] {
        return Err(HeaderError::BadMagic);
    }
    let Some(header) = bytes.get(..HEADER_LEN) else {
        return Err(HeaderError::Truncated { len: bytes.len() });
    };
    let le_u16 = |at: usize| u16::from_le_bytes([header[at], header[at + 1]]);
    let crc = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
    if crc32fast::hash(&header[..CHECKED_LEN]) != crc {
        return Err(HeaderError::BadChecksum);
    }
    let (major, minor) = (le_u16(8), le_u16(10));
    if major != VERSION_MAJOR {
        return Err(HeaderError::UnsupportedVersion { major, minor });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_with_version(major: u16, minor: u16) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&major.to_le_bytes());
        out.extend_from_slice(&minor.to_le_bytes());
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    #[test]
    fn own_header_is_accepted_and_has_the_documented_bytes() {
        let mut out = Vec::new();
        encode_header(&mut out);
        assert_eq!(out.len(), HEADER_LEN);
        assert_eq!(&out[..12], b"\x89STS\r\n\x1a\n\x01\x00\x00\x00");
        assert_eq!(check_header(&out), Ok(()));
    }

    #[test]
    fn newer_minor_is_accepted_other_major_is_not() {
        assert_eq!(check_header(&header_with_version(1, 7)), Ok(()));
        assert_eq!(
            check_header(&header_with_version(2, 0)),
            Err(HeaderError::UnsupportedVersion { major: 2, minor: 0 })
        );
    }

    #[test]
    fn damage_is_classified() {
        let mut out = Vec::new();
        encode_header(&mut out);
        assert_eq!(check_header(b"Date,Time\n"), Err(HeaderError::BadMagic));
        assert_eq!(
            check_header(&out[..5]),
            Err(HeaderError::Truncated { len: 5 })
        );
        assert_eq!(check_header(&[]), Err(HeaderError::Truncated { len: 0 }));
        out[10] ^= 1;
        assert_eq!(check_header(&out), Err(HeaderError::BadChecksum));
    }
}
