//! LOGVIEWER (guide chapter 2): prints the engine log filtered by message type and ID,
//! then follows it across rotation until Ctrl-C.

mod args;
mod columns;
mod filter;
mod read_ahead;
mod view;

use std::io::{self, BufWriter};
use std::process::ExitCode;

use args::{Args, ArgsError};
use columns::Columns;
use filter::Filter;
use view::View;

fn main() -> ExitCode {
    let args = match Args::parse_from(std::env::args_os()) {
        Ok(args) => args,
        Err(ArgsError::Info(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(ArgsError::Usage(message)) => {
            eprintln!("logviewer: {message} (see logviewer -help)");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        // `logviewer … | head` closing the pipe is a normal way to stop.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("logviewer: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> io::Result<()> {
    let path = match args.path {
        Some(path) => path,
        None => view::default_log_dir()?,
    };
    let metadata = std::fs::metadata(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let mut view = View {
        filter: Filter {
            information: args.message_type == 2,
            include: args.include,
            exclude: args.exclude,
        },
        columns: Columns {
            shown: [
                !args.nodate,
                !args.notime,
                !args.nopid,
                !args.notid,
                !args.noseq,
                !args.notype,
                !args.noid,
            ],
        },
        out: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        bad_lines: 0,
        last_seq: 0,
    };
    let follow = !args.nofollow;
    if metadata.is_dir() {
        view.series(logparse::dtl::LogSeries::in_dir(&path), follow)?;
    } else {
        view.file(&path, follow)?;
    }
    if view.bad_lines > 0 {
        eprintln!(
            "logviewer: {} line(s) could not be read and were skipped",
            view.bad_lines
        );
    }
    Ok(())
}
