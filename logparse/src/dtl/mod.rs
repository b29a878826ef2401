//! The `.dtl` engine log (guide chapter 2).
//!
//! One message per line, eight tab-separated columns:
//! `MM/DD/YYYY⇥HH:MM:SS.mmm⇥PID⇥TID⇥SEQ⇥TYPE⇥ID⇥TEXT`, local time, 24-hour clock.
//! TYPE is `1` (warning or error) or `2` (information); ID is the message ID (`0` for
//! none); TEXT is the last column and may contain tabs, while `\`, LF and CR in it are
//! written as `\\`, `\n` and `\r`. Files `dtlog1.dtl … dtlog999.dtl` form a rotating
//! series (`MaxLogFileSize`, `MaxNumberofLogFiles`, wrap after 999).
//!
//! # Layout
//! - [`parse_line`], [`peek_level_and_id`], [`LineError`]: one line.
//! - [`RecordRef`] (borrowed, as parsed) and [`Record`] (owned, as written).
//! - [`LogReader`]: a file or stream, with [`Diagnostic`]s for bad lines.
//! - [`LogSeries`], [`SeriesReader`]: the rotated files of one directory, in order.
//! - [`Follower`], [`Cursor`]: following the live series with a resumable position;
//!   [`DirWakeup`]: waking a follower when its directory changes.
//! - [`Appender`], [`AppenderConfig`]: the engine's rotating writer and the guide's
//!   settings ([`DEFAULT_MAX_LOG_FILE_SIZE`] and friends).
//! - [`RolledSeries`], [`RolledAppender`], [`RolledFollower`], [`RolledCursor`]: a
//!   rename-based series `NAME.log`, `NAME.log.1`, … (Linux job logs and `master.log`).
//! - [`JobLogDir`], [`job_logs_in`]: Linux job logs `job-<GUID>.log` in `/opt/dbtk/log`.

mod appender;
mod cursor;
mod diagnostic;
mod dir_wakeup;
mod escape;
mod follower;
mod job_log;
mod level;
mod line;
mod line_error;
mod line_writer;
mod polling;
mod reader;
mod record;
mod rolled_appender;
mod rolled_cursor;
mod rolled_follower;
mod rolled_series;
mod series;
mod series_reader;
mod settings;

pub use appender::Appender;
pub use cursor::{Cursor, FilePosition};
pub use diagnostic::{Diagnostic, DiagnosticReason};
pub use dir_wakeup::DirWakeup;
pub use follower::{FollowItem, Follower, MissingRecords};
pub use job_log::{
    job_guid_of, job_log_name, job_logs_in, JobLogDir, DEFAULT_JOB_LOG_DIR, JOB_LOG_MAX_SIZE,
    JOB_LOG_OLDER_FILES,
};
pub use level::Level;
pub use line::{parse_line, peek_level_and_id};
pub use line_error::{Column, LineError, Reason};
pub use reader::{
    Item, Line, LogReader, RecordItem, Records, FIRST_READ_SIZE, MAX_LINE_LEN, READ_CHUNK_SIZE,
};
pub use record::{Record, RecordRef};
pub use rolled_appender::RolledAppender;
pub use rolled_cursor::{RolledCursor, RolledPosition};
pub use rolled_follower::RolledFollower;
pub use rolled_series::{RolledFile, RolledSeries, ROLLED_EXTENSION};
pub use series::{FileId, LogFile, LogSeries};
pub use series_reader::{SeriesReader, SeriesRecords};
pub use settings::{
    AppenderConfig, LogMessageLevel, Severity, DEFAULT_BASE_NAME, DEFAULT_LOG_DIR,
    DEFAULT_LOG_MESSAGE_LEVEL, DEFAULT_MAX_LOG_FILE_SIZE, DEFAULT_MAX_NUMBER_OF_LOG_FILES,
    EXTENSION, MAX_SERIES_NUMBER,
};
