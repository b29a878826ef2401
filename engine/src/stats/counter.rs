//! The two kinds of statistic the hot paths update: counters that only grow, and gauges
//! (queue depths, open handles) that follow a level up and down. Both are one relaxed
//! atomic: an update never waits for anything.

use std::sync::atomic::{AtomicU64, Ordering};

/// A statistic that counts events since the service started (e.g. Ops Received).
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// Adds `n`, wrapping at 2^64 like the product's 64-bit counters.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// Adds one.
    pub fn inc(&self) {
        self.add(1);
    }

    /// The current value.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A statistic that reports a current level (e.g. Ops Remaining, Bytes In Target Queue).
#[derive(Debug, Default)]
pub struct Gauge(AtomicU64);

impl Gauge {
    /// Sets the level.
    pub fn set(&self, value: u64) {
        self.0.store(value, Ordering::Relaxed);
    }

    /// Raises the level by `n`, saturating at `u64::MAX`.
    pub fn add(&self, n: u64) {
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_add(n))
            });
    }

    /// Lowers the level by `n`, stopping at 0 (a level is never negative).
    pub fn sub(&self, n: u64) {
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_sub(n))
            });
    }

    /// The current level.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_adds_and_wraps() {
        let counter = Counter::default();
        counter.inc();
        counter.add(41);
        assert_eq!(counter.get(), 42);
        counter.add(u64::MAX);
        assert_eq!(counter.get(), 41);
    }

    #[test]
    fn gauge_follows_a_level_and_never_goes_below_zero() {
        let gauge = Gauge::default();
        gauge.add(10);
        gauge.sub(3);
        assert_eq!(gauge.get(), 7);
        gauge.sub(100);
        assert_eq!(gauge.get(), 0);
        gauge.set(u64::MAX - 1);
        gauge.add(5);
        assert_eq!(gauge.get(), u64::MAX);
    }
}
