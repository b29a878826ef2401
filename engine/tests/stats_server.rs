//! The stats port: clients read the `.sts` header and snapshots with `logparse`'s
//! `StatsReader`; several at once; the interval request; a stalled client neither delays
//! the others nor the model, loses snapshots (counted) and is disconnected.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use engine::stats::{ConnectionInfo, StatsModel, StatsServer, StatsServerCounters};
use logparse::sts::{Snapshot, StsReader};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server on an ephemeral loopback port, running until `stop` is sent.
struct Running {
    addr: SocketAddr,
    counters: Arc<StatsServerCounters>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

async fn start(model: &Arc<StatsModel>, default_interval: Duration) -> Running {
    let server = StatsServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        Arc::clone(model),
        default_interval,
    )
    .await
    .unwrap();
    let addr = server.local_addr().unwrap();
    let counters = server.counters();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    Running {
        addr,
        counters,
        stop,
        task,
    }
}

impl Running {
    async fn shut_down(self) {
        self.stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(3), self.task)
            .await
            .expect("the server stops promptly")
            .unwrap();
    }
}

/// Connects, optionally sends `request`, and reads `count` snapshots (or fewer if the
/// stream ends), with a read timeout so a test cannot hang.
fn read_snapshots(addr: SocketAddr, request: Option<&str>, count: usize) -> Vec<Snapshot> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    if let Some(request) = request {
        stream.write_all(request.as_bytes()).unwrap();
    }
    let reader = StsReader::new(stream).expect("the stream starts with the .sts header");
    reader.take(count).map_while(Result::ok).collect()
}

