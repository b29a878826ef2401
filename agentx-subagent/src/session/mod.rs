//! The AgentX session with the master agent (RFC 2741): connect, Open, Register
//! nsiDoubleTake (1.3.6.1.4.1.2592.3), answer Get / GetNext / GetBulk from the newest
//! [`MibView`], refuse Sets as notWritable, Ping at an interval, Close on shutdown.
//!
//! When the master goes away the session reconnects with a doubling backoff (at most
//! [`SessionConfig::max_backoff`]) and opens and registers again; the master drops a
//! closed session's registrations, so there is never a duplicate.
//!
//! Layout: [`master`] (addresses and transports), [`connection`] (one open session),
//! [`answer`] (the Responses to requests).

pub mod answer;
pub mod connection;
pub mod master;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::agentx::{DecodeError, EncodeError, ErrorStatus};
use crate::mib_view::MibView;
use crate::traps::Outbox;
use connection::{Connection, Ended};
pub use master::{Master, MasterParseError};

/// First wait before reconnecting to the master.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// How long the session keeps reading the socket itself after answering a request
/// before it waits through the runtime again. snmpd turns every GetBulk repetition into
/// a GetNext of its own, so a walk's next request follows within microseconds; reading
/// it awake, yielding the CPU between reads (to snmpd itself when the answer woke it on
/// this CPU), saves a sleep and a wake-up per object. On a 2-CPU VM (`bench/snmp.sh`,
/// 1,000 connection rows) walks then ran at a steady 35k objects/s when idle and 47-66k
/// under other load, where waiting through the runtime gave 16k or 50k idle (depending
/// on where the scheduler placed the two processes) and 7-45k under load; the cost is up
/// to one CPU while a walk lasts.
const KEEP_LISTENING: Duration = Duration::from_micros(200);

/// The session's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// Where the master listens.
    pub master: Master,
    /// The Open PDU's description.
    pub description: String,
    /// The Open PDU's timeout (seconds the master waits for our answers; 0: its default).
    pub timeout_seconds: u8,
    /// How long to wait for the master's Response to Open, Register and Close.
    pub response_timeout: Duration,
    /// Time between two Pings.
    pub ping_interval: Duration,
    /// Longest wait between two connection attempts.
    pub max_backoff: Duration,
    /// How long to keep reading the socket after answering a request (zero: never).
    pub keep_listening: Duration,
}

impl SessionConfig {
    /// The defaults for `master`: 5 s response timeout, a Ping every 15 s, backoff up to
    /// 15 s, keep listening 200 µs after an answer.
    pub fn new(master: Master) -> Self {
        Self {
            master,
            description: "dtsubagent: Double-Take NSI-MIB".into(),
            timeout_seconds: 0,
            response_timeout: Duration::from_secs(5),
            ping_interval: Duration::from_secs(15),
            max_backoff: Duration::from_secs(15),
            keep_listening: KEEP_LISTENING,
        }
    }
}

/// Why a session ended or could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The connection failed.
    #[error("connection to the master: {0}")]
    Io(#[from] std::io::Error),
    /// The master sent bytes that are not an AgentX message we accept.
    #[error("bad message from the master: {0}")]
    Decode(#[from] DecodeError),
    /// A message could not be encoded.
    #[error("cannot encode a message: {0}")]
    Encode(#[from] EncodeError),
    /// The master answered a step with an error.
    #[error("the master refused {step}: {status:?}")]
    Refused {
        /// Open, register or close.
        step: &'static str,
        /// The master's error code.
        status: ErrorStatus,
    },
    /// The master did not answer a step in time.
    #[error("no answer from the master to {0}")]
    Timeout(&'static str),
    /// The master closed the connection.
    #[error("the master closed the connection")]
    ConnectionClosed,
    /// The master sent Close.
    #[error("the master closed the session")]
    ClosedByMaster,
}

/// Serves the NSI subtree to the master until `shutdown` completes, reconnecting
/// whenever the master goes away; then sends Close. The `outbox`'s notifications go to
/// the master as Notify PDUs; while it is away they wait in the outbox.
pub async fn run<F>(
    config: SessionConfig,
    views: watch::Receiver<Arc<MibView>>,
    outbox: Option<Outbox>,
    shutdown: F,
) where
    F: Future<Output = ()>,
{
    let mut shutdown = Box::pin(shutdown);
    let mut backoff = FIRST_BACKOFF;
    let mut lost = false;
    loop {
        let attempt = async {
            let stream = config.master.connect().await?;
            Connection::open(stream, &config).await
        };
        let opened = tokio::select! {
            () = &mut shutdown => return,
            opened = attempt => opened,
        };
        match opened {
            Ok(mut connection) => {
                log::info!(
                    "session {} open with {}{}",
                    connection.session_id(),
                    config.master,
                    if lost { " (reconnected)" } else { "" }
                );
                backoff = FIRST_BACKOFF;
                match connection
                    .serve(&views, outbox.as_ref(), config.ping_interval, &mut shutdown)
                    .await
                {
                    Ended::Shutdown => {
                        connection.close(config.response_timeout).await;
                        return;
                    }
                    Ended::Lost(e) => {
                        lost = true;
                        log::warn!("session with {} lost: {e}", config.master);
                    }
                }
            }
            Err(e) => log::warn!(
                "cannot open a session with {} (next try in {} ms): {e}",
                config.master,
                backoff.as_millis()
            ),
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(backoff) => {}
        }
        backoff = (backoff * 2).min(config.max_backoff);
    }
}
