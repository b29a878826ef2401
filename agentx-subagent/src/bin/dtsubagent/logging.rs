//! The sub-agent's own log: every line to stderr and, when it can be opened, to its log
//! file, with a local timestamp and a level.

use std::fmt;
use std::io;
use std::path::Path;

/// Sends the `log` records of the sub-agent (Info and above) to stderr and to `file`
/// (appended; its directory is created if missing), or to stderr only with `None`.
pub fn start(file: Option<&Path>) -> Result<(), String> {
    let mut dispatch = fern::Dispatch::new()
        .format(line)
        .level(log::LevelFilter::Info)
        .chain(io::stderr());
    if let Some(file) = file {
        let opened = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| fern::log_file(file))
            .map_err(|e| format!("log file {}: {e}", file.display()))?;
        dispatch = dispatch.chain(opened);
    }
    dispatch
        .apply()
        .map_err(|e| format!("cannot start the log: {e}"))
}

/// `2026-11-26 01:02:03.456 INFO  message`.
fn line(out: fern::FormatCallback, message: &fmt::Arguments, record: &log::Record) {
    out.finish(format_args!(
        "{} {:<5} {message}",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S%.3f"),
        record.level()
    ));
}
