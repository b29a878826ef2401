//! A blocking client of the management port, as `dtctl` and other engines use it.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use logparse::catalog::ErrorCode;
use serde_json::Value;

use super::protocol::{Request, Response};
use crate::EngineError;

/// How long a request may wait for the engine's answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to one engine's management port.
#[derive(Debug)]
pub struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    engine: String,
}

impl Client {
    /// Connects to the engine at `engine` (`HOST:PORT`), waiting at most `timeout`.
    pub fn connect(engine: &str, timeout: Duration) -> Result<Client, EngineError> {
        let not_responding = |detail: String| {
            EngineError::new(
                ErrorCode::SERVER_NOT_RESPONDING,
                format!("{engine}: {detail}"),
            )
        };
        let addr = engine
            .to_socket_addrs()
            .map_err(|e| not_responding(e.to_string()))?
            .next()
            .ok_or_else(|| not_responding("no address".into()))?;
        let stream = TcpStream::connect_timeout(&addr, timeout)
            .map_err(|e| not_responding(e.to_string()))?;
        stream
            .set_read_timeout(Some(REQUEST_TIMEOUT))
            .map_err(|e| not_responding(e.to_string()))?;
        let writer = stream
            .try_clone()
            .map_err(|e| not_responding(e.to_string()))?;
        Ok(Client {
            reader: BufReader::new(stream),
            writer,
            engine: engine.to_string(),
        })
    }

    /// Sends `request` and waits for its answer.
    pub fn request(&mut self, request: &Request) -> Result<Value, EngineError> {
        self.exchange(request).map_err(|e| {
            EngineError::new(
                ErrorCode::SERVER_NOT_RESPONDING,
                format!("{}: {e}", self.engine),
            )
        })?
    }

    fn exchange(&mut self, request: &Request) -> io::Result<Result<Value, EngineError>> {
        let mut line = serde_json::to_vec(request)?;
        line.push(b'\n');
        self.writer.write_all(&line)?;
        let mut answer = String::new();
        if self.reader.read_line(&mut answer)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed before the answer",
            ));
        }
        let response: Response = serde_json::from_str(&answer)?;
        Ok(response.into())
    }
}
