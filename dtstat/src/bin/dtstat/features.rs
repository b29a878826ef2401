//! The exports, filters, delta and charts, one function per feature, each a thin call
//! into the library's `filter`, `csv_export`, `delta`, `json`, `prom` and `plot` modules.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use dtstat::args::{Export, Filters, Options, Print};
use dtstat::csv_export::{self, CsvExport};
use dtstat::delta::{deltas, Change};
use dtstat::filter::{local_to_utc, Filter};
use dtstat::json;
use dtstat::plot::{default_size, render, PlotField};
use dtstat::prom;
use dtstat::screen::{render_rates, Clock, Screen};
use dtstat::snapshots::Snapshots;
use logparse::sts::Snapshot;

/// The library filter for the command line's: `-Start`/`-Stop` read as local wall-clock time.
fn library_filter(filters: &Filters) -> Result<Filter> {
    let instant = |time: Option<chrono::NaiveDateTime>, option: &str| {
        time.map(|t| local_to_utc(t).with_context(|| format!("bad {option} time")))
            .transpose()
    };
    Ok(Filter {
        ips: filters.ips.clone(),
        start: instant(filters.start, "-Start")?,
        stop: instant(filters.stop, "-Stop")?,
    })
}

/// `-IP`, `-Start`, `-Stop` applied to the stream: snapshots outside the time range are
/// dropped, targets and connections of other peers removed.
pub fn filter<'a>(
    filters: &Filters,
    snapshots: impl Iterator<Item = Snapshot> + 'a,
) -> Result<Box<dyn Iterator<Item = Snapshot> + 'a>> {
    if filters.is_empty() {
        return Ok(Box::new(snapshots));
    }
    let filter = library_filter(filters)?;
    Ok(Box::new(snapshots.filter_map(move |s| filter.apply(s))))
}

/// `--delta`: differences and rates to the screen, `-s`/`-st` or JSON; the filters apply
/// after the differences, so the first kept snapshot still has its interval.
pub fn run_delta(options: &Options, snapshots: &mut dyn Iterator<Item = Snapshot>) -> Result<()> {
    let filter = library_filter(&options.filters)?;
    let changes = deltas(snapshots);
    match &options.export {
        Some(Export::Connections(path)) => {
            let summary = csv_export::write_connection_changes(changes, &filter, create(path)?);
            summary.with_context(|| format!("cannot write {}", path.display()))?;
        }
        Some(Export::Targets(path)) => {
            let summary = csv_export::write_target_changes(changes, &filter, create(path)?);
            summary.with_context(|| format!("cannot write {}", path.display()))?;
        }
        Some(Export::Json(path)) => {
            json::write_changes(changes, &filter, create(path)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Some(Export::Prom(_)) => {
            bail!("--delta does not apply to --format prom (Prometheus computes rates itself)")
        }
        Some(Export::Plot { .. }) => {
            bail!("--delta does not apply to --plot (it plots counters as rates already)")
        }
        None if options.print == Print::Json => {
            json::write_changes(changes, &filter, io::stdout().lock())
                .context("cannot print to standard output")?;
        }
        None if options.print == Print::Text => {
            let out = BufWriter::new(io::stdout().lock());
            let mut screen = Screen::new(out, options.level, Clock::Local);
            for change in changes.filter_map(|c| kept(&filter, c)) {
                show_change(&mut screen, &change)?;
            }
        }
        None => changes.for_each(drop),
    }
    Ok(())
}

fn kept(filter: &Filter, change: Change) -> Option<Change> {
    let interval_seconds = change.interval_seconds;
    filter.apply(change.snapshot).map(|snapshot| Change {
        interval_seconds,
        snapshot,
    })
}

/// One interval on screen: its differences as the guide's text, then their rates.
fn show_change<W: Write>(screen: &mut Screen<W>, change: &Change) -> Result<()> {
    let shown = screen
        .show(&change.snapshot)
        .and_then(|printed| match printed {
            true => render_rates(change, screen.out()).and_then(|()| screen.out().flush()),
            false => Ok(()),
        });
    match shown {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot print to standard output"),
    }
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::new(file))
}

/// `-s` or `-st` without `--delta`: each record is decoded over the same snapshot and
/// written as it arrives (filtered by the export itself); the screen, when it prints
/// too, is shown the filtered snapshot.
pub fn export_csv<W: Write>(
    options: &Options,
    snapshots: &mut Snapshots<W>,
    targets: bool,
    path: &Path,
) -> Result<()> {
    let filter = library_filter(&options.filters)?;
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let cannot_write = || format!("cannot write {}", path.display());
    let mut export = match targets {
        false => CsvExport::connections(&filter, file),
        true => CsvExport::targets(&filter, file),
    }
    .with_context(cannot_write)?;
    let mut screen = (options.print == Print::Text).then(|| {
        // Buffered: a snapshot is flushed whole, not line by line.
        let out = BufWriter::new(io::stdout().lock());
        Screen::new(out, options.level, Clock::Local)
    });
    let mut snapshot = Snapshot::default();
    let mut screen_error = None;
    while snapshots.next_into(&mut snapshot) {
        if let Some(screen) = &mut screen {
            let shown = match options.filters.is_empty() {
                true => screen.show(&snapshot),
                false => filter
                    .apply(snapshot.clone())
                    .map_or(Ok(false), |kept| screen.show(&kept)),
            };
            if let Err(error) = shown {
                screen_error = Some(error);
                break;
            }
        }
        export.write(&snapshot).with_context(cannot_write)?;
    }
    export.finish().with_context(cannot_write)?;
    match screen_error {
        // `dtstat … | head`: the reader has what it wanted.
        Some(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Some(error) => Err(error).context("cannot print to standard output"),
        None => Ok(()),
    }
}

/// `--format json`: JSON Lines on standard output.
pub fn write_json(snapshots: impl Iterator<Item = Snapshot>, out: &mut impl Write) -> Result<()> {
    json::write_snapshots(snapshots, &Filter::default(), out)
        .context("cannot print to standard output")?;
    Ok(())
}

/// `--format json -o FILE`: JSON Lines to a file.
pub fn write_json_file(snapshots: impl Iterator<Item = Snapshot>, path: &Path) -> Result<()> {
    json::write_snapshots(snapshots, &Filter::default(), create(path)?)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `--format prom -o FILE`: Prometheus text, the file replaced atomically per snapshot.
pub fn write_prom(snapshots: impl Iterator<Item = Snapshot>, path: &Path) -> Result<()> {
    for snapshot in snapshots {
        prom::write_textfile(&snapshot, &Filter::default(), path)?;
    }
    Ok(())
}

/// `--plot FIELDS -o FILE`: a chart, one panel per field; says what it drew.
pub fn plot(
    snapshots: impl Iterator<Item = Snapshot>,
    fields: &[String],
    out: &Path,
) -> Result<()> {
    let fields = fields
        .iter()
        .map(|name| PlotField::parse(name))
        .collect::<Result<Vec<_>, _>>()?;
    let summary = render(snapshots, &fields, out, default_size(fields.len()))
        .with_context(|| format!("chart {}", out.display()))?;
    eprintln!(
        "dtstat: {} written: {} snapshots, {} points",
        out.display(),
        summary.snapshots,
        summary.points
    );
    Ok(())
}
