//! A real SMTP server for tests: aiosmtpd (`python3 -m aiosmtpd`, Debian package
//! python3-aiosmtpd) on a free loopback port, accepting and discarding mail; killed on
//! drop.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running SMTP server.
pub struct SmtpServer {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl SmtpServer {
    /// Starts it and waits (up to 10 s) until it greets.
    pub fn start() -> SmtpServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a loopback port")
            .port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 not found: install the Debian package python3-aiosmtpd");
        let server = SmtpServer { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !server.greets() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start: install the Debian package python3-aiosmtpd"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn greets(&self) -> bool {
        let Ok(stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let mut line = String::new();
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        BufReader::new(stream).read_line(&mut line).is_ok() && line.starts_with("220")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
