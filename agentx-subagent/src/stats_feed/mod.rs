//! The stats feed: a background thread that reads the engine's stats port
//! (engine/STATS-PORT.md) with `logparse::sts::StsReader` and publishes a [`MibView`] of
//! the newest snapshot, so that a Get never waits on the engine.
//!
//! While the engine is unreachable the published view is [`MibView::engine_down`]
//! (states 0, empty table); the thread reconnects with a doubling backoff.

use std::io;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use logparse::sts::StsReader;
use tokio::sync::watch;

use crate::mib_view::MibView;

/// First wait before reconnecting to the stats port.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// Longest wait between two connection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// How long one connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Whether the engine answers on its stats port, as far as the feed knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineState {
    /// The first connection attempt has not ended yet.
    Unknown,
    /// A snapshot arrived on the current connection.
    Running,
    /// The stats port could not be reached, or its connection ended.
    Down,
}

/// A running stats feed; dropping it stops the thread.
#[derive(Debug)]
pub struct StatsFeed {
    views: watch::Receiver<Arc<MibView>>,
    engine: watch::Receiver<EngineState>,
    stop: Option<mpsc::Sender<()>>,
    /// The connection being read, so that a drop can unblock the read.
    current: Arc<Mutex<Option<TcpStream>>>,
    thread: Option<JoinHandle<()>>,
}

impl StatsFeed {
    /// Starts reading the stats port at `address` (`HOST:PORT`); the view is the
    /// engine-down view until the first snapshot arrives.
    pub fn start(address: String) -> Self {
        let (publish, views) = watch::channel(Arc::new(MibView::engine_down()));
        let (engine_state, engine) = watch::channel(EngineState::Unknown);
        let (stop, stopped) = mpsc::channel();
        let current = Arc::new(Mutex::new(None));
        let worker = Worker {
            address,
            publish,
            engine_state,
            stopped,
            current: Arc::clone(&current),
        };
        let thread = thread::Builder::new()
            .name("stats-feed".into())
            .spawn(move || worker.run())
            .ok();
        Self {
            views,
            engine,
            stop: Some(stop),
            current,
            thread,
        }
    }

    /// The view of the newest snapshot (or of a stopped engine).
    pub fn view(&self) -> Arc<MibView> {
        Arc::clone(&self.views.borrow())
    }

    /// A receiver of every new view, for the AgentX session.
    pub fn subscribe(&self) -> watch::Receiver<Arc<MibView>> {
        self.views.clone()
    }

    /// A receiver of the engine's state: whether its stats port answers.
    pub fn engine_state(&self) -> watch::Receiver<EngineState> {
        self.engine.clone()
    }
}

impl Drop for StatsFeed {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(stream) = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            // Unblocks the read in the worker; an error means it is closed already.
            let _ = stream.shutdown(Shutdown::Both);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The feed's thread state.
struct Worker {
    address: String,
    publish: watch::Sender<Arc<MibView>>,
    engine_state: watch::Sender<EngineState>,
    stopped: mpsc::Receiver<()>,
    current: Arc<Mutex<Option<TcpStream>>>,
}

impl Worker {
    fn run(self) {
        let mut backoff = FIRST_BACKOFF;
        loop {
            if self.stop_requested() {
                return;
            }
            if let Ok(stream) = connect(&self.address) {
                if let Ok(reader) = stream.try_clone() {
                    *self.lock_current() = Some(stream);
                    if self.stop_requested() {
                        return;
                    }
                    if self.read_snapshots(reader) {
                        backoff = FIRST_BACKOFF;
                    }
                    *self.lock_current() = None;
                }
            }
            self.publish.send_replace(Arc::new(MibView::engine_down()));
            self.engine_state.send_replace(EngineState::Down);
            match self.stopped.recv_timeout(backoff) {
                Err(RecvTimeoutError::Timeout) => backoff = (backoff * 2).min(MAX_BACKOFF),
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Publishes every snapshot of one connection until it ends; true if any arrived.
    fn read_snapshots(&self, stream: TcpStream) -> bool {
        let Ok(reader) = StsReader::new(stream) else {
            return false;
        };
        let mut any = false;
        for item in reader {
            match item {
                Ok(snapshot) => {
                    self.publish
                        .send_replace(Arc::new(MibView::from_snapshot(&snapshot)));
                    if !any {
                        self.engine_state.send_replace(EngineState::Running);
                    }
                    any = true;
                }
                // A damaged record is skipped; the reader resynchronises on the next one.
                Err(_) if !self.stop_requested() => {}
                Err(_) => break,
            }
        }
        any
    }

    fn stop_requested(&self) -> bool {
        matches!(
            self.stopped.try_recv(),
            Ok(()) | Err(mpsc::TryRecvError::Disconnected)
        )
    }

    fn lock_current(&self) -> std::sync::MutexGuard<'_, Option<TcpStream>> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn connect(address: &str) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
    for addr in address.to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = e,
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mib_view::{oids, Lookup, Oid, Value};
    use logparse::sts::{Snapshot, StsWriter};
    use std::net::TcpListener;
    use std::time::Instant;

    fn wait_for(feed: &StatsFeed, want: impl Fn(&MibView) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if want(&feed.view()) {
                return true;
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn publishes_snapshots_then_engine_down_when_the_server_goes() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let server = thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut writer = StsWriter::new(stream).unwrap();
            let mut snapshot = Snapshot::default();
            snapshot.security.logins = 77;
            writer.write_snapshot(&snapshot).unwrap();
            writer.flush().unwrap();
            thread::sleep(Duration::from_millis(300));
        });
        let feed = StatsFeed::start(address);
        let engine = feed.engine_state();
        let logins = Oid::join(oids::DT_LOGIN_COUNT, &[0]);
        assert!(wait_for(&feed, |v| v.get(&logins)
            == Lookup::Value(Value::Counter32(77))));
        assert_eq!(*engine.borrow(), EngineState::Running);
        server.join().unwrap();
        assert!(wait_for(&feed, |v| *v == MibView::engine_down()));
        assert_eq!(*engine.borrow(), EngineState::Down);
    }

    #[test]
    fn an_unreachable_engine_is_down_after_the_first_attempt() {
        // A port nobody listens on: bound, its address taken, then closed.
        let address = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .to_string();
        let feed = StatsFeed::start(address);
        let mut engine = feed.engine_state();
        let deadline = Instant::now() + Duration::from_secs(5);
        while *engine.borrow_and_update() == EngineState::Unknown && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(*engine.borrow(), EngineState::Down);
    }

    #[test]
    fn drop_stops_a_feed_blocked_on_a_silent_server() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let feed = StatsFeed::start(listener.local_addr().unwrap().to_string());
        let (_held, _) = listener.accept().unwrap();
        drop(feed);
    }
}
