//! The stats server on StatsPort: every client gets the `.sts` header, the current
//! snapshot, and then one snapshot per interval (its own, if it asks; see
//! `engine/STATS-PORT.md`), framed exactly as in `statistic.sts`.

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::client_request::{MAX_CLIENT_INTERVAL, MIN_CLIENT_INTERVAL};
use super::client_session::serve_client;
use super::model::StatsModel;
use super::server_counters::StatsServerCounters;

/// StatsPort's default, 1506 (the port DTStat and SNMP gather statistics on).
pub const DEFAULT_STATS_PORT: u16 = 1506;
/// StatsAddress's default: the loopback address only.
pub const DEFAULT_STATS_ADDRESS: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
/// The interval a client gets when it asks for none: one second, as DTStat's default.
pub const DEFAULT_STATS_INTERVAL: Duration = Duration::from_secs(1);
/// Clients served at once; more are accepted and closed at once (and counted).
pub const MAX_STATS_CLIENTS: usize = 64;
/// How long the server waits after a failed accept (e.g. out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The stats server, bound and ready to [`StatsServer::run`].
#[derive(Debug)]
pub struct StatsServer {
    listener: TcpListener,
    model: Arc<StatsModel>,
    default_interval: Duration,
    counters: Arc<StatsServerCounters>,
}

impl StatsServer {
    /// Binds `addr` (StatsAddress:StatsPort); clients that ask for no interval get
    /// `default_interval` (brought within the bounds a client may ask for). A failure
    /// here is the guide's error 186, "Stats server was not started".
    pub async fn bind(
        addr: SocketAddr,
        model: Arc<StatsModel>,
        default_interval: Duration,
    ) -> io::Result<StatsServer> {
        Ok(StatsServer {
            listener: TcpListener::bind(addr).await?,
            model,
            default_interval: default_interval.clamp(MIN_CLIENT_INTERVAL, MAX_CLIENT_INTERVAL),
            counters: Arc::default(),
        })
    }

    /// The address the server listens on (its port, when bound to port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The server's counters: clients, and snapshots coalesced for slow clients.
    pub fn counters(&self) -> Arc<StatsServerCounters> {
        Arc::clone(&self.counters)
    }

    /// Serves clients until `shutdown` completes, then closes every client connection
    /// and returns once all are closed.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let (stop, stopped) = watch::channel(false);
        let mut sessions = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) if sessions.len() >= MAX_STATS_CLIENTS => {
                        drop(stream);
                        self.counters.refused();
                    }
                    Ok((stream, peer)) => {
                        // Records are written whole; send each at once.
                        let _ = stream.set_nodelay(true);
                        let registration = self.counters.register(peer, self.default_interval);
                        sessions.spawn(serve_client(
                            stream,
                            Arc::clone(&self.model),
                            self.default_interval,
                            registration,
                            stopped.clone(),
                        ));
                    }
                    Err(_) => tokio::time::sleep(ACCEPT_BACKOFF).await,
                },
            }
        }
        stop.send_replace(true);
        while sessions.join_next().await.is_some() {}
    }
}
