//! A target server on 127.0.0.1:0 in temp dirs, and a test-side source made of a
//! FrameReader and a FrameWriter.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use engine::event_log::EventLog;
use engine::replication::apply::RetryPolicy;
use engine::replication::protocol::{
    FrameReader, FrameWriter, Hello, Message, ProtocolVersion, Welcome,
};
use engine::replication::target::{TargetConfig, TargetControl, TargetServer};
use engine::replication::{FileMeta, OpOrigin, Operation, RelPath, SequencedOp};
use engine::stats::StatsModel;
use logparse::dtl::{AppenderConfig, LogSeries};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long a test waits for any one message before failing.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The directories a target works in; kept across a re-bind.
pub struct Dirs {
    pub state: tempfile::TempDir,
    pub replica: tempfile::TempDir,
    pub logs: tempfile::TempDir,
}

impl Dirs {
    pub fn new() -> Dirs {
        Dirs {
            state: tempfile::tempdir().unwrap(),
            replica: tempfile::tempdir().unwrap(),
            logs: tempfile::tempdir().unwrap(),
        }
    }

    /// The replica root sources name as their target path.
    pub fn root(&self) -> PathBuf {
        self.replica.path().join("replica")
    }

    /// Catalogue events logged so far, by ID.
    pub fn events(&self) -> Vec<u32> {
        event_ids(self.logs.path())
    }

    /// The plain lines logged so far.
    pub fn lines(&self) -> Vec<String> {
        log_lines(self.logs.path())
    }
}

/// The catalogue event IDs of the engine log in `dir`, in order.
pub fn event_ids(dir: &Path) -> Vec<u32> {
    LogSeries::in_dir(dir)
        .reader()
        .unwrap()
        .records()
        .map(|r| r.unwrap().id)
        .filter(|id| *id != 0)
        .collect()
}

/// Every line's text of the engine log in `dir`, in order.
pub fn log_lines(dir: &Path) -> Vec<String> {
    LogSeries::in_dir(dir)
        .reader()
        .unwrap()
        .records()
        .map(|r| r.unwrap().text)
        .collect()
}

/// A running target server.
pub struct Target {
    pub addr: SocketAddr,
    pub control: TargetControl,
    pub stats: Arc<StatsModel>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

/// The configuration tests start from: a patient NetworkTimeout, quick retries.
pub fn config(dirs: &Dirs) -> TargetConfig {
    TargetConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        state_dir: dirs.state.path().to_path_buf(),
        network_timeout: Duration::from_secs(30),
        retry: RetryPolicy {
            retry_limit: 0,
            retry_delay: Duration::from_millis(10),
            notify_after: 1,
        },
        queue_bytes: 1 << 20,
        mirror_capacity_high: 20,
        mirror_capacity_low: 15,
    }
}

impl Target {
    pub async fn start(dirs: &Dirs, config: TargetConfig) -> Target {
        let log = EventLog::open(AppenderConfig {
            dir: dirs.logs.path().to_path_buf(),
            ..AppenderConfig::default()
        })
        .unwrap();
        let stats = Arc::new(StatsModel::new(chrono::Utc::now()));
        let server = TargetServer::bind(config, Arc::clone(&stats), log)
            .await
            .unwrap();
        let addr = server.local_addr();
        let control = server.control();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Target {
            addr,
            control,
            stats,
            stop: Some(stop),
            task,
        }
    }

    /// Shuts the server down and waits for every session to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(PATIENCE, &mut self.task)
            .await
            .expect("the server ends")
            .unwrap();
    }
}

/// The test's source side of one connection.
pub struct Source {
    pub reader: FrameReader<OwnedReadHalf>,
    pub writer: FrameWriter<OwnedWriteHalf>,
}

pub fn hello(set: &str, target_path: &Path, resume: bool) -> Hello {
    Hello {
        protocol_version: ProtocolVersion::CURRENT,
        connection_id: 1,
        replication_set: set.into(),
        target_path: target_path.to_path_buf(),
        source_host: "alpha".into(),
        resume,
    }
}

