//! The engine's stats port: connect, ask for an interval, read the `.sts` stream.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use logparse::sts::{StsError, StsReader};

use super::{not_responding, Origin, ServerAddress, Source, SourceError};

/// How long to wait for the engine before calling it not responding (error 110).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveSettings {
    /// The interval asked of the engine (`interval <ms>`).
    pub interval: Duration,
    /// Longest wait for the connection and for the stream's header.
    pub reply_timeout: Duration,
}

impl LiveSettings {
    /// Waits used by `dtstat`: 5 s for a reply.
    pub const DEFAULT_REPLY_TIMEOUT: Duration = Duration::from_secs(5);

    /// `interval`, with the default reply timeout.
    pub fn new(interval: Duration) -> LiveSettings {
        LiveSettings {
            interval,
            reply_timeout: Self::DEFAULT_REPLY_TIMEOUT,
        }
    }

    /// Longest silence between two snapshots: ten intervals, as the engine allows a slow
    /// client, and never less than the reply timeout.
    pub fn silence_limit(&self) -> Duration {
        self.interval.saturating_mul(10).max(self.reply_timeout)
    }
}

/// Connects to `server`, asks for `settings.interval` and checks the stream's header.
pub fn connect(server: &ServerAddress, settings: &LiveSettings) -> Result<Source, SourceError> {
    let fail = |reason: String| not_responding(server, reason);
    let addresses = (server.host.as_str(), server.port)
        .to_socket_addrs()
        .map_err(|e| fail(format!("cannot resolve the address: {e}")))?;
    let mut last_error = None;
    let mut stream = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, settings.reply_timeout) {
            Ok(connected) => {
                stream = Some(connected);
                break;
            }
            Err(e) => last_error = Some(e),
        }
    }
    let mut stream = stream.ok_or_else(|| match last_error {
        Some(e) => fail(e.to_string()),
        None => fail("the name has no address".to_string()),
    })?;
    let millis = settings.interval.as_millis().max(1);
    stream
        .write_all(format!("interval {millis}\n").as_bytes())
        .and_then(|()| stream.set_read_timeout(Some(settings.reply_timeout)))
        .map_err(|e| fail(e.to_string()))?;
    let reading = stream.try_clone().map_err(|e| fail(e.to_string()))?;
    let bytes: Box<dyn Read + Send> = Box::new(reading);
    let reader = StsReader::new(bytes).map_err(|e| match e {
        StsError::Header(header) => fail(format!("it does not send statistics ({header})")),
        StsError::Io(io) => fail(format!("no statistics received: {io}")),
        StsError::Encode(encode) => fail(encode.to_string()),
    })?;
    stream
        .set_read_timeout(Some(settings.silence_limit()))
        .map_err(|e| fail(e.to_string()))?;
    Ok(Source::new(reader, Origin::Live(server.clone())))
}
