//! The demo's working folder and ports: where each engine keeps its settings, logs and
//! data, where the data set and its replica live, and the free ports on 127.0.0.1.

use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The activation code written to both engines' DT.conf: jobs start only with 24
/// alphanumerics.
const ACTIVATION_CODE: &str = "DTSUITEDEMO0000000000000";

/// One engine's folder and ports.
#[derive(Debug, Clone)]
pub struct EngineLayout {
    /// `source` or `target`.
    pub role: &'static str,
    /// Its folder: DT.conf, `log/`, `jobs/`, `data/`, `queue/`.
    pub dir: PathBuf,
    /// ManagementPort.
    pub management: u16,
    /// StatsPort.
    pub stats: u16,
    /// NetPort (replication).
    pub net: u16,
}

impl EngineLayout {
    fn new(role: &'static str, work: &Path) -> anyhow::Result<EngineLayout> {
        Ok(EngineLayout {
            role,
            dir: work.join(role),
            management: free_tcp_port()?,
            stats: free_tcp_port()?,
            net: free_tcp_port()?,
        })
    }

    /// Its DT.conf.
    pub fn conf(&self) -> PathBuf {
        self.dir.join("DT.conf")
    }

    /// Its LogDir (engine log `dtlog*.dtl`, `statistic.sts`).
    pub fn log_dir(&self) -> PathBuf {
        self.dir.join("log")
    }

    /// Its JobLogDir.
    pub fn job_log_dir(&self) -> PathBuf {
        self.dir.join("jobs")
    }

    /// Its management address, `127.0.0.1:PORT`.
    pub fn management_address(&self) -> String {
        format!("127.0.0.1:{}", self.management)
    }

    /// Writes its DT.conf: every folder inside the working folder, statistics logged
    /// every minute.
    pub fn write_conf(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let d = self.dir.display();
        let text = format!(
            "# DT.conf of the demo's {role} engine, written by dtsuite demo\n\
             LogDir={d}/log\nJobLogDir={d}/jobs\nDataDir={d}/data\nQJournalDir={d}/queue\n\
             NetAddress=127.0.0.1\nNetPort={net}\nManagementPort={management}\n\
             StatsPort={stats}\nStatsLoggingOn=1\nStatsWriteInterval=1\n\
             ActivationCode={ACTIVATION_CODE}\n",
            role = self.role,
            net = self.net,
            management = self.management,
            stats = self.stats,
        );
        std::fs::write(self.conf(), text)
            .with_context(|| format!("cannot write {}", self.conf().display()))
    }
}

/// Everything the demo puts in its working folder.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The demo data set, protected by the job.
    pub data: PathBuf,
    /// The job's target path on the target engine.
    pub replica: PathBuf,
    /// The source engine.
    pub source: EngineLayout,
    /// The target engine.
    pub target: EngineLayout,
    /// dtsubagent's trap cursor folder.
    pub subagent_state: PathBuf,
    /// dtnotify's generated configuration file.
    pub notify_conf: PathBuf,
    /// dtnotify's state folder (cursors, spool).
    pub notify_state: PathBuf,
    /// dtnotify's outbox: one `.eml` file per mail.
    pub outbox: PathBuf,
    /// The UDP port of the standalone SNMP agent.
    pub snmp_port: u16,
}

impl Layout {
    /// Chooses free ports and the paths under `work`.
    pub fn new(work: &Path) -> anyhow::Result<Layout> {
        Ok(Layout {
            data: work.join("data"),
            replica: work.join("replica"),
            source: EngineLayout::new("source", work)?,
            target: EngineLayout::new("target", work)?,
            subagent_state: work.join("dtsubagent"),
            notify_conf: work.join("dtnotify.toml"),
            notify_state: work.join("dtnotify"),
            outbox: work.join("outbox"),
            snmp_port: free_udp_port()?,
        })
    }

    /// Where the target engine writes the data set: the target path followed by the
    /// source path, as the engine lays out a replica.
    pub fn replica_of_data(&self) -> PathBuf {
        let relative = self.data.strip_prefix("/").unwrap_or(&self.data);
        self.replica.join(relative)
    }
}

/// A TCP port free on 127.0.0.1 right now.
fn free_tcp_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free TCP port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

/// A UDP port free on 127.0.0.1 right now.
fn free_udp_port() -> anyhow::Result<u16> {
    let socket = UdpSocket::bind("127.0.0.1:0").context("no free UDP port on 127.0.0.1")?;
    Ok(socket.local_addr()?.port())
}