/// Reads snapshots for `duration` and returns how many arrived.
fn count_snapshots_for(addr: SocketAddr, request: Option<&str>, duration: Duration) -> usize {
    let mut stream = TcpStream::connect(addr).unwrap();
    if let Some(request) = request {
        stream.write_all(request.as_bytes()).unwrap();
    }
    let deadline = Instant::now() + duration;
    stream.set_read_timeout(Some(duration)).unwrap();
    let mut reader = StsReader::new(stream).unwrap();
    let mut count = 0;
    while Instant::now() < deadline {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        reader.get_ref().set_read_timeout(Some(left)).unwrap();
        match reader.next() {
            Some(Ok(_)) => count += 1,
            _ => break,
        }
    }
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_reads_the_header_and_live_snapshots() {
    let model = Arc::new(StatsModel::new(Utc::now()));
    model.kernel.rep_ops_generated.add(41);
    let server = start(&model, Duration::from_millis(50)).await;
    let addr = server.addr;
    let updater = {
        let model = Arc::clone(&model);
        tokio::spawn(async move {
            for _ in 0..40 {
                tokio::time::sleep(Duration::from_millis(10)).await;
                model.kernel.rep_ops_generated.inc();
            }
        })
    };
    let snapshots = tokio::task::spawn_blocking(move || read_snapshots(addr, None, 4))
        .await
        .unwrap();
    assert_eq!(snapshots.len(), 4);
    assert!(snapshots[0].kernel.rep_ops_generated >= 41);
    let ops: Vec<u64> = snapshots
        .iter()
        .map(|s| s.kernel.rep_ops_generated)
        .collect();
    assert!(ops.windows(2).all(|w| w[0] <= w[1]), "{ops:?}");
    assert!(
        ops[3] > ops[0],
        "later snapshots see later updates: {ops:?}"
    );
    assert!(snapshots
        .windows(2)
        .all(|w| w[0].timestamp < w[1].timestamp));
    updater.await.unwrap();
    assert_eq!(server.counters.clients_served(), 1);
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_are_served_at_once() {
    let model = Arc::new(StatsModel::new(Utc::now()));
    model.register_connection(5, ConnectionInfo::default());
    let server = start(&model, Duration::from_millis(30)).await;
    let addr = server.addr;
    let first = tokio::task::spawn_blocking(move || read_snapshots(addr, None, 5));
    let second = tokio::task::spawn_blocking(move || read_snapshots(addr, None, 5));
    let (first, second) = (first.await.unwrap(), second.await.unwrap());
    assert_eq!(first.len(), 5);
    assert_eq!(second.len(), 5);
    assert_eq!(first[0].connections[0].connection_id, 5);
    assert_eq!(server.counters.clients_served(), 2);
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gets_the_interval_it_asks_for() {
    let model = Arc::new(StatsModel::new(Utc::now()));
    // Without a request, a client gets the current snapshot and then one per 10 s.
    let server = start(&model, Duration::from_secs(10)).await;
    let addr = server.addr;
    let window = Duration::from_millis(1000);
    let asking = tokio::task::spawn_blocking(move || {
        count_snapshots_for(addr, Some("interval 50\n"), window)
    });
    let silent = tokio::task::spawn_blocking(move || count_snapshots_for(addr, None, window));
    let (asking, silent) = (asking.await.unwrap(), silent.await.unwrap());
    // About 20 expected at 50 ms; the bounds leave room for a loaded machine.
    assert!((5..=40).contains(&asking), "asked for 50 ms, got {asking}");
    assert_eq!(silent, 1);
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_delays_nobody_loses_snapshots_and_is_disconnected() {
    let model = Arc::new(StatsModel::new(Utc::now()));
    // Large snapshots (over 100 kB) fill the stalled client's socket buffers quickly.
    for id in 0..600 {
        model.register_connection(
            id,
            ConnectionInfo {
                replication_set: format!("{id:0>120}"),
                ..ConnectionInfo::default()
            },
        );
    }
    let server = start(&model, Duration::from_millis(50)).await;
    let addr = server.addr;

    // The stalled client asks for snapshots every 10 ms and never reads one.
    let stalled = {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let mut stream = socket.connect(addr).await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut stream, b"interval 10\n")
            .await
            .unwrap();
        stream
    };
    let stalled_port = stalled.local_addr().unwrap().port();

    // The model keeps being updated from a plain thread the whole time.
    let updating = Arc::new(AtomicBool::new(true));
    let updater = {
        let (model, updating) = (Arc::clone(&model), Arc::clone(&updating));
        thread::spawn(move || {
            let mut updates = 0u64;
            while updating.load(Ordering::Relaxed) {
                model.kernel.rep_ops_generated.inc();
                updates += 1;
                if updates.is_multiple_of(1000) {
                    thread::sleep(Duration::from_millis(1));
                }
            }
            updates
        })
    };

    // Let the stalled client fill its buffers, then a reader must still get its snapshots.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let snapshots = tokio::task::spawn_blocking(move || read_snapshots(addr, None, 10))
        .await
        .unwrap();
    assert_eq!(snapshots.len(), 10);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "10 snapshots at 50 ms took {:?}",
        started.elapsed()
    );
    let ops: Vec<u64> = snapshots
        .iter()
        .map(|s| s.kernel.rep_ops_generated)
        .collect();
    assert!(ops[9] > ops[0], "the model kept moving: {ops:?}");

    // The stalled client lost snapshots (counted for it) and is disconnected after its
    // socket accepted nothing for the stall time (1 s here).
    let stalled_client = || {
        server
            .counters
            .clients()
            .into_iter()
            .find(|c| c.peer.port() == stalled_port)
    };
    let mut seen_coalesced = false;
    let deadline = Instant::now() + Duration::from_secs(4);
    while server.counters.stalled_disconnects() == 0 && Instant::now() < deadline {
        if let Some(client) = stalled_client() {
            assert_eq!(client.interval, Duration::from_millis(10));
            seen_coalesced |= client.coalesced_snapshots > 0;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        seen_coalesced,
        "the stalled client's own count of lost snapshots"
    );
    assert_eq!(server.counters.stalled_disconnects(), 1);
    assert!(server.counters.coalesced_snapshots() > 0);
    assert_eq!(stalled_client(), None);

    updating.store(false, Ordering::Relaxed);
    assert!(updater.join().unwrap() > 0);
    drop(stalled);
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_clients_and_an_overlong_request_ends_a_client() {
    let model = Arc::new(StatsModel::new(Utc::now()));
    let server = start(&model, Duration::from_millis(20)).await;
    let addr = server.addr;

    let rude = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(&[b'a'; 200]).unwrap();
        let mut all = Vec::new();
        stream.read_to_end(&mut all).map_err(|e| e.kind())
    });
    // The server closes the connection (a reset, as the request was never read in full):
    // the read ends instead of timing out.
    let ended = rude.await.unwrap();
    assert!(
        matches!(ended, Ok(_) | Err(std::io::ErrorKind::ConnectionReset)),
        "{ended:?}"
    );

    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = StsReader::new(stream).unwrap();
    assert!(matches!(reader.next(), Some(Ok(_))));
    server.shut_down().await;
    let rest: Vec<_> = tokio::task::spawn_blocking(move || reader.collect::<Vec<_>>())
        .await
        .unwrap();
    // The stream ends (possibly inside a record, which is reported as a torn tail),
    // rather than the read timing out.
    assert!(
        rest.iter().all(|item| match item {
            Ok(_) => true,
            Err(problem) => !matches!(problem.kind, logparse::sts::ProblemKind::Io(_)),
        }),
        "{rest:?}"
    );
}
