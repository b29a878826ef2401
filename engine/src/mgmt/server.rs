//! The management port's server: accepts connections on loopback and answers one JSON
//! request line with one JSON response line, for as long as the client keeps asking.

use std::sync::Arc;

use logparse::catalog::ErrorCode;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use super::protocol::{Request, Response};
use crate::EngineError;

/// The longest request line accepted; a longer one is refused and the connection closed.
pub const MAX_REQUEST_LEN: u64 = 1 << 20;

/// What answers requests: the running engine.
pub trait Handler: Send + Sync + 'static {
    /// Answers one request; may block briefly (it runs on a blocking thread).
    fn handle(&self, request: Request) -> Result<serde_json::Value, EngineError>;
}

/// Serves `listener` until `shutdown` turns true.
pub async fn serve<H: Handler>(
    listener: TcpListener,
    handler: Arc<H>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, Arc::clone(&handler), shutdown.clone()));
                }
                // Out of file descriptors and the like: keep serving the others.
                Err(err) => eprintln!("dtengine: management port: accept failed: {err}"),
            },
            _ = shutdown.changed() => return,
        }
    }
}

async fn connection<H: Handler>(
    stream: TcpStream,
    handler: Arc<H>,
    mut shutdown: watch::Receiver<bool>,
) {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    loop {
        line.clear();
        let mut limited = (&mut reader).take(MAX_REQUEST_LEN + 1);
        let read = tokio::select! {
            read = limited.read_line(&mut line) => read,
            _ = shutdown.changed() => return,
        };
        let response = match read {
            Ok(0) | Err(_) => return,
            Ok(_) if !line.ends_with('\n') => {
                let detail = format!(
                    "request longer than {MAX_REQUEST_LEN} bytes or not ended by a newline"
                );
                let _ = write_response(&mut writer, &Response::Error(syntax_error(detail))).await;
                return;
            }
            Ok(_) => answer(&line, &handler).await,
        };
        if write_response(&mut writer, &response).await.is_err() {
            return;
        }
    }
}

async fn answer<H: Handler>(line: &str, handler: &Arc<H>) -> Response {
    let request: Request = match serde_json::from_str(line) {
        Ok(request) => request,
        Err(err) => return Response::Error(syntax_error(err.to_string())),
    };
    let handler = Arc::clone(handler);
    match tokio::task::spawn_blocking(move || handler.handle(request)).await {
        Ok(result) => result.into(),
        Err(err) => Response::Error(EngineError::unknown(format!("request failed: {err}"))),
    }
}

/// 102 "Command is not a valid or the syntax is incorrect".
fn syntax_error(detail: String) -> EngineError {
    EngineError::new(ErrorCode(102), detail)
}

async fn write_response(
    writer: &mut tokio::net::tcp::OwnedWriteHalf,
    response: &Response,
) -> std::io::Result<()> {
    let mut bytes = serde_json::to_vec(response)?;
    bytes.push(b'\n');
    writer.write_all(&bytes).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mgmt::client::Client;
    use serde_json::json;
    use std::io::{BufRead, BufReader as StdBufReader, Write};
    use std::time::Duration;

    struct Echo;

    impl Handler for Echo {
        fn handle(&self, request: Request) -> Result<serde_json::Value, EngineError> {
            match request {
                Request::Status => Ok(json!({"state": "running"})),
                _ => Err(EngineError::new(
                    ErrorCode::JOB_DOES_NOT_EXIST,
                    "no such job",
                )),
            }
        }
    }

    async fn start() -> (String, watch::Sender<bool>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (tx, rx) = watch::channel(false);
        tokio::spawn(serve(listener, Arc::new(Echo), rx));
        (addr, tx)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn answers_requests_and_errors_with_codes() {
        let (addr, _stop) = start().await;
        let result = tokio::task::spawn_blocking(move || {
            let mut client = Client::connect(&addr, Duration::from_secs(2)).unwrap();
            let status = client.request(&Request::Status).unwrap();
            let raw = std::net::TcpStream::connect(&addr).unwrap();
            let mut w = raw.try_clone().unwrap();
            w.write_all(b"{\"area\":\"nonsense\"}\n").unwrap();
            let mut line = String::new();
            StdBufReader::new(raw).read_line(&mut line).unwrap();
            (status, line)
        })
        .await
        .unwrap();
        assert_eq!(result.0, json!({"state": "running"}));
        let response: Response = serde_json::from_str(&result.1).unwrap();
        match response {
            Response::Error(err) => assert_eq!(err.code, 102),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn shutdown_stops_accepting() {
        let (addr, stop) = start().await;
        stop.send(true).unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let refused = tokio::task::spawn_blocking(move || {
            Client::connect(&addr, Duration::from_secs(1)).map(|_| ())
        })
        .await
        .unwrap();
        assert_eq!(refused.unwrap_err().code, 110);
    }
}
