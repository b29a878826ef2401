//! `udp:HOST:PORT` endpoints.

use std::net::{SocketAddr, ToSocketAddrs};

use super::error::StandaloneError;

/// Resolves `udp:HOST:PORT` (the `udp:` prefix is optional) to its first address.
pub fn parse_udp_endpoint(text: &str) -> Result<SocketAddr, StandaloneError> {
    let host_port = text.strip_prefix("udp:").unwrap_or(text);
    host_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .ok_or_else(|| StandaloneError::Endpoint(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_udp_endpoints() {
        let addr = parse_udp_endpoint("udp:127.0.0.1:1161").unwrap();
        assert_eq!(addr, "127.0.0.1:1161".parse().unwrap());
        assert_eq!(parse_udp_endpoint("127.0.0.1:162").unwrap().port(), 162);
        assert!(parse_udp_endpoint("udp:127.0.0.1").is_err());
        assert!(parse_udp_endpoint("tcp:127.0.0.1:x").is_err());
    }
}
