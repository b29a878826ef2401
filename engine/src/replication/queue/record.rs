//! Journal records: a `u32` little-endian payload length, the payload (one
//! postcard-encoded [`Operation`]), then the payload's CRC-32 as a `u32` little-endian.
//! Pure functions over byte buffers.

use super::error::{Damage, QueueError};
use crate::replication::Operation;

/// Bytes of the length in front of the payload.
pub(super) const HEADER_LEN: usize = 4;

/// Bytes of the CRC-32 after the payload.
const TRAILER_LEN: usize = 4;

/// The bytes `op`'s record takes: what the queue counts as the operation's size, in
/// memory as on disk.
pub(super) fn record_len(op: &Operation) -> Result<u64, QueueError> {
    let payload = postcard::experimental::serialized_size(op)
        .map_err(|e| QueueError::Unencodable(e.to_string()))?;
    checked_payload_len(payload)?;
    Ok((HEADER_LEN + payload + TRAILER_LEN) as u64)
}

/// Appends `op`'s record to `out`; returns its length. On an error `out` is left as it
/// was.
pub(super) fn encode(op: &Operation, out: &mut Vec<u8>) -> Result<u64, QueueError> {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER_LEN]);
    if let Err(err) = postcard::to_io(op, &mut *out) {
        out.truncate(start);
        return Err(QueueError::Unencodable(err.to_string()));
    }
    let payload = &out[start + HEADER_LEN..];
    let len = match checked_payload_len(payload.len()) {
        Ok(len) => len,
        Err(err) => {
            out.truncate(start);
            return Err(err);
        }
    };
    let crc = crc32fast::hash(payload);
    out[start..start + HEADER_LEN].copy_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc.to_le_bytes());
    Ok((out.len() - start) as u64)
}

/// The whole record's length announced by its header.
pub(super) fn announced_len(header: [u8; HEADER_LEN]) -> u64 {
    (HEADER_LEN + TRAILER_LEN) as u64 + u64::from(u32::from_le_bytes(header))
}

/// The operation in `record`, which holds exactly one whole record.
pub(super) fn decode(record: &[u8]) -> Result<Operation, Damage> {
    let truncated = || Damage::Truncated {
        needed: (HEADER_LEN + TRAILER_LEN) as u64,
        available: record.len() as u64,
    };
    let (header, rest) = record
        .split_first_chunk::<HEADER_LEN>()
        .ok_or_else(truncated)?;
    let (payload, trailer) = rest
        .split_last_chunk::<TRAILER_LEN>()
        .ok_or_else(truncated)?;
    let needed = announced_len(*header);
    if needed != record.len() as u64 {
        return Err(Damage::Truncated {
            needed,
            available: record.len() as u64,
        });
    }
    let stored = u32::from_le_bytes(*trailer);
    let computed = crc32fast::hash(payload);
    if stored != computed {
        return Err(Damage::Checksum { stored, computed });
    }
    match postcard::take_from_bytes::<Operation>(payload) {
        Ok((op, [])) => Ok(op),
        Ok((_, unused)) => Err(Damage::Undecodable(format!(
            "{} bytes after the operation",
            unused.len()
        ))),
        Err(err) => Err(Damage::Undecodable(err.to_string())),
    }
}

fn checked_payload_len(len: usize) -> Result<u32, QueueError> {
    u32::try_from(len)
        .map_err(|_| QueueError::Unencodable(format!("{len} bytes encoded, at most 4 GiB")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::{FileMeta, RelPath};
    use proptest::prelude::*;

    fn path(text: &[u8]) -> RelPath {
        RelPath::from_bytes(text).unwrap()
    }

    fn write(offset: u64, data: &[u8]) -> Operation {
        Operation::Write {
            path: path(b"a/b"),
            offset,
            data: data.to_vec().into(),
        }
    }

    #[test]
    fn records_have_the_documented_bytes() {
        let mut out = Vec::new();
        let len = encode(&write(128, b"hi"), &mut out).unwrap();
        let payload = [2, 3, b'a', b'/', b'b', 0x80, 0x01, 2, b'h', b'i'];
        let mut expected = vec![10, 0, 0, 0];
        expected.extend_from_slice(&payload);
        expected.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        assert_eq!(out, expected);
        assert_eq!(len, out.len() as u64);
        assert_eq!(record_len(&write(128, b"hi")).unwrap(), len);
        assert_eq!(announced_len([10, 0, 0, 0]), len);
    }

    #[test]
    fn a_flipped_bit_or_a_short_record_is_damage() {
        let mut out = Vec::new();
        encode(&write(0, b"data"), &mut out).unwrap();
        let mut flipped = out.clone();
        flipped[6] ^= 0x10;
        assert!(matches!(decode(&flipped), Err(Damage::Checksum { .. })));
        assert!(matches!(
            decode(&out[..out.len() - 1]),
            Err(Damage::Truncated { .. })
        ));
        assert!(matches!(decode(&out[..3]), Err(Damage::Truncated { .. })));
    }

    #[test]
    fn a_valid_crc_over_garbage_is_undecodable() {
        let payload = [200u8, 1, 2];
        let mut record = (payload.len() as u32).to_le_bytes().to_vec();
        record.extend_from_slice(&payload);
        record.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        assert!(matches!(decode(&record), Err(Damage::Undecodable(_))));
    }

    fn any_op() -> impl Strategy<Value = Operation> {
        let meta = (any::<u32>(), any::<u32>(), any::<u32>(), any::<i64>()).prop_map(
            |(mode, uid, gid, mtime_ns)| FileMeta {
                mode,
                uid,
                gid,
                mtime_ns,
            },
        );
        let rel = "[a-zé]{1,6}(/[a-z0-9]{1,6}){0,2}".prop_map(|s| path(s.as_bytes()));
        let bytes = proptest::collection::vec(any::<u8>(), 0..300);
        prop_oneof![
            (rel.clone(), meta.clone()).prop_map(|(path, meta)| Operation::Mkdir { path, meta }),
            (rel.clone(), meta.clone()).prop_map(|(path, meta)| Operation::Create { path, meta }),
            (rel.clone(), any::<u64>(), bytes.clone()).prop_map(|(path, offset, data)| {
                Operation::Write {
                    path,
                    offset,
                    data: data.into(),
                }
            }),
            (rel.clone(), any::<u64>()).prop_map(|(path, len)| Operation::Truncate { path, len }),
            (rel.clone(), bytes).prop_map(|(path, target)| Operation::Symlink { path, target }),
            (rel.clone(), meta).prop_map(|(path, meta)| Operation::SetMeta { path, meta }),
            (rel.clone(), rel.clone()).prop_map(|(from, to)| Operation::Rename { from, to }),
            rel.clone().prop_map(|path| Operation::Delete { path }),
            rel.prop_map(|path| Operation::Rmdir { path }),
        ]
    }

    proptest! {
        #[test]
        fn every_operation_round_trips(op in any_op()) {
            let mut out = vec![7, 7];
            let len = encode(&op, &mut out).unwrap();
            prop_assert_eq!(len, out.len() as u64 - 2);
            prop_assert_eq!(record_len(&op).unwrap(), len);
            let header = *out[2..].first_chunk::<HEADER_LEN>().unwrap();
            prop_assert_eq!(announced_len(header), len);
            prop_assert_eq!(decode(&out[2..]).unwrap(), op);
        }

        #[test]
        fn any_bytes_decode_or_fail_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
        }
    }
}
