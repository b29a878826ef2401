//! [`KeepAlive`]: when to send a keep-alive and when the peer counts as gone (NetworkTimeout).

use std::time::{Duration, Instant};

/// The longest NetworkTimeout honoured (`u32::MAX` seconds), so deadlines stay representable.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(u32::MAX as u64);

/// The keep-alive clock of one connection, for either side.
///
/// The guide: during idle periods keep-alive data goes out every NetworkTimeout/6, and a
/// connection that receives nothing for NetworkTimeout is closed. Record every frame sent
/// ([`sent`](KeepAlive::sent)) and received ([`received`](KeepAlive::received)); send a
/// `KeepAlive` when [`send_due`](KeepAlive::send_due), close when
/// [`peer_gone`](KeepAlive::peer_gone), and sleep until [`next_deadline`](KeepAlive::next_deadline).
/// The clock is injectable: any `Fn() -> Instant` (a test's manual clock, or tokio's
/// clock so that paused test time applies).
#[derive(Debug, Clone)]
pub struct KeepAlive<C = fn() -> Instant> {
    clock: C,
    timeout: Duration,
    interval: Duration,
    last_sent: Instant,
    last_received: Instant,
}

impl KeepAlive {
    /// Keep-alive timing for `network_timeout` on the system clock, starting now.
    pub fn new(network_timeout: Duration) -> KeepAlive {
        KeepAlive::with_clock(network_timeout, Instant::now)
    }
}

impl<C: Fn() -> Instant> KeepAlive<C> {
    /// Keep-alive timing for `network_timeout` on `clock`, starting now.
    pub fn with_clock(network_timeout: Duration, clock: C) -> KeepAlive<C> {
        let timeout = network_timeout.min(LONGEST_TIMEOUT);
        let now = clock();
        KeepAlive {
            clock,
            timeout,
            interval: timeout / 6,
            last_sent: now,
            last_received: now,
        }
    }

    /// How long this side may stay silent: NetworkTimeout/6.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// How long the peer may stay silent: NetworkTimeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Records that a frame (of any kind) was sent.
    pub fn sent(&mut self) {
        self.last_sent = (self.clock)();
    }

    /// Records that a frame (of any kind) was received.
    pub fn received(&mut self) {
        self.last_received = (self.clock)();
    }

    /// Whether this side has sent nothing for NetworkTimeout/6 and owes a `KeepAlive`.
    pub fn send_due(&self) -> bool {
        (self.clock)().saturating_duration_since(self.last_sent) >= self.interval
    }

    /// Whether the peer has sent nothing for NetworkTimeout: the connection is lost.
    pub fn peer_gone(&self) -> bool {
        self.silence() >= self.timeout
    }

    /// How long since the peer last sent anything.
    pub fn silence(&self) -> Duration {
        (self.clock)().saturating_duration_since(self.last_received)
    }

    /// The next instant at which [`send_due`](KeepAlive::send_due) or
    /// [`peer_gone`](KeepAlive::peer_gone) can turn true.
    pub fn next_deadline(&self) -> Instant {
        let send_at = self.last_sent + self.interval;
        let gone_at = self.last_received + self.timeout;
        send_at.min(gone_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// A clock that moves only when told.
    fn manual_clock() -> (Rc<Cell<Instant>>, impl Fn() -> Instant) {
        let now = Rc::new(Cell::new(Instant::now()));
        let read = Rc::clone(&now);
        (now, move || read.get())
    }

    fn advance(now: &Cell<Instant>, by: Duration) {
        now.set(now.get() + by);
    }

    #[test]
    fn sends_after_a_sixth_of_the_timeout_of_own_silence() {
        let (now, clock) = manual_clock();
        let mut keep_alive = KeepAlive::with_clock(Duration::from_secs(120), clock);
        assert_eq!(keep_alive.interval(), Duration::from_secs(20));
        assert_eq!(keep_alive.timeout(), Duration::from_secs(120));
        let start = now.get();
        assert_eq!(keep_alive.next_deadline(), start + Duration::from_secs(20));
        advance(&now, Duration::from_secs(19));
        assert!(!keep_alive.send_due());
        advance(&now, Duration::from_secs(1));
        assert!(keep_alive.send_due());
        keep_alive.sent();
        assert!(!keep_alive.send_due());
        assert_eq!(keep_alive.next_deadline(), start + Duration::from_secs(40));
        // Receiving does not excuse this side from sending.
        advance(&now, Duration::from_secs(20));
        keep_alive.received();
        assert!(keep_alive.send_due());
    }

    #[test]
    fn the_peer_is_gone_after_the_timeout_of_its_silence() {
        let (now, clock) = manual_clock();
        let mut keep_alive = KeepAlive::with_clock(Duration::from_secs(60), clock);
        let start = now.get();
        for _ in 0..6 {
            advance(&now, Duration::from_secs(10));
            keep_alive.sent();
        }
        assert_eq!(keep_alive.silence(), Duration::from_secs(60));
        assert!(keep_alive.peer_gone());
        assert_eq!(keep_alive.next_deadline(), start + Duration::from_secs(60));

        advance(&now, Duration::from_secs(1));
        keep_alive.received();
        assert!(!keep_alive.peer_gone());
        advance(&now, Duration::from_millis(59_999));
        assert!(!keep_alive.peer_gone());
        advance(&now, Duration::from_millis(1));
        assert!(keep_alive.peer_gone());
    }

    #[test]
    fn extreme_timeouts_do_not_panic() {
        let (now, clock) = manual_clock();
        let keep_alive = KeepAlive::with_clock(Duration::MAX, clock);
        assert_eq!(keep_alive.timeout(), LONGEST_TIMEOUT);
        assert!(keep_alive.next_deadline() > now.get());
        let zero = KeepAlive::new(Duration::ZERO);
        assert!(zero.send_due());
        assert!(zero.peer_gone());
    }
}