impl Source {
    pub async fn connect(addr: SocketAddr) -> Source {
        let (read, write) = TcpStream::connect(addr).await.unwrap().into_split();
        Source {
            reader: FrameReader::new(read),
            writer: FrameWriter::new(write),
        }
    }

    /// Connects and says `hello`; returns the first answer.
    pub async fn handshake(addr: SocketAddr, hello: Hello) -> (Source, Message) {
        let mut source = Source::connect(addr).await;
        source.send(Message::Hello(hello)).await;
        let answer = source.recv().await.expect("an answer to Hello");
        (source, answer)
    }

    /// Connects with a good `Hello` for `set`; returns the `Welcome`.
    pub async fn welcomed(
        addr: SocketAddr,
        dirs: &Dirs,
        set: &str,
        resume: bool,
    ) -> (Source, Welcome) {
        match Source::handshake(addr, hello(set, &dirs.root(), resume)).await {
            (source, Message::Welcome(welcome)) => (source, welcome),
            (_, other) => panic!("expected Welcome, got {other:?}"),
        }
    }

    pub async fn send(&mut self, message: Message) {
        self.writer.send(&message).await.unwrap();
    }

    /// Sends operations `ops` as numbered from `first`.
    pub async fn send_ops(&mut self, first: u64, ops: Vec<Operation>) {
        for (i, op) in ops.into_iter().enumerate() {
            let op = SequencedOp {
                seq: first + i as u64,
                origin: OpOrigin::Replication,
                op,
            };
            self.writer.write(&Message::Op(op)).await.unwrap();
        }
        self.writer.flush().await.unwrap();
    }

    /// The next message but keep-alives (answered as a source would); `None` at the end.
    pub async fn recv(&mut self) -> Option<Message> {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.reader.read())
                .await
                .expect("a message in time")
                .ok()?;
            match message {
                Some(Message::KeepAlive) => self.send(Message::KeepAliveAck).await,
                other => return other,
            }
        }
    }

    /// Reads until an `Ack` of `seq` or beyond; returns everything else seen before it.
    pub async fn until_acked(&mut self, seq: u64) -> Vec<Message> {
        let mut seen = Vec::new();
        loop {
            match self.recv().await {
                Some(Message::Ack { up_to_seq }) if up_to_seq >= seq => return seen,
                Some(Message::Ack { .. }) => {}
                Some(other) => seen.push(other),
                None => panic!("the connection ended before the ack of {seq}; saw {seen:?}"),
            }
        }
    }

    /// A round trip: once the `KeepAliveAck` is back, the target has read everything
    /// sent before.
    pub async fn round_trip(&mut self) -> Vec<Message> {
        self.send(Message::KeepAlive).await;
        let mut seen = Vec::new();
        loop {
            match self.recv().await {
                Some(Message::KeepAliveAck) => return seen,
                Some(other) => seen.push(other),
                None => panic!("the connection ended; saw {seen:?}"),
            }
        }
    }

    /// Reads to the end of the stream; returns what came.
    pub async fn rest(&mut self) -> Vec<Message> {
        let mut seen = Vec::new();
        while let Some(message) = self.recv().await {
            seen.push(message);
        }
        seen
    }
}

pub fn rel(path: &str) -> RelPath {
    RelPath::from_bytes(path.as_bytes()).unwrap()
}

pub fn meta(mode: u32) -> FileMeta {
    FileMeta {
        mode,
        uid: 0,
        gid: 0,
        mtime_ns: 1_600_000_000_000_000_000,
    }
}

pub fn create(path: &str) -> Operation {
    Operation::Create {
        path: rel(path),
        meta: meta(0o644),
    }
}

pub fn mkdir(path: &str) -> Operation {
    Operation::Mkdir {
        path: rel(path),
        meta: meta(0o755),
    }
}

pub fn write(path: &str, offset: u64, data: &[u8]) -> Operation {
    Operation::Write {
        path: rel(path),
        offset,
        data: data.to_vec().into(),
    }
}
