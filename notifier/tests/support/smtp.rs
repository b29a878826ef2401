//! The project's aiosmtpd test server (`smtp_server.py` beside this file), as a child
//! process on a loopback port, stopped on drop, and the mails it received. The root
//! package's tests use it too (`tests/support/smtp_server.rs`): the script is compiled
//! in, so it runs from any package.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::certs::ServerCert;

/// The server's Python source.
const SCRIPT: &str = include_str!("smtp_server.py");

/// A running server.
pub struct SmtpServer {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    maildir: PathBuf,
}

/// One received mail.
#[derive(Debug, Clone)]
pub struct Received {
    /// The message as received.
    pub raw: String,
    /// Envelope sender.
    pub mail_from: String,
    /// Envelope recipients.
    pub rcpt_tos: Vec<String>,
    /// Whether the session used TLS.
    pub tls: bool,
    /// The authenticated user.
    pub auth: Option<String>,
}

impl Received {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.raw.as_bytes())
            .expect("a parsable message")
    }

    /// The decoded subject.
    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// The decoded text body.
    pub fn body(&self) -> String {
        self.parsed().body_text(0).unwrap_or_default().into_owned()
    }

    /// The Message-ID, without angle brackets.
    pub fn message_id(&self) -> String {
        self.parsed().message_id().unwrap_or_default().to_owned()
    }

    /// The `To` addresses.
    pub fn to(&self) -> Vec<String> {
        self.parsed()
            .to()
            .map(|to| {
                to.iter()
                    .filter_map(|a| a.address().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl SmtpServer {
    /// Starts a plain server on a free port.
    pub fn start(dir: &Path) -> SmtpServer {
        SmtpServer::start_with(dir, super::free_port(), None, None)
    }

    /// Starts a server on `port`, with STARTTLS if `cert`, requiring AUTH if `auth`.
    pub fn start_with(
        dir: &Path,
        port: u16,
        cert: Option<&ServerCert>,
        auth: Option<(&str, &str)>,
    ) -> SmtpServer {
        SmtpServer::spawn(dir, port, cert, auth, false)
    }

    /// Starts a server on a free port speaking TLS from the first byte, requiring AUTH.
    pub fn start_implicit_tls(dir: &Path, cert: &ServerCert, auth: (&str, &str)) -> SmtpServer {
        SmtpServer::spawn(dir, super::free_port(), Some(cert), Some(auth), true)
    }

    fn spawn(
        dir: &Path,
        port: u16,
        cert: Option<&ServerCert>,
        auth: Option<(&str, &str)>,
        implicit_tls: bool,
    ) -> SmtpServer {
        let maildir = dir.join("maildir");
        let mut command = Command::new("python3");
        command
            .args(["-c", SCRIPT])
            .args(["--port", &port.to_string()])
            .arg("--maildir")
            .arg(&maildir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(cert) = cert {
            command
                .arg("--cert")
                .arg(&cert.cert)
                .arg("--key")
                .arg(&cert.key);
        }
        if implicit_tls {
            command.arg("--implicit-tls");
        }
        if let Some((user, password)) = auth {
            command.arg("--auth").arg(format!("{user}:{password}"));
        }
        let mut child = command.spawn().expect("python3 starts the SMTP server");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("server output");
        assert!(
            line.starts_with("ready"),
            "SMTP server did not start: {line:?}"
        );
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    /// Every mail received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let Ok(log) = fs::read_to_string(self.maildir.join("received.jsonl")) else {
            return Vec::new();
        };
        log.lines()
            .map(|line| {
                let record: serde_json::Value = serde_json::from_str(line).expect("JSON line");
                let file = record["file"].as_str().expect("file");
                Received {
                    raw: fs::read_to_string(self.maildir.join(file)).expect("mail file"),
                    mail_from: record["mail_from"].as_str().unwrap_or_default().to_owned(),
                    rcpt_tos: record["rcpt_tos"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                    tls: record["tls"].as_bool().unwrap_or(false),
                    auth: record["auth"].as_str().map(str::to_owned),
                }
            })
            .collect()
    }

    /// How many mails were received so far.
    pub fn count(&self) -> usize {
        fs::read_to_string(self.maildir.join("received.jsonl")).map_or(0, |log| log.lines().count())
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
