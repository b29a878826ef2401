//! Where the AgentX master listens: `unix:PATH` or `tcp:HOST:PORT` (Net-SNMP's
//! `agentXSocket` syntax), and the connection to it.

use std::fmt;
use std::io::Read;
use std::path::PathBuf;
use std::str::FromStr;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpStream, UnixStream};

/// The master agent's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Master {
    /// A Unix stream socket (Net-SNMP's default `/var/agentx/master`).
    Unix(PathBuf),
    /// A TCP `HOST:PORT`.
    Tcp(String),
}

/// A master address that is neither `unix:PATH` nor `tcp:HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("master address {0:?} is neither unix:PATH nor tcp:HOST:PORT")]
pub struct MasterParseError(pub String);

impl FromStr for Master {
    type Err = MasterParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(path) = s.strip_prefix("unix:").filter(|p| !p.is_empty()) {
            Ok(Self::Unix(PathBuf::from(path)))
        } else if let Some(address) = s.strip_prefix("tcp:").filter(|a| a.contains(':')) {
            Ok(Self::Tcp(address.to_owned()))
        } else {
            Err(MasterParseError(s.to_owned()))
        }
    }
}

impl fmt::Display for Master {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unix(path) => write!(f, "unix:{}", path.display()),
            Self::Tcp(address) => write!(f, "tcp:{address}"),
        }
    }
}

/// A byte stream to the master, whichever transport carries it.
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send {
    /// Reads bytes that have already arrived, straight from the socket (not through the
    /// runtime's readiness, which only the reactor updates); `WouldBlock` when none have.
    fn read_arrived(&self, buf: &mut [u8]) -> std::io::Result<usize>;
}

impl Transport for UnixStream {
    fn read_arrived(&self, buf: &mut [u8]) -> std::io::Result<usize> {
        (&*socket2::SockRef::from(self)).read(buf)
    }
}

impl Transport for TcpStream {
    fn read_arrived(&self, buf: &mut [u8]) -> std::io::Result<usize> {
        (&*socket2::SockRef::from(self)).read(buf)
    }
}

/// The in-memory stream of the session's unit tests, read only through the runtime.
impl Transport for tokio::io::DuplexStream {
    fn read_arrived(&self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::WouldBlock.into())
    }
}

impl Master {
    /// Opens a stream connection to the master.
    pub async fn connect(&self) -> std::io::Result<Box<dyn Transport>> {
        Ok(match self {
            Self::Unix(path) => Box::new(UnixStream::connect(path).await?),
            Self::Tcp(address) => {
                let stream = TcpStream::connect(address.as_str()).await?;
                stream.set_nodelay(true)?;
                Box::new(stream)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_both_forms() {
        for text in ["unix:/var/agentx/master", "tcp:127.0.0.1:705"] {
            assert_eq!(text.parse::<Master>().unwrap().to_string(), text);
        }
        assert_eq!(
            "tcp:localhost:705".parse(),
            Ok(Master::Tcp("localhost:705".into()))
        );
        for bad in [
            "",
            "unix:",
            "tcp:nohostport",
            "udp:1.2.3.4:5",
            "/var/agentx/master",
        ] {
            assert!(bad.parse::<Master>().is_err(), "{bad}");
        }
    }
}
