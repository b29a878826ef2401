//! The demo's replication set and job, created and watched through the source
//! engine's management port.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use engine::jobs::{JobRequest, JobSpec};
use engine::mgmt::client::Client;
use engine::mgmt::protocol::Request;
use engine::repset::{RepSetRequest, Rule};
use serde_json::Value;

use super::layout::Layout;

/// The replication set's name.
pub const REPSET: &str = "DemoData";
/// The job's name.
pub const JOB: &str = "demo";

/// How long to wait for an engine to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Whether the engine at `address` answers a status request.
pub fn engine_answers(address: &str) -> bool {
    Client::connect(address, CONNECT_TIMEOUT)
        .and_then(|mut client| client.request(&Request::Status))
        .is_ok()
}

/// The job on the source engine.
#[derive(Debug)]
pub struct DemoJob {
    /// Its GUID.
    pub id: String,
    /// The source engine's management address.
    source: String,
}

impl DemoJob {
    /// Creates the replication set of the data set (included, recursive) and a job
    /// protecting it to the target engine, then starts the job.
    pub fn create_and_start(layout: &Layout) -> anyhow::Result<DemoJob> {
        let source = layout.source.management_address();
        let mut client = connect(&source)?;
        let rule = Rule::from_spec(&format!("{},inc,rec", layout.data.display()))
            .context("the data set's path does not make a replication rule")?;
        client
            .request(&Request::RepSet(RepSetRequest::Create {
                name: REPSET.into(),
                rules: vec![rule],
            }))
            .context("creating the replication set")?;
        let job = client
            .request(&Request::Job(JobRequest::Create(JobSpec {
                name: JOB.into(),
                repset: REPSET.into(),
                source: source.clone(),
                target: layout.target.management_address(),
                target_path: path_text(&layout.replica)?,
            })))
            .context("creating the job")?;
        let id = job["id"]
            .as_str()
            .context("the engine answered a job without an id")?
            .to_string();
        client
            .request(&Request::Job(JobRequest::Start { id: id.clone() }))
            .context("starting the job")?;
        Ok(DemoJob { id, source })
    }

    /// The job as the source engine shows it, with its connection's statistics.
    pub fn show(&self) -> anyhow::Result<JobStatus> {
        let answer = connect(&self.source)?
            .request(&Request::Job(JobRequest::Show {
                id: self.id.clone(),
            }))
            .context("showing the job")?;
        Ok(JobStatus::from_answer(&answer))
    }
}

fn connect(address: &str) -> anyhow::Result<Client> {
    Client::connect(address, CONNECT_TIMEOUT)
        .with_context(|| format!("cannot reach the engine at {address}"))
}

fn path_text(path: &Path) -> anyhow::Result<String> {
    path.to_str()
        .map(str::to_string)
        .with_context(|| format!("{} is not UTF-8", path.display()))
}

/// What the screen shows of the job.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobStatus {
    /// Job state, e.g. `Protecting`.
    pub state: String,
    /// Target data state, e.g. `OK`.
    pub target_data_state: String,
    /// The connection's statistics, once it is open.
    pub connection: Option<ConnectionStatus>,
}

/// The connection part of a shown job.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnectionStatus {
    /// Mirror status, e.g. `Mirroring`, `Idle`.
    pub mirror_status: String,
    /// Replication status, e.g. `Ready`.
    pub replication_status: String,
    /// Mirror progress, 0–100.
    pub mirror_percent: f64,
    /// Mirror bytes still to send.
    pub mirror_bytes_remaining: u64,
    /// Bytes sent to the target.
    pub bytes_tx: u64,
    /// Operations sent to the target.
    pub ops_tx: u64,
    /// Operations waiting to be sent.
    pub ops_in_rep_queue: u64,
    /// Bytes waiting to be sent.
    pub bytes_in_rep_queue: u64,
    /// Operations sent and not yet acknowledged.
    pub ops_in_ack_queue: u64,
    /// Bytes of the queue spilled to disk.
    pub bytes_in_disk_queue: u64,
}

impl ConnectionStatus {
    /// Nothing left to send or acknowledge, and no mirror running.
    pub fn is_drained(&self) -> bool {
        self.ops_in_rep_queue == 0
            && self.ops_in_ack_queue == 0
            && self.bytes_in_disk_queue == 0
            && self.mirror_status == "Idle"
    }
}

impl JobStatus {
    /// Reads the fields of a `job show` answer; missing fields read as empty or 0.
    pub fn from_answer(answer: &Value) -> JobStatus {
        let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
        let connection = answer.get("connection").map(|c| {
            let number = |key: &str| c[key].as_u64().unwrap_or(0);
            ConnectionStatus {
                mirror_status: text(c, "mirror_status"),
                replication_status: text(c, "replication_status"),
                mirror_percent: c["mirror_percent"].as_f64().unwrap_or(0.0),
                mirror_bytes_remaining: number("mirror_bytes_remaining"),
                bytes_tx: number("bytes_tx"),
                ops_tx: number("ops_tx"),
                ops_in_rep_queue: number("ops_in_rep_queue"),
                bytes_in_rep_queue: number("bytes_in_rep_queue"),
                ops_in_ack_queue: number("ops_in_ack_queue"),
                bytes_in_disk_queue: number("bytes_in_disk_queue"),
            }
        });
        JobStatus {
            state: text(answer, "state"),
            target_data_state: text(answer, "target_data_state"),
            connection,
        }
    }

    /// The job protects and its target data is OK with nothing in flight.
    pub fn is_settled(&self) -> bool {
        self.state == "Protecting"
            && self.target_data_state == "OK"
            && self
                .connection
                .as_ref()
                .is_some_and(ConnectionStatus::is_drained)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_shown_job_reads_its_connection_and_settles_when_drained() {
        let mut answer = json!({
            "state": "Protecting",
            "target_data_state": "OK",
            "connection": {
                "mirror_status": "Idle", "replication_status": "Ready",
                "mirror_percent": 100.0, "bytes_tx": 300_498, "ops_tx": 14,
                "ops_in_rep_queue": 0, "ops_in_ack_queue": 0, "bytes_in_disk_queue": 0
            }
        });
        let status = JobStatus::from_answer(&answer);
        let connection = status.connection.as_ref().unwrap();
        assert_eq!((connection.bytes_tx, connection.ops_tx), (300_498, 14));
        assert!(status.is_settled());
        answer["connection"]["ops_in_ack_queue"] = json!(3);
        assert!(!JobStatus::from_answer(&answer).is_settled());
        let created = JobStatus::from_answer(&json!({"state": "Created"}));
        assert_eq!(created.connection, None);
        assert!(!created.is_settled());
    }
}
