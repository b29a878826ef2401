//! Jobs' names, asked of the engine that holds them over its management port
//! (`{"area":"job","request":"list"}`, engine/PROTOCOL.md), so that mails name a job the
//! way the operator does without a `[jobs."GUID"] name` for each.
//!
//! The engine is asked when a mail names a job whose name is not known yet, at most once
//! per [`ASK_INTERVAL`]; names once learned are kept (a deleted job's 5704 mail still
//! names it). When the engine does not answer, mails name the job by its GUID.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use serde::Deserialize;
use thiserror::Error;

/// The shortest time between two questions to the engine.
pub const ASK_INTERVAL: Duration = Duration::from_secs(5);
/// How long connecting, sending and answering may take together, each step at most.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(1);
/// The management request listing every job.
const LIST_REQUEST: &[u8] = b"{\"area\":\"job\",\"request\":\"list\"}\n";

/// Why the engine gave no names.
#[derive(Debug, Error)]
pub enum JobNamesError {
    /// It could not be reached or did not answer in time.
    #[error("engine {address}: {source}")]
    Io {
        /// The management address asked.
        address: String,
        /// Why.
        source: std::io::Error,
    },
    /// It answered something that is not a job list.
    #[error("engine {address}: unexpected answer to the job list: {detail}")]
    Answer {
        /// The management address asked.
        address: String,
        /// What was wrong.
        detail: String,
    },
}

/// One job of the engine's answer: only what names it.
#[derive(Debug, Deserialize)]
struct ListedJob {
    id: String,
    name: String,
}

/// The engine's answer: `{"ok":[…]}` or `{"error":{…}}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Ok(Vec<ListedJob>),
    Error(serde_json::Value),
}

/// The names learned from the engine at `address` (none when it is `None`).
#[derive(Debug)]
pub struct JobNames {
    address: Option<String>,
    names: BTreeMap<String, String>,
    asked_at: Option<Instant>,
    /// Whether the last question failed (reported once until one succeeds again).
    failing: bool,
}

impl JobNames {
    /// Names from the engine's management port `address` (`HOST:PORT`), or none.
    pub fn new(address: Option<String>) -> JobNames {
        JobNames {
            address,
            names: BTreeMap::new(),
            asked_at: None,
            failing: false,
        }
    }

    /// The names known, by lower-case GUID.
    pub fn known(&self) -> &BTreeMap<String, String> {
        &self.names
    }

    /// Makes sure the names of `guids` are asked for when one is unknown and the engine
    /// was not asked in the last [`ASK_INTERVAL`]; a failure is reported once on stderr.
    pub fn learn<'g>(&mut self, guids: impl IntoIterator<Item = &'g str>) {
        let Some(address) = self.address.as_deref() else {
            return;
        };
        let unknown = guids
            .into_iter()
            .any(|guid| !self.names.contains_key(&guid.to_ascii_lowercase()));
        let recently = self.asked_at.is_some_and(|at| at.elapsed() < ASK_INTERVAL);
        if !unknown || recently {
            return;
        }
        self.asked_at = Some(Instant::now());
        match ask(address) {
            Ok(jobs) => {
                self.failing = false;
                for job in jobs {
                    self.names.insert(job.id.to_ascii_lowercase(), job.name);
                }
            }
            Err(err) if !self.failing => {
                self.failing = true;
                eprintln!("dtnotify: job names: {err}; mails name jobs by GUID until it answers");
            }
            Err(_) => {}
        }
    }
}

/// Asks the engine at `address` for its job list.
fn ask(address: &str) -> Result<Vec<ListedJob>, JobNamesError> {
    let io = |source| JobNamesError::Io {
        address: address.to_owned(),
        source,
    };
    let socket = address
        .to_socket_addrs()
        .map_err(io)?
        .next()
        .ok_or_else(|| io(std::io::ErrorKind::AddrNotAvailable.into()))?;
    let mut stream = TcpStream::connect_timeout(&socket, ANSWER_TIMEOUT).map_err(io)?;
    stream.set_read_timeout(Some(ANSWER_TIMEOUT)).map_err(io)?;
    stream.set_write_timeout(Some(ANSWER_TIMEOUT)).map_err(io)?;
    stream.write_all(LIST_REQUEST).map_err(io)?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).map_err(io)?;
    let answer = |detail: String| JobNamesError::Answer {
        address: address.to_owned(),
        detail,
    };
    match serde_json::from_str::<Answer>(&line) {
        Ok(Answer::Ok(jobs)) => Ok(jobs),
        Ok(Answer::Error(error)) => Err(answer(error.to_string())),
        Err(err) => Err(answer(err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    /// A management port answering every request line with `answer`; counts the requests.
    fn engine(answer: &'static str) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut request = String::new();
                let _ = BufReader::new(&stream).read_line(&mut request);
                assert_eq!(request.as_bytes(), LIST_REQUEST);
                counter.fetch_add(1, Ordering::SeqCst);
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        (address, asked)
    }

    const GUID: &str = "6F0F6D8E-0000-4000-8000-000000000001";

    #[test]
    fn names_come_from_the_engines_job_list_and_are_kept() {
        let (address, asked) = engine(
            "{\"ok\":[{\"id\":\"6f0f6d8e-0000-4000-8000-000000000001\",\"name\":\"web\",\"state\":\"Started\"}]}\n",
        );
        let mut names = JobNames::new(Some(address));
        names.learn([GUID]);
        assert_eq!(
            names
                .known()
                .get(&GUID.to_ascii_lowercase())
                .map(String::as_str),
            Some("web")
        );
        // Known now: not asked again.
        names.learn([GUID]);
        assert_eq!(asked.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn an_unknown_job_is_asked_for_at_most_once_per_interval() {
        let (address, asked) = engine("{\"ok\":[]}\n");
        let mut names = JobNames::new(Some(address));
        names.learn([GUID]);
        names.learn([GUID]);
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        assert!(names.known().is_empty());
    }

    #[test]
    fn an_error_answer_or_no_engine_leaves_the_names_unknown() {
        let (address, _) =
            engine("{\"error\":{\"code\":102,\"message\":\"m\",\"detail\":\"d\"}}\n");
        assert!(matches!(ask(&address), Err(JobNamesError::Answer { .. })));
        let closed = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        assert!(matches!(
            ask(&closed.to_string()),
            Err(JobNamesError::Io { .. })
        ));
        let mut names = JobNames::new(Some(closed.to_string()));
        names.learn([GUID]);
        assert!(names.known().is_empty());
    }

    #[test]
    fn without_an_engine_nothing_is_asked() {
        let mut names = JobNames::new(None);
        names.learn([GUID]);
        assert!(names.known().is_empty());
    }
}
