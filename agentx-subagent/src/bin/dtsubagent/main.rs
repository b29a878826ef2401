//! `dtsubagent`: the AgentX sub-agent serving the NSI-MIB from the engine's stats port,
//! and sending the engine log's `dttrap*` notifications through the master; or, with
//! `--listen`, a standalone SNMPv2c agent sending v2c traps to `--trap-sink`.

mod logging;
mod standalone_mode;
mod traps_poll;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dtsubagent::config::{
    FileSettings, DEFAULT_COMMUNITY, DEFAULT_CONFIG_FILE, DEFAULT_LOG_FILE, DEFAULT_MASTER,
    DEFAULT_STATE_DIR, DEFAULT_STATS,
};
use dtsubagent::session::{self, Master, SessionConfig};
use dtsubagent::standalone::{parse_udp_endpoint, StandaloneAgent};
use dtsubagent::stats_feed::StatsFeed;
use dtsubagent::traps::Outbox;
use tokio::signal::unix::{signal, SignalKind};

/// The sub-agent's version, in its startup line.
const VERSION: &str = env!("CARGO_PKG_VERSION");

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
    /// The engine's LogDir, followed for traps (none: no traps).
    #[arg(long)]
    log_dir: Option<PathBuf>,
    /// Where the trap cursor is kept [default: /var/lib/dtsubagent].
    #[arg(long)]
    state_dir: Option<PathBuf>,
    /// Standalone SNMPv2c on udp:HOST:PORT instead of AgentX.
    #[arg(long)]
    listen: Option<String>,
    /// The standalone community [default: public].
    #[arg(long)]
    community: Option<String>,
    /// Where standalone traps go, HOST:PORT (none: no traps).
    #[arg(long)]
    trap_sink: Option<String>,
    /// The sub-agent's own log (lines also go to stderr)
    /// [default: /var/log/DT/dtsubagent.log, beside the engine's logs].
    #[arg(long)]
    log_file: Option<PathBuf>,
    /// Settings file of `key = value` lines (the same settings; flags win)
    /// [default: /etc/DT/dtsubagent.conf, optional].
    #[arg(long)]
    config: Option<PathBuf>,
}

/// What to run, from flags and settings file.
enum Mode {
    /// AgentX sub-agent of `master`.
    Agentx(Master),
    /// Standalone agent, traps to the sink if any.
    Standalone(StandaloneAgent, Option<std::net::SocketAddr>, String),
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = args
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG_FILE));
    let file = match FileSettings::load(&config, args.config.is_none()) {
        Ok(file) => file,
        Err(e) => return usage_error(&format!("{}: {e}", config.display())),
    };
    match args.log_file.or(file.log_file) {
        Some(log_file) => {
            if let Err(e) = logging::start(Some(&log_file)) {
                return usage_error(&e);
            }
        }
        None => {
            if let Err(e) = logging::start(Some(DEFAULT_LOG_FILE.as_ref())) {
                // The default place may not be writable: stderr still has every line.
                let _ = logging::start(None);
                log::warn!("{e}: logging to stderr only");
            }
        }
    }
    let stats = args
        .stats
        .or(file.stats)
        .unwrap_or_else(|| DEFAULT_STATS.to_owned());
    let mode = match args.listen.or(file.listen) {
        Some(listen) => {
            let community = args
                .community
                .or(file.community)
                .unwrap_or_else(|| DEFAULT_COMMUNITY.to_owned());
            let agent = match parse_udp_endpoint(&listen)
                .and_then(|address| StandaloneAgent::bind(address, community.as_bytes()))
            {
                Ok(agent) => agent,
                Err(e) => return usage_error(&e),
            };
            let sink = match args.trap_sink.or(file.trap_sink) {
                Some(sink) => match parse_udp_endpoint(&sink) {
                    Ok(sink) => Some(sink),
                    Err(e) => return usage_error(&e),
                },
                None => None,
            };
            Mode::Standalone(agent, sink, community)
        }
        None => match args.master.or(file.master) {
            Some(master) => Mode::Agentx(master),
            None => match DEFAULT_MASTER.parse() {
                Ok(master) => Mode::Agentx(master),
                Err(e) => return usage_error(&e),
            },
        },
    };
    let wants_traps = matches!(mode, Mode::Agentx(_) | Mode::Standalone(_, Some(_), _));
    let traps = match args.log_dir.or(file.log_dir) {
        Some(log_dir) if wants_traps => {
            let state_dir = args
                .state_dir
                .or(file.state_dir)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE_DIR));
            log::info!(
                "traps from the engine log in {}, cursor in {}",
                log_dir.display(),
                state_dir.display()
            );
            match traps_poll::open(&log_dir, &state_dir) {
                Ok(outbox) => Some((outbox, log_dir)),
                Err(e) => return usage_error(&e),
            }
        }
        _ => {
            log::info!("no traps (no engine LogDir, or standalone without a trap sink)");
            None
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            log::error!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(mode, stats, traps))
}

fn usage_error(e: &dyn std::fmt::Display) -> ExitCode {
    if log::log_enabled!(log::Level::Error) {
        log::error!("{e}");
    } else {
        eprintln!("dtsubagent: {e}");
    }
    ExitCode::from(2)
}

/// Runs `mode` until SIGTERM or SIGINT; `traps`: the outbox of the engine log in the
/// LogDir beside it.
async fn serve(mode: Mode, stats: String, traps: Option<(Outbox, PathBuf)>) -> ExitCode {
    let started = Instant::now();
    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        log::error!("cannot install signal handlers");
        return ExitCode::FAILURE;
    };
    let feed = StatsFeed::start(stats.clone());
    let outbox = traps.as_ref().map(|(outbox, _)| outbox.clone());
    if let Some((outbox, log_dir)) = traps {
        tokio::spawn(traps_poll::announce_start(
            outbox.clone(),
            feed.engine_state(),
            feed.subscribe(),
            started,
        ));
        let views = feed.subscribe();
        // Ends with the process.
        std::thread::spawn(move || traps_poll::poll_forever(outbox, views, started, log_dir));
    }
    let shutdown = async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    };
    match mode {
        Mode::Agentx(master) => {
            log::info!(
                "dtsubagent {VERSION} (AgentX 1, NSI-MIB) started: master {master}, stats port {stats}"
            );
            session::run(
                SessionConfig::new(master),
                feed.subscribe(),
                outbox,
                shutdown,
            )
            .await;
        }
        Mode::Standalone(agent, sink, community) => {
            log::info!(
                "dtsubagent {VERSION} (SNMPv2c standalone, NSI-MIB) started: {}, traps to {}, stats port {stats}",
                agent
                    .local_addr()
                    .map(|address| address.to_string())
                    .unwrap_or_default(),
                sink.map_or_else(|| "nowhere".to_owned(), |sink| sink.to_string())
            );
            let traps = match (outbox, sink) {
                (Some(outbox), Some(sink)) => {
                    standalone_mode::sender(sink, &community).map(|sender| (outbox, sender))
                }
                _ => None,
            };
            standalone_mode::run(agent, feed.subscribe(), traps, shutdown).await;
        }
    }
    drop(feed);
    log::info!("stopped");
    ExitCode::SUCCESS
}
