//! A source connection whose target goes away mid-stream and comes back on the same
//! port and state directory: reconnection, resend, nothing applied twice.

mod replication_source_support;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use engine::replication::source::{MirrorKind, TransmitMode};
use replication_source_support::target_support::config as target_config;
use replication_source_support::{wait_for, Rig, Target};

const LINES: usize = 3000;

fn expected_log() -> String {
    (0..LINES).map(|i| format!("line {i}\n")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_target_is_reconnected_and_every_change_arrives_once() {
    let rig = Rig::new();
    fs::write(rig.path("base"), b"before").unwrap();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let addr = target.addr;
    let connection = rig.start(rig.config(addr), Some(MirrorKind::Full));
    rig.converge(&connection).await;

    // An append-only file grows the whole time; a duplicate or lost append would
    // show in its final content.
    let written = Arc::new(AtomicUsize::new(0));
    let log_path = rig.path("journal.log");
    fs::write(&log_path, b"").unwrap();
    let writer = {
        let written = Arc::clone(&written);
        let log_path = log_path.clone();
        std::thread::spawn(move || {
            for i in 0..LINES {
                let mut file = OpenOptions::new().append(true).open(&log_path).unwrap();
                file.write_all(format!("line {i}\n").as_bytes()).unwrap();
                written.store(i + 1, Ordering::SeqCst);
                if i % 100 == 0 {
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        })
    };
    wait_for("a third of the lines", || {
        written.load(Ordering::SeqCst) >= LINES / 3
    })
    .await;
    target.stop().await;
    wait_for("the source to notice", || {
        connection.status().transmit_mode != TransmitMode::Active
    })
    .await;
    wait_for("a failed reconnection attempt", || rig.count(4011) >= 1).await;
    let target = Target::start(&rig.dirs, {
        let mut config = target_config(&rig.dirs);
        config.listen = addr;
        config
    })
    .await;
    writer.join().unwrap();
    rig.converge(&connection).await;
    assert_eq!(fs::read_to_string(&log_path).unwrap(), expected_log());
    assert_eq!(
        fs::read_to_string(rig.replica_src().join("journal.log")).unwrap(),
        expected_log()
    );

    assert!(rig.count(4009) >= 1);
    assert!(rig.count(4010) >= 1);
    assert!(rig.count(4017) >= 1);
    assert!(rig.count(4016) >= 2);
    assert!(rig.stats.source.auto_reconnects.get() >= 1);
    assert!(rig.stats.source.auto_disconnects.get() >= 1);
    assert_eq!(connection.status().transmit_mode, TransmitMode::Active);
    connection.stop().await;
    target.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_auto_reconnect_a_lost_link_is_an_error() {
    let rig = Rig::new();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let mut config = rig.config(target.addr);
    config.auto_reconnect = false;
    let connection = rig.start(config, None);
    wait_for("the connection", || {
        connection.status().transmit_mode == TransmitMode::Active
    })
    .await;
    target.stop().await;
    wait_for("conState Error", || connection.status().con_state == 8).await;
    assert_eq!(connection.status().transmit_mode, TransmitMode::Error);
    assert_eq!(rig.count(4009), 0, "no reconnection is tried");
    connection.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_alives_flow_and_a_silent_target_is_dropped_after_network_timeout() {
    use engine::replication::protocol::{
        FrameReader, FrameWriter, Message, ProtocolVersion, Welcome,
    };
    use tokio::net::TcpListener;
    use tokio::time::timeout;

    let rig = Rig::new();
    // A target that completes the handshake, then never says anything again.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut config = rig.config(listener.local_addr().unwrap());
    config.network_timeout = Duration::from_millis(600);
    let connection = rig.start(config, None);
    let (stream, _) = timeout(Duration::from_secs(10), listener.accept())
        .await
        .unwrap()
        .unwrap();
    let (read_half, write_half) = stream.into_split();
    let mut reader = FrameReader::new(read_half);
    let mut writer = FrameWriter::new(write_half);
    assert!(matches!(
        reader.read().await.unwrap(),
        Some(Message::Hello(_))
    ));
    writer
        .send(&Message::Welcome(Welcome {
            protocol_version: ProtocolVersion::CURRENT,
            last_applied_seq: 0,
        }))
        .await
        .unwrap();

    // Nothing to send: the source keeps the link alive every NetworkTimeout/6 ...
    let mut keep_alives = 0;
    let ended = timeout(Duration::from_secs(10), async {
        loop {
            match reader.read().await {
                Ok(Some(Message::KeepAlive)) => keep_alives += 1,
                Ok(Some(_)) => {}
                // ... and, hearing nothing back for NetworkTimeout, closes it.
                Ok(None) | Err(_) => return,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the source never closed the silent link");
    assert!(keep_alives >= 2, "{keep_alives} keep-alives");
    wait_for("4017 disconnected", || rig.count(4017) >= 1).await;
    // It then tries again (AutoReconnect).
    let again = timeout(Duration::from_secs(10), listener.accept()).await;
    assert!(again.is_ok(), "no reconnection attempt");
    wait_for("4009 auto-reconnecting", || rig.count(4009) >= 1).await;
    assert!(rig.stats.source.auto_disconnects.get() >= 1);
    connection.stop().await;
}
