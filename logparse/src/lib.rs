//! dtsuite's shared vocabulary: the formats every other part of the suite reads and writes.
//!
//! # Layout
//! - [`dtl`]: the `.dtl` engine log (guide chapter 2): one record per line, eight
//!   tab-separated columns. Line parser and writer, file reader with diagnostics,
//!   directory reader over the rotated `dtlog1.dtl … dtlog999.dtl` series, a follower
//!   with a persistable cursor, and the rotating appender the engine writes with.
//! - [`sts`]: the `.sts` statistics records (guide chapter 3): the [`sts::Snapshot`]
//!   model, its encoder, and slice and streaming decoders that survive torn and corrupt
//!   records. The same framing is used on disk and on the stats port.
//!   The byte layout is specified in `FORMAT-sts.md` beside this crate.
//! - [`catalog`]: the guide's message catalogue: engine event IDs and templates, the
//!   Linux job events 5700–5718, error codes, and the `dttrap*` notifications.
//! - [`dtconf`]: the `DT.conf` file format (`Name=Value` lines), kept line for line.
//! - [`id_list`]: message ID lists and ranges such as `200,400-500`.
//! - [`guide_options`]: the guide utilities' case-insensitive `-OPTION` spelling.

pub mod catalog;
pub mod dtconf;
pub mod dtl;
pub mod guide_options;
pub mod id_list;
pub mod sts;
