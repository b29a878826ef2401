//! `dtstat`: the guide's DTStat. Parses the command line, opens the source, and sends
//! the snapshots to the screen and to at most one export.

mod features;

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use dtstat::args::{ArgsError, Export, Options, Print, SourceChoice};
use dtstat::screen::{Clock, Screen};
use dtstat::snapshots::Snapshots;
use dtstat::source::{self, LiveSettings, Recording, ServerAddress, Source};
use logparse::dtconf::DtConf;

/// Exit status of a bad command line.
const USAGE_EXIT: u8 = 2;

fn main() -> ExitCode {
    let options = match Options::parse_from(std::env::args_os()) {
        Ok(options) => options,
        Err(ArgsError::Info(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(ArgsError::Usage(message)) => {
            eprintln!("dtstat: {message} (dtstat --help explains the options)");
            return ExitCode::from(USAGE_EXIT);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dtstat: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> anyhow::Result<()> {
    let live = matches!(options.source, SourceChoice::Live { .. });
    let mut snapshots = Snapshots::new(open_source(options)?, io::stderr());
    if let Some(path) = &options.save_to {
        if let SourceChoice::File(from) = &options.source {
            if same_file(path, from) {
                bail!("-t {} would overwrite the -f file it reads", path.display());
            }
        }
        snapshots = snapshots.saving_to(Recording::create(path, live)?);
    }
    let shown = show(options, &mut snapshots);
    let read = snapshots.finish();
    shown?;
    read?;
    Ok(())
}

fn open_source(options: &Options) -> anyhow::Result<Source> {
    Ok(match &options.source {
        SourceChoice::File(path) => source::open_file(path)?,
        SourceChoice::Live { server, interval } => {
            let server = match server {
                Some(server) => server.clone(),
                None => {
                    let conf = DtConf::load(&DtConf::default_path()).unwrap_or_default();
                    ServerAddress::from_dt_conf(&conf)
                }
            };
            source::connect(&server, &LiveSettings::new(*interval))?
        }
    })
}

/// Sends the snapshots through the filters to the screen and the export.
fn show(options: &Options, snapshots: &mut Snapshots<io::Stderr>) -> anyhow::Result<()> {
    if options.delta {
        return features::run_delta(options, snapshots);
    }
    match &options.export {
        Some(Export::Connections(path)) => {
            return features::export_csv(options, snapshots, false, path)
        }
        Some(Export::Targets(path)) => return features::export_csv(options, snapshots, true, path),
        _ => {}
    }
    let filtered = features::filter(&options.filters, snapshots)?;
    let mut screen = (options.print == Print::Text).then(|| {
        // Buffered: a snapshot is flushed whole, not line by line.
        let out = BufWriter::new(io::stdout().lock());
        Screen::new(out, options.level, Clock::Local)
    });
    let mut screen_error = None;
    let printed = filtered.map_while(
        |snapshot| match screen.as_mut().map(|s| s.show(&snapshot)) {
            Some(Err(error)) => {
                screen_error = Some(error);
                None
            }
            _ => Some(snapshot),
        },
    );
    let exported = match &options.export {
        None if options.print == Print::Json => features::write_json(printed, &mut io::stdout()),
        None => {
            printed.for_each(drop);
            Ok(())
        }
        // Written by `features::export_csv` above, one reused snapshot at a time.
        Some(Export::Connections(_) | Export::Targets(_)) => Ok(()),
        Some(Export::Json(path)) => features::write_json_file(printed, path),
        Some(Export::Prom(path)) => features::write_prom(printed, path),
        Some(Export::Plot { fields, out }) => features::plot(printed, fields, out),
    };
    match screen_error {
        // `dtstat … | head`: the reader has what it wanted.
        Some(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Some(error) => Err(error).context("cannot print to standard output"),
        None => {
            exported?;
            io::stdout()
                .flush()
                .context("cannot print to standard output")
        }
    }
}

/// Whether `a` and `b` name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
