//! `dtsubagent`: the AgentX sub-agent serving the NSI-MIB from the engine's stats port.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use dtsubagent::config::{FileSettings, DEFAULT_CONFIG_FILE, DEFAULT_MASTER, DEFAULT_STATS};
use dtsubagent::session::{self, Master, SessionConfig};
use dtsubagent::stats_feed::StatsFeed;
use tokio::signal::unix::{signal, SignalKind};

/// Serve the Double-Take NSI-MIB to an AgentX master agent (such as Net-SNMP's snmpd).
#[derive(Debug, Parser)]
#[command(name = "dtsubagent", version)]
struct Args {
    /// The master agent: unix:PATH or tcp:HOST:PORT [default: unix:/var/agentx/master].
    #[arg(long)]
    master: Option<Master>,
    /// The engine's stats port, HOST:PORT [default: 127.0.0.1:1506].
    #[arg(long)]
    stats: Option<String>,
    /// Settings file of `key = value` lines (master, stats); flags win
    /// [default: /etc/DT/dtsubagent.conf, optional].
    #[arg(long)]
    config: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let file = match &args.config {
        Some(path) => FileSettings::load(path, false),
        None => FileSettings::load(DEFAULT_CONFIG_FILE.as_ref(), true),
    };
    let file = match file {
        Ok(file) => file,
        Err(e) => {
            eprintln!("dtsubagent: {e}");
            return ExitCode::from(2);
        }
    };
    let master = match args.master.or(file.master) {
        Some(master) => master,
        None => match DEFAULT_MASTER.parse() {
            Ok(master) => master,
            Err(e) => {
                eprintln!("dtsubagent: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let stats = args
        .stats
        .or(file.stats)
        .unwrap_or_else(|| DEFAULT_STATS.to_owned());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dtsubagent: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(master, stats))
}

async fn serve(master: Master, stats: String) -> ExitCode {
    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        eprintln!("dtsubagent: cannot install signal handlers");
        return ExitCode::FAILURE;
    };
    eprintln!("dtsubagent: master {master}, stats port {stats}");
    let feed = StatsFeed::start(stats);
    let shutdown = async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    };
    session::run(SessionConfig::new(master), feed.subscribe(), shutdown).await;
    drop(feed);
    eprintln!("dtsubagent: stopped");
    ExitCode::SUCCESS
}
