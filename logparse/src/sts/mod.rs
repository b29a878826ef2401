//! The `.sts` statistics format (guide chapter 3): the [`Snapshot`] model, its encoder,
//! and a slice decoder ([`decode_all`], [`records`]) and a streaming decoder
//! ([`StsReader`]) that read the same bytes, from `statistic.sts` or from the stats port.
//!
//! A stream is a 16-byte header, then records: sync marker, length, inverted length,
//! CRC-32 and a payload of tagged sections and fields. Torn and corrupt records are
//! reported as [`Problem`]s and skipped; decoding resumes at the next intact record.
//! The byte layout is specified in `FORMAT-sts.md` beside this crate.

mod connection;
mod error;
mod frame;
mod header;
mod payload;
mod problem;
mod reader;
mod scanner;
mod slice;
mod snapshot;
mod state;
mod target;
mod writer;

pub use connection::ConnectionStats;
pub use error::{EncodeError, HeaderError, StsError};
pub use frame::{encode_record, FRAME_HEADER_LEN, MAX_FRAME_LEN, MAX_RECORD_LEN, SYNC_MARKER};
pub use header::{encode_header, HEADER_LEN, MAGIC, VERSION_MAJOR, VERSION_MINOR};
pub use payload::PayloadError;
pub use problem::{Problem, ProblemKind};
pub use reader::StsReader;
pub use slice::{decode_all, records, Decoded, Records};
pub use snapshot::{Kernel, Security, Snapshot, SourceStats};
pub use state::{ConState, SourceState, TargetState};
pub use target::TargetStats;
pub use writer::StsWriter;
