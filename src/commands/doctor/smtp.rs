//! The mail relay of the notifier's settings (TOML): reachable and greeting with 220.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use super::outcome::{Check, Outcome};

/// The SMTP port when the settings give none.
const DEFAULT_SMTP_PORT: i64 = 25;
/// How long to wait for the connection and for the banner.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Checks that the settings at `path` parse as TOML and that the SMTP server they name
/// (a `host` key, with `port`, at the top or in any table) greets with 220.
pub fn check(path: &Path, explicit: bool) -> Vec<Check> {
    let name = format!("notifier settings {}", path.display());
    if !path.exists() && !explicit {
        return vec![Check::new(name, Outcome::Skip("not present".into()))];
    }
    let parsed = std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            text.parse::<toml::Table>()
                .map_err(|e| e.to_string().trim().replace('\n', " "))
        });
    let table = match parsed {
        Ok(table) => table,
        Err(err) => return vec![Check::new(name, Outcome::Fail(err))],
    };
    let file = Check::new(name, Outcome::Pass("parses as TOML".into()));
    let relay = match find_relay(&table) {
        Ok(Some((host, port))) => banner_check(&host, port),
        Ok(None) => Check::new(
            "SMTP server",
            Outcome::Skip("the settings name no SMTP host (mail goes to a file outbox)".into()),
        ),
        Err(err) => Check::new("SMTP server", Outcome::Fail(err)),
    };
    vec![file, relay]
}

/// The first table (the top one first) with a string `host`, and its `port`.
fn find_relay(table: &toml::Table) -> Result<Option<(String, u16)>, String> {
    if let Some(host) = table.get("host") {
        let host = host.as_str().ok_or("`host` is not a string")?;
        let port = match table.get("port") {
            None => DEFAULT_SMTP_PORT,
            Some(port) => port.as_integer().ok_or("`port` is not a number")?,
        };
        let port = u16::try_from(port).map_err(|_| format!("port {port} is out of range"))?;
        return Ok(Some((host.to_string(), port)));
    }
    for value in table.values() {
        if let Some(found) = value.as_table().map(find_relay).transpose()?.flatten() {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

fn banner_check(host: &str, port: u16) -> Check {
    let name = format!("SMTP server {host}:{port}");
    let outcome = match banner(host, port) {
        Ok(line) if line.starts_with("220") => {
            Outcome::Pass(format!("greets: {}", line.trim_end()))
        }
        Ok(line) => Outcome::Fail(format!("answers without 220: {}", line.trim_end())),
        Err(err) => Outcome::Fail(err.to_string()),
    };
    Check::new(name, outcome)
}

/// Connects, reads the greeting line and says QUIT.
fn banner(host: &str, port: u16) -> std::io::Result<String> {
    let address = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address"))?;
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    let mut line = String::new();
    BufReader::new(stream.try_clone()?).read_line(&mut line)?;
    let _ = stream.write_all(b"QUIT\r\n");
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay(text: &str) -> Result<Option<(String, u16)>, String> {
        find_relay(&text.parse::<toml::Table>().unwrap())
    }

    #[test]
    fn the_relay_is_found_at_the_top_or_in_a_table() {
        assert_eq!(
            relay("host = \"mail\"\nport = 587\n"),
            Ok(Some(("mail".into(), 587)))
        );
        assert_eq!(
            relay("[smtp]\nhost = \"mx\"\n"),
            Ok(Some(("mx".into(), 25)))
        );
        assert_eq!(relay("outbox = \"/var/spool/dtnotify\"\n"), Ok(None));
    }

    #[test]
    fn bad_relay_values_are_named() {
        assert!(relay("host = 1\n").unwrap_err().contains("host"));
        assert!(relay("host = \"m\"\nport = 70000\n")
            .unwrap_err()
            .contains("70000"));
    }
}
