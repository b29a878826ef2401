//! Record framing: sync marker, self-checking length, CRC-32, then the payload.

use nom::bytes::streaming::{tag, take};
use nom::number::streaming::le_u32;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::error::EncodeError;
use super::payload::encode_payload;
use super::snapshot::Snapshot;

/// The four bytes every record starts with; `0xFF` never occurs in UTF-8 text.
pub const SYNC_MARKER: [u8; 4] = [0xFF, 0xA5, 0x53, 0x52];
/// Length of a record's frame header: sync marker, length, inverted length, CRC-32.
pub const FRAME_HEADER_LEN: usize = 16;
/// The largest payload a record may have (16 MiB); a longer length field is corruption.
pub const MAX_RECORD_LEN: usize = 16 * 1024 * 1024;
/// The largest record, frame header included.
pub const MAX_FRAME_LEN: usize = FRAME_HEADER_LEN + MAX_RECORD_LEN;

/// Appends `snapshot` as one record; on error `out` is left as it was.
pub fn encode_record(snapshot: &Snapshot, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let start = out.len();
    out.extend_from_slice(&SYNC_MARKER);
    out.extend_from_slice(&[0; FRAME_HEADER_LEN - SYNC_MARKER.len()]);
    encode_payload(snapshot, out);
    let payload_start = start + FRAME_HEADER_LEN;
    let len = out.len() - payload_start;
    let Some(length) = u32::try_from(len).ok().filter(|_| len <= MAX_RECORD_LEN) else {
        out.truncate(start);
        return Err(EncodeError::RecordTooLarge {
            len,
            max: MAX_RECORD_LEN,
        });
    };
    let crc = crc32fast::hash(&out[payload_start..]);
    out[start + 4..start + 8].copy_from_slice(&length.to_le_bytes());
    out[start + 8..start + 12].copy_from_slice(&(!length).to_le_bytes());
    out[start + 12..start + 16].copy_from_slice(&crc.to_le_bytes());
    Ok(())
}

/// What the bytes at a position hold, as far as framing can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Frame<'a> {
    /// A whole frame is present; its checksum is not verified yet.
    Complete {
        /// The payload bytes.
        payload: &'a [u8],
        /// The CRC-32 the frame header claims for them.
        crc: u32,
    },
    /// The frame's length field fails its check or exceeds [`MAX_RECORD_LEN`].
    BadLength(u32),
    /// The bytes so far are a frame's beginning (or a prefix of the sync marker).
    Incomplete,
    /// The bytes do not start with the sync marker.
    Unmarked,
}

impl Frame<'_> {
    /// Whether this is a whole frame whose payload matches its CRC-32.
    pub(crate) fn is_intact(&self) -> bool {
        matches!(self, Frame::Complete { payload, crc } if crc32fast::hash(payload) == *crc)
    }
}

/// Parses a frame header: sync marker, then length, inverted length and CRC-32 (LE).
fn frame_header(input: &[u8]) -> IResult<&[u8], (u32, u32, u32)> {
    preceded(tag(&SYNC_MARKER[..]), (le_u32, le_u32, le_u32)).parse(input)
}

/// Looks at the frame starting at `bytes[0]`; never reads beyond a validated length.
pub(crate) fn frame_at(bytes: &[u8]) -> Frame<'_> {
    match frame_header(bytes) {
        Err(nom::Err::Incomplete(_)) => Frame::Incomplete,
        Err(_) => Frame::Unmarked,
        Ok((rest, (length, inverted, crc))) => {
            if inverted != !length || length as usize > MAX_RECORD_LEN {
                return Frame::BadLength(length);
            }
            match take::<_, _, nom::error::Error<&[u8]>>(length).parse(rest) {
                Ok((_, payload)) => Frame::Complete { payload, crc },
                Err(_) => Frame::Incomplete,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_bytes(length: u32, inverted: u32) -> Vec<u8> {
        let mut out = SYNC_MARKER.to_vec();
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&inverted.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out
    }

    #[test]
    fn lengths_are_checked_before_anything_is_taken() {
        assert_eq!(
            frame_at(&frame_bytes(0xFFFF_FFF0, 0x0000_000F)),
            Frame::BadLength(0xFFFF_FFF0)
        );
        let over = MAX_RECORD_LEN as u32 + 1;
        assert_eq!(frame_at(&frame_bytes(over, !over)), Frame::BadLength(over));
        assert_eq!(frame_at(&frame_bytes(10, !11)), Frame::BadLength(10));
        let max = MAX_RECORD_LEN as u32;
        assert_eq!(frame_at(&frame_bytes(max, !max)), Frame::Incomplete);
    }

    #[test]
    fn partial_markers_are_incomplete_and_other_bytes_are_not_frames() {
        assert_eq!(frame_at(&SYNC_MARKER[..2]), Frame::Incomplete);
        assert_eq!(frame_at(&[]), Frame::Incomplete);
        assert_eq!(frame_at(&frame_bytes(3, !3)[..9]), Frame::Incomplete);
        assert_eq!(frame_at(b"\xFF\xA5\x53\x00"), Frame::Unmarked);
    }

    #[test]
    fn encoded_record_is_an_intact_frame() {
        let mut out = vec![7];
        encode_record(&Snapshot::default(), &mut out).expect("encodes");
        let frame = frame_at(&out[1..]);
        assert!(frame.is_intact());
        match frame {
            Frame::Complete { payload, .. } => {
                assert_eq!(payload.len(), out.len() - 1 - FRAME_HEADER_LEN)
            }
            other => panic!("expected a complete frame, got {other:?}"),
        }
    }

    #[test]
    fn oversized_snapshot_is_refused_and_leaves_out_untouched() {
        let snapshot = Snapshot {
            source: Some(crate::sts::SourceStats {
                last_file_touched: "x".repeat(MAX_RECORD_LEN),
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut out = vec![1, 2, 3];
        assert!(matches!(
            encode_record(&snapshot, &mut out),
            Err(EncodeError::RecordTooLarge { .. })
        ));
        assert_eq!(out, vec![1, 2, 3]);
    }
}
