//! The durable outbox: one file `KEY.mail` per message not yet accepted by the server,
//! written atomically before any send and removed only after acceptance.
//!
//! A file holds one JSON line with the envelope (`{"from":…,"to":[…]}`) and then the
//! message exactly as it will be sent.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::SystemTime;

use lettre::address::{Address, Envelope};
use serde::{Deserialize, Serialize};

use crate::atomic_file::{remove_durably, write_all_atomically};
use crate::compose::Outgoing;

/// The spool files' extension.
const EXTENSION: &str = ".mail";

#[derive(Serialize, Deserialize)]
struct EnvelopeLine {
    from: Option<String>,
    to: Vec<String>,
}

/// The spool directory.
#[derive(Debug, Clone)]
pub struct Spool {
    dir: PathBuf,
}

impl Spool {
    /// The spool in `dir`, created if needed.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<Spool> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(Spool { dir })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stores `mails` durably (each replacing one with the same key); returns their file
    /// names, in order.
    pub fn put_all(&self, mails: &[Outgoing]) -> io::Result<Vec<String>> {
        let mut files = Vec::with_capacity(mails.len());
        for mail in mails {
            let line = EnvelopeLine {
                from: mail.envelope.from().map(ToString::to_string),
                to: mail.envelope.to().iter().map(ToString::to_string).collect(),
            };
            let mut bytes = serde_json::to_vec(&line)?;
            bytes.push(b'\n');
            bytes.extend_from_slice(&mail.raw);
            files.push((format!("{}{EXTENSION}", mail.key), bytes));
        }
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        write_all_atomically(&self.dir, &refs)?;
        Ok(files.into_iter().map(|(name, _)| name).collect())
    }

    /// The mail in file `name`; `None` if it is gone (already sent).
    pub fn get(&self, name: &str) -> io::Result<Option<Outgoing>> {
        let path = self.dir.join(name);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        let bad = |why: String| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {why}", path.display()),
            )
        };
        let split = bytes
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| bad("no envelope line".into()))?;
        let line: EnvelopeLine =
            serde_json::from_slice(&bytes[..split]).map_err(|err| bad(err.to_string()))?;
        let address =
            |text: &str| Address::from_str(text).map_err(|err| bad(format!("{text}: {err}")));
        let from = line.from.as_deref().map(address).transpose()?;
        let to = line
            .to
            .iter()
            .map(|t| address(t))
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = Envelope::new(from, to).map_err(|err| bad(err.to_string()))?;
        Ok(Some(Outgoing {
            key: name.strip_suffix(EXTENSION).unwrap_or(name).to_owned(),
            envelope,
            raw: bytes[split + 1..].to_vec(),
        }))
    }

    /// Removes file `name` after the server accepted it.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        remove_durably(&self.dir, name)
    }

    /// The spooled files, oldest first.
    pub fn list(&self) -> io::Result<Vec<String>> {
        let mut found: Vec<(SystemTime, String)> = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if name.starts_with('.') || !name.ends_with(EXTENSION) {
                continue;
            }
            let modified = entry.metadata()?.modified()?;
            found.push((modified, name));
        }
        found.sort();
        Ok(found.into_iter().map(|(_, name)| name).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_survives_the_round_trip_and_is_listed_until_removed() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path().join("spool")).unwrap();
        let envelope = Envelope::new(
            Some("dt@alpha.example".parse().unwrap()),
            vec![
                "a@example.com".parse().unwrap(),
                "b@example.com".parse().unwrap(),
            ],
        )
        .unwrap();
        let mail = Outgoing {
            key: "a6cbf990-ba67-403d-855f-5bb44c18e1d6.7".into(),
            envelope,
            raw: b"Subject: x\r\n\r\nbody\n\xff".to_vec(),
        };
        let name = spool
            .put_all(std::slice::from_ref(&mail))
            .unwrap()
            .remove(0);
        assert_eq!(name, "a6cbf990-ba67-403d-855f-5bb44c18e1d6.7.mail");
        assert_eq!(spool.list().unwrap(), std::slice::from_ref(&name));
        let back = spool.get(&name).unwrap().unwrap();
        assert_eq!(back.key, mail.key);
        assert_eq!(back.envelope, mail.envelope);
        assert_eq!(back.raw, mail.raw);
        spool.remove(&name).unwrap();
        assert!(spool.list().unwrap().is_empty());
        assert!(spool.get(&name).unwrap().is_none());
    }
}
