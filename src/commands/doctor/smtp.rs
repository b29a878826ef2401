//! The notifier's settings, read by dtnotify's own parser, and the mail relay they name:
//! greeting with 220 (plain or STARTTLS), or accepting a TCP connection (implicit TLS).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use dtnotify::config::{DeliveryTarget, Settings, SmtpSettings, TlsMode};

use super::outcome::{Check, Outcome};

/// How long to wait for the connection and for the banner.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Checks that dtnotify accepts the settings at `path` (its error, with the guide's
/// e-mail code, when not) and that the SMTP relay they name answers.
pub fn check(path: &Path, explicit: bool) -> Vec<Check> {
    let name = format!("notifier settings {}", path.display());
    if !path.exists() && !explicit {
        return vec![Check::new(name, Outcome::Skip("not present".into()))];
    }
    let settings = match Settings::load(path) {
        Ok(settings) => settings,
        Err(err) => {
            return vec![Check::new(
                name,
                Outcome::Fail(format!("{err} ({})", err.code())),
            )]
        }
    };
    let file = Check::new(
        name,
        Outcome::Pass(format!(
            "dtnotify accepts it; job logs in {}",
            settings.job_log_dir.display()
        )),
    );
    let relay = match &settings.delivery {
        DeliveryTarget::Smtp(smtp) => relay_check(smtp),
        DeliveryTarget::Files { dir } => Check::new(
            "SMTP server",
            Outcome::Skip(format!(
                "no [smtp] section: mails are .eml files in {}",
                dir.display()
            )),
        ),
    };
    vec![file, relay]
}

/// The relay's check for its TLS mode.
fn relay_check(smtp: &SmtpSettings) -> Check {
    let name = format!(
        "SMTP server {}:{} (tls = {})",
        smtp.host,
        smtp.port,
        smtp.tls.name()
    );
    let outcome = match smtp.tls {
        TlsMode::None | TlsMode::Starttls => match banner(&smtp.host, smtp.port) {
            Ok(line) if line.starts_with("220") => {
                Outcome::Pass(format!("greets: {}", line.trim_end()))
            }
            Ok(line) => Outcome::Fail(format!("answers without 220: {}", line.trim_end())),
            Err(err) => Outcome::Fail(err.to_string()),
        },
        TlsMode::Tls => match connect(&smtp.host, smtp.port) {
            Ok(_) => Outcome::Pass(
                "accepts a TCP connection (implicit TLS: the TLS handshake and the greeting \
                 are not checked; `dtnotify test` does)"
                    .into(),
            ),
            Err(err) => Outcome::Fail(err.to_string()),
        },
    };
    Check::new(name, outcome)
}

/// A TCP connection to `host:port` within [`TIMEOUT`].
fn connect(host: &str, port: u16) -> std::io::Result<TcpStream> {
    let address = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address"))?;
    TcpStream::connect_timeout(&address, TIMEOUT)
}

/// Connects, reads the greeting line and says QUIT.
fn banner(host: &str, port: u16) -> std::io::Result<String> {
    let mut stream = connect(host, port)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    let mut line = String::new();
    BufReader::new(stream.try_clone()?).read_line(&mut line)?;
    let _ = stream.write_all(b"QUIT\r\n");
    Ok(line)
}
