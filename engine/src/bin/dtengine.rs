//! `dtengine`: the replication service, in the foreground (systemd `Type=simple`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use engine::service::{Service, StartOptions};
use logparse::dtconf;
use tokio::signal::unix::{signal, SignalKind};

/// mimalloc: the engine allocates and frees a buffer per operation in flight, which
/// glibc's allocator keeps returning to the kernel and faulting back in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The dtsuite replication engine: source and target modules, the engine log, the
/// management port (dtctl) and the statistics port (dtstat), until SIGTERM or Ctrl-C.
///
/// Everything else is configured in DT.conf (see `dtctl options`).
#[derive(Debug, Parser)]
#[command(name = "dtengine", version)]
struct Args {
    /// DT.conf to read
    #[arg(long, value_name = "FILE", env = dtconf::PATH_ENV, default_value = dtconf::DEFAULT_PATH)]
    config: PathBuf,

    /// Where to write the process ID [default: dtengine.pid in DataDir]
    #[arg(long, value_name = "FILE")]
    pid_file: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("dtengine: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dtengine: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let service = Service::start(StartOptions {
        config: args.config.clone(),
        pid_file: args.pid_file,
    })
    .await?;
    let engine = service.engine();
    eprintln!(
        "dtengine: running (pid {}); management {}, stats {}, log {}, config {}",
        std::process::id(),
        engine.management_addr,
        engine
            .stats_addr
            .map_or_else(|| "not started".to_string(), |a| a.to_string()),
        engine.config.log_dir.display(),
        args.config.display()
    );
    tokio::select! {
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
    }
    eprintln!("dtengine: stopping");
    service.stop().await
}
