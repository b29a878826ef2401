//! [`TargetServer`]: the target engine's replication port (NetPort): accepts sources
//! and serves each in its own session until shutdown.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use logparse::dtl::Severity;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::config::TargetConfig;
use super::control::TargetControl;
use super::session::{serve, SessionContext};
use crate::event_log::EventLog;
use crate::stats::StatsModel;

/// How long the port rests after a failed accept (e.g. out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The bound replication port, ready to [`run`](TargetServer::run).
pub struct TargetServer {
    listener: TcpListener,
    local_addr: SocketAddr,
    config: Arc<TargetConfig>,
    stats: Arc<StatsModel>,
    log: EventLog,
    control: TargetControl,
}

impl TargetServer {
    /// Binds `config.listen` (port 0 picks a free port).
    pub async fn bind(
        config: TargetConfig,
        stats: Arc<StatsModel>,
        log: EventLog,
    ) -> io::Result<TargetServer> {
        let listener = TcpListener::bind(config.listen).await?;
        let local_addr = listener.local_addr()?;
        Ok(TargetServer {
            listener,
            local_addr,
            config: Arc::new(config),
            stats,
            control: TargetControl::new(log.clone()),
            log,
        })
    }

    /// The address the port listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The handle for pause, resume and the session list.
    pub fn control(&self) -> TargetControl {
        self.control.clone()
    }

    /// Serves sources until `shutdown` resolves; then each session says `Goodbye` and
    /// its applier is closed before this returns.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) {
        let (stop, stopped) = watch::channel(false);
        let ctx = SessionContext {
            config: self.config,
            stats: self.stats,
            log: self.log.clone(),
            control: self.control,
            shutdown: stopped,
        };
        let mut sessions = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        // Acks and small operations must not wait for Nagle.
                        let _ = stream.set_nodelay(true);
                        sessions.spawn(serve(stream, peer, ctx.clone()));
                    }
                    Err(err) => {
                        let text = format!("Target cannot accept a connection: {err}");
                        if let Err(err) = self.log.message(Severity::Alert, 0, &text) {
                            eprintln!("dtengine: cannot write to the engine log: {err}");
                        }
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                    }
                },
                Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
            }
        }
        drop(self.listener);
        stop.send_replace(true);
        while sessions.join_next().await.is_some() {}
    }
}
