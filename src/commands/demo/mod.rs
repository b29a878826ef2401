//! `dtsuite demo`: the whole suite on one machine with embedded defaults — a source and
//! a target engine on 127.0.0.1, a data set protected by a job, a light write
//! workload, dtsubagent serving NSI-MIB, dtnotify mailing the job's events into an
//! `.eml` outbox folder, and a live screen — until Ctrl-C or `--duration`.

mod binaries;
mod dataset;
mod events;
mod hints;
mod job;
mod layout;
mod notify;
mod processes;
mod screen;
mod snmp;
mod workload;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use bytesize::ByteSize;
use clap::Args;
use tokio::signal::unix::{signal, SignalKind};

use events::Events;
use hints::{hints, HintContext};
use job::{DemoJob, JobStatus};
use layout::Layout;
use processes::{launches, Processes, HINT_BINARIES};
use screen::{Frame, Screen};
use snmp::{SnmpChoice, SnmpMode};
use workload::Workload;

/// How long the demo waits, once stopped, for the replica to catch up.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Run the whole suite on this machine: two engines replicating a demo data set, the
/// SNMP sub-agent, the notifier writing mails as .eml files, and a live screen. No
/// configuration, no root, no snmpd or mail server needed.
///
/// Everything lives in a working folder (a new temporary folder unless --dir is
/// given), which is kept and named when the demo stops.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  dtsuite demo\n  dtsuite demo --duration 30 --dir /tmp/demo")]
pub struct DemoArgs {
    /// Stop after this many seconds [default: run until Ctrl-C]
    #[arg(long, value_name = "SECONDS")]
    duration: Option<u64>,

    /// The working folder (created if missing) [default: a new temporary folder]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,

    /// How NSI-MIB is served: AgentX through snmpd's master socket, dtsubagent's own
    /// SNMPv2c agent, or AgentX when the socket answers
    #[arg(long, value_enum, default_value_t = SnmpChoice::Auto)]
    snmp: SnmpChoice,

    /// The AgentX master socket of snmpd
    #[arg(long, value_name = "PATH", default_value = "/var/agentx/master")]
    agentx_socket: PathBuf,

    /// The folder holding NSI-MIB.txt, for the printed snmpwalk command [default: the
    /// checkout's mib/ above the binaries or the current folder, else
    /// /usr/share/snmp/mibs]
    #[arg(long, value_name = "DIR")]
    mib_dir: Option<PathBuf>,

    /// Number of files in the demo data set
    #[arg(long, value_name = "N", default_value_t = 64)]
    files: usize,

    /// Size of the demo data set (e.g. 8MiB)
    #[arg(long, value_name = "SIZE", default_value = "8MiB")]
    data_size: ByteSize,
}

/// Runs `dtsuite demo`.
pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    let bin_dir = binaries::bin_dir()?;
    let work = working_folder(args.dir.as_deref())?;
    let layout = Layout::new(&work)?;
    let snmp = SnmpMode::choose(args.snmp, &args.agentx_socket, &layout);
    let programs = launches(&layout, &snmp);
    for binary in programs.iter().map(|l| l.binary).chain(HINT_BINARIES) {
        binaries::sibling(&bin_dir, binary)?;
    }
    let mib_dir = args
        .mib_dir
        .clone()
        .unwrap_or_else(|| default_mib_dir(&bin_dir));
    println!("dtsuite demo: working folder {}", work.display());

    layout.source.write_conf()?;
    layout.target.write_conf()?;
    notify::write_conf(&layout)?;
    let files = dataset::generate(&layout.data, args.files, args.data_size.as_u64(), 1)?;
    println!(
        "dtsuite demo: data set of {} files ({}) in {}",
        files.len(),
        args.data_size,
        layout.data.display()
    );

    let mut processes = Processes::new(&bin_dir, &work.join("output"));
    for launch in &programs {
        processes.start(launch)?;
        println!("dtsuite demo: started {}", launch.name);
    }
    let job = DemoJob::create_and_start(&layout)?;
    println!("dtsuite demo: job {} ({}) started", job::JOB, job.id);
    let mut workload = Workload::start(files, layout.data.join("new"), 2);

    let header = vec![
        format!(
            "dtsuite demo — working folder {}   (Ctrl-C stops)",
            work.display()
        ),
        format!(
            "engines: source {} → target {}; NSI-MIB at {}",
            layout.source.management_address(),
            layout.target.management_address(),
            snmp.agent_address()
        ),
    ];
    let footer = hints(
        &layout,
        &HintContext {
            bin_dir: &bin_dir,
            mib_dir: &mib_dir,
            snmp: &snmp,
            job: &job.id,
        },
    );
    let screen = Screen::new(header, footer.clone());
    let mut events = Events::follow(&[
        ("source", &layout.source.log_dir()),
        ("target", &layout.target.log_dir()),
    ]);
    let outcome = live(
        &args,
        &job,
        &mut processes,
        &workload,
        &screen,
        &mut events,
        &layout.outbox,
    );

    workload.stop();
    let settled = outcome.is_ok() && settle(&job);
    processes.stop_all();
    println!();
    if !settled && outcome.is_ok() {
        println!("dtsuite demo: the replica had not caught up within {SETTLE_TIMEOUT:?}");
    }
    println!(
        "dtsuite demo: stopped; the files are in {}:",
        work.display()
    );
    println!("  data set            {}", layout.data.display());
    println!(
        "  replica             {}",
        layout.replica_of_data().display()
    );
    for engine in [&layout.source, &layout.target] {
        println!(
            "  {} engine       {} (DT.conf, log/, jobs/, data/)",
            engine.role,
            engine.dir.display()
        );
    }
    println!(
        "  mails               {} ({} .eml files; settings in dtnotify.toml)",
        layout.outbox.display(),
        notify::mails_in(&layout.outbox)
    );
    println!("  program output      {}", work.join("output").display());
    outcome
}

