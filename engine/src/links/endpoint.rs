//! [`replication_endpoint`]: where another engine's replication port (NetPort) listens.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

use logparse::catalog::ErrorCode;

use crate::mgmt::client::Client;
use crate::mgmt::protocol::Request;
use crate::EngineError;

/// Asks the engine whose management port is `engine` (`HOST:PORT`) where its
/// replication port listens. An engine listening on every interface (`0.0.0.0`, `::`)
/// is reached at the host its management address names.
pub fn replication_endpoint(engine: &str, timeout: Duration) -> Result<SocketAddr, EngineError> {
    let status = Client::connect(engine, timeout)?.request(&Request::Status)?;
    let not_serving = || {
        EngineError::new(
            ErrorCode::CONNECTION_FAILED,
            format!("engine {engine} has no replication port (NetPort) open"),
        )
    };
    let net: SocketAddr = status
        .get("net")
        .and_then(|net| net.as_str())
        .and_then(|net| net.parse().ok())
        .ok_or_else(not_serving)?;
    if !net.ip().is_unspecified() {
        return Ok(net);
    }
    let host: IpAddr = engine
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .map(|addr| addr.ip())
        .ok_or_else(not_serving)?;
    Ok(SocketAddr::new(host, net.port()))
}
