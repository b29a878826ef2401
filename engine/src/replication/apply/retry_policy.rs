//! [`RetryPolicy`]: how often and how fast the target retries a failed operation
//! (TGExecutionRetryLimit, TGRetryLocked, TGWriteFailureBeforeNotification).

use std::time::Duration;

use crate::settings::SettingsStore;

/// The target's retry rules for operations that fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// TGExecutionRetryLimit: retries before an operation is discarded; 0 retries
    /// forever.
    pub retry_limit: u32,
    /// TGRetryLocked: the minimum wait before retrying a failed operation.
    pub retry_delay: Duration,
    /// TGWriteFailureBeforeNotification: retries before Target Status shows
    /// "Retrying"; 0 never shows it.
    pub notify_after: u32,
}

impl RetryPolicy {
    /// The policy DT.conf sets.
    pub fn from_settings(store: &SettingsStore) -> RetryPolicy {
        let number = |name: &str| u32::try_from(store.u64(name)).unwrap_or(u32::MAX);
        RetryPolicy {
            retry_limit: number("TGExecutionRetryLimit"),
            retry_delay: Duration::from_secs(store.u64("TGRetryLocked")),
            notify_after: number("TGWriteFailureBeforeNotification"),
        }
    }

    /// Whether an operation that has failed after `retries` retries is discarded.
    pub fn gives_up_after(&self, retries: u32) -> bool {
        self.retry_limit != 0 && retries >= self.retry_limit
    }

    /// Whether Target Status shows "Retrying" once an operation has failed after
    /// `retries` retries.
    pub fn shows_retrying(&self, retries: u32) -> bool {
        self.notify_after != 0 && retries >= self.notify_after
    }
}

impl Default for RetryPolicy {
    /// The guide's defaults: retry forever, every 3 seconds, notify after 10 retries.
    fn default() -> RetryPolicy {
        RetryPolicy {
            retry_limit: 0,
            retry_delay: Duration::from_secs(3),
            notify_after: 10,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dt_conf_and_defaults_to_the_guide() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("DT.conf");
        std::fs::write(&conf, "").unwrap();
        let (store, _) = SettingsStore::load(&conf).unwrap();
        assert_eq!(RetryPolicy::from_settings(&store), RetryPolicy::default());
        std::fs::write(
            &conf,
            "TGExecutionRetryLimit=5\nTGRetryLocked=0\nTGWriteFailureBeforeNotification=2\n",
        )
        .unwrap();
        let (store, _) = SettingsStore::load(&conf).unwrap();
        assert_eq!(
            RetryPolicy::from_settings(&store),
            RetryPolicy {
                retry_limit: 5,
                retry_delay: Duration::ZERO,
                notify_after: 2,
            }
        );
    }

    #[test]
    fn zero_means_forever_and_never_notify() {
        let forever = RetryPolicy::default();
        assert!(!forever.gives_up_after(1_000_000));
        assert!(!forever.shows_retrying(9));
        assert!(forever.shows_retrying(10));
        let limited = RetryPolicy {
            retry_limit: 2,
            retry_delay: Duration::ZERO,
            notify_after: 0,
        };
        assert!(!limited.gives_up_after(1));
        assert!(limited.gives_up_after(2));
        assert!(!limited.shows_retrying(u32::MAX));
    }
}
