//! The UDP loop: requests in, responses out.

use std::net::{SocketAddr, UdpSocket};
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::error::StandaloneError;
use super::responder::respond;
use crate::mib_view::MibView;

/// How long a receive waits before the loop looks at its stop flag.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// An SNMPv2c agent on a UDP socket, serving the NSI view with one community.
#[derive(Debug)]
pub struct StandaloneAgent {
    socket: UdpSocket,
    community: Vec<u8>,
}

impl StandaloneAgent {
    /// Binds `listen` (e.g. from `--listen udp:127.0.0.1:1161`); `community` is the one
    /// requests must carry.
    pub fn bind(listen: SocketAddr, community: &[u8]) -> Result<Self, StandaloneError> {
        let socket = UdpSocket::bind(listen)?;
        socket.set_read_timeout(Some(STOP_CHECK))?;
        Ok(StandaloneAgent {
            socket,
            community: community.to_vec(),
        })
    }

    /// The address bound (the real port when bound to port 0).
    pub fn local_addr(&self) -> Result<SocketAddr, StandaloneError> {
        Ok(self.socket.local_addr()?)
    }

    /// Answers requests until `stop` is set; `view` gives the view each request is
    /// answered from (the latest snapshot's, or the engine-down view).
    pub fn serve<V: Deref<Target = MibView>>(
        &self,
        view: impl Fn() -> V,
        stop: &AtomicBool,
    ) -> Result<(), StandaloneError> {
        let mut buffer = vec![0u8; 65_535];
        while !stop.load(Ordering::Relaxed) {
            let (len, peer) = match self.socket.recv_from(&mut buffer) {
                Ok(received) => received,
                Err(err)
                    if matches!(
                        err.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue
                }
                Err(err) => return Err(err.into()),
            };
            let request = buffer.get(..len).unwrap_or_default();
            if let Some(response) = respond(request, &self.community, &view()) {
                // A peer that cannot be reached is its problem, not the agent's.
                let _ = self.socket.send_to(&response, peer);
            }
        }
        Ok(())
    }
}