/// The refresh loop: one frame a second until Ctrl-C, SIGTERM, the duration, or a
/// program exiting.
fn live(
    args: &DemoArgs,
    job: &DemoJob,
    processes: &mut Processes,
    workload: &Workload,
    screen: &Screen,
    events: &mut Events,
    outbox: &Path,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the demo's event loop")?;
    runtime.block_on(async {
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let started = Instant::now();
        let mut last: Option<(Instant, u64, u64)> = None;
        loop {
            tokio::select! {
                _ = interrupt.recv() => return Ok(()),
                _ = terminate.recv() => return Ok(()),
                _ = tick.tick() => {}
            }
            let exited = processes.exited();
            if !exited.is_empty() {
                bail!("{}", exited.join("; "));
            }
            let shown = job.show().map_err(|e| format!("{e:#}"));
            let rates = rates(&mut last, &shown);
            let new_events = events.poll();
            let frame = Frame {
                elapsed: started.elapsed(),
                job: &shown,
                rates,
                workload: &workload.counters,
                mails: notify::mails_in(outbox),
            };
            screen.show(&frame, events, &new_events);
            if args
                .duration
                .is_some_and(|seconds| started.elapsed() >= Duration::from_secs(seconds))
            {
                return Ok(());
            }
        }
    })
}

/// Bytes and operations per second since the previous frame.
fn rates(last: &mut Option<(Instant, u64, u64)>, shown: &Result<JobStatus, String>) -> (f64, f64) {
    let Some(connection) = shown.as_ref().ok().and_then(|s| s.connection.as_ref()) else {
        return (0.0, 0.0);
    };
    let now = Instant::now();
    let rates = match *last {
        Some((at, bytes, ops)) => {
            let seconds = now.duration_since(at).as_secs_f64().max(1e-3);
            (
                connection.bytes_tx.saturating_sub(bytes) as f64 / seconds,
                connection.ops_tx.saturating_sub(ops) as f64 / seconds,
            )
        }
        None => (0.0, 0.0),
    };
    *last = Some((now, connection.bytes_tx, connection.ops_tx));
    rates
}

/// Waits until the job has sent and applied everything; whether it did in time.
fn settle(job: &DemoJob) -> bool {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    while Instant::now() < deadline {
        if job.show().is_ok_and(|status| status.is_settled()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// `dir` (created), or a new temporary folder that is kept.
fn working_folder(dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            std::path::absolute(dir).with_context(|| format!("{}", dir.display()))
        }
        None => Ok(tempfile::Builder::new()
            .prefix("dtsuite-demo.")
            .tempdir()
            .context("cannot create a temporary working folder")?
            .keep()),
    }
}

/// The checkout's `mib/` above the binaries' folder (target/<profile>/) or above the
/// current folder, else the guide's MIB folder.
fn default_mib_dir(bin_dir: &Path) -> PathBuf {
    let current = std::env::current_dir().unwrap_or_default();
    bin_dir
        .ancestors()
        .chain(current.ancestors())
        .map(|dir| dir.join("mib"))
        .find(|mib| mib.join("NSI-MIB.txt").is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/share/snmp/mibs"))
}
