//! Standalone mode: SNMPv2c on a UDP port instead of AgentX, traps to a trap sink.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dtsubagent::mib_view::MibView;
use dtsubagent::standalone::{StandaloneAgent, TrapSender};
use dtsubagent::traps::Outbox;
use tokio::sync::watch;

/// Time between two looks at the outbox when a send failed.
const RETRY_INTERVAL: Duration = Duration::from_millis(500);

/// Serves the view on `agent` until `shutdown` completes, sending the `outbox`'s
/// notifications to `sender`, each handed over once sent.
pub async fn run(
    agent: StandaloneAgent,
    views: watch::Receiver<Arc<MibView>>,
    traps: Option<(Outbox, TrapSender)>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::clone(&stop);
    let server = std::thread::spawn(move || {
        // Each request shares the current view: a copy of a thousand rows per request is not cheap.
        let view = || Arc::clone(&views.borrow());
        if let Err(e) = agent.serve(view, &stopping) {
            log::error!("standalone agent stopped: {e}");
        }
    });
    match traps {
        Some((outbox, sender)) => {
            tokio::select! {
                () = shutdown => {}
                () = send_forever(outbox, sender) => {}
            }
        }
        None => shutdown.await,
    }
    stop.store(true, Ordering::Relaxed);
    let _ = server.join();
}

async fn send_forever(outbox: Outbox, mut sender: TrapSender) {
    // A sink that keeps failing is reported once, and again once it works.
    let mut failing = false;
    loop {
        while let Some(notification) = outbox.front() {
            if let Err(e) = sender.send(&notification) {
                if !failing {
                    log::warn!("sending a trap: {e}; retrying every {RETRY_INTERVAL:?}");
                    failing = true;
                }
                break;
            }
            if failing {
                log::info!("traps are sent again");
                failing = false;
            }
            if let Err(e) = outbox.handed_over() {
                log::error!("{e}");
            }
        }
        tokio::select! {
            () = outbox.waiting() => {}
            () = tokio::time::sleep(RETRY_INTERVAL) => {}
        }
    }
}

/// The trap sender for `sink` with `community`.
pub fn sender(sink: SocketAddr, community: &str) -> Option<TrapSender> {
    match TrapSender::new(sink, community.as_bytes()) {
        Ok(sender) => Some(sender),
        Err(e) => {
            log::error!("trap sink {sink}: {e}");
            None
        }
    }
}
