//! [`SessionEnd`]: why a session ended, and what its source is told.

use std::fmt;
use std::time::Duration;

use super::apply_loop::ApplyEnd;

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SessionEnd {
    /// The server is shutting down.
    Shutdown,
    /// Ended on request (a newer session of the same key replaced it).
    Stopped(String),
    /// The source said `Goodbye`.
    PeerGoodbye(String),
    /// The source closed the connection.
    PeerClosed,
    /// The source was silent for NetworkTimeout.
    TimedOut(Duration),
    /// The source broke the protocol (a bad frame, an unexpected message).
    Protocol(String),
    /// The applier thread stopped on its own.
    Applier(ApplyEnd),
    /// Writing to the source failed.
    Writer(String),
}

impl SessionEnd {
    /// The `Goodbye` reason for the source, when it is still worth telling.
    pub(super) fn goodbye(&self) -> Option<String> {
        match self {
            SessionEnd::Shutdown | SessionEnd::Stopped(_) | SessionEnd::TimedOut(_) => {
                Some(self.to_string())
            }
            SessionEnd::Protocol(_) => Some(self.to_string()),
            SessionEnd::Applier(ApplyEnd::Gap(_) | ApplyEnd::Failed(_)) => Some(self.to_string()),
            SessionEnd::PeerGoodbye(_)
            | SessionEnd::PeerClosed
            | SessionEnd::Applier(ApplyEnd::Closed | ApplyEnd::WriterGone)
            | SessionEnd::Writer(_) => None,
        }
    }
}

impl fmt::Display for SessionEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionEnd::Shutdown => f.write_str("the target is shutting down"),
            SessionEnd::Stopped(reason) => f.write_str(reason),
            SessionEnd::PeerGoodbye(reason) => write!(f, "the source said goodbye: {reason}"),
            SessionEnd::PeerClosed => f.write_str("the source closed the connection"),
            SessionEnd::TimedOut(timeout) => {
                write!(
                    f,
                    "nothing heard from the source for {}s",
                    timeout.as_secs_f64()
                )
            }
            SessionEnd::Protocol(detail) => write!(f, "protocol error: {detail}"),
            SessionEnd::Applier(ApplyEnd::Gap(detail)) => f.write_str(detail),
            SessionEnd::Applier(ApplyEnd::Failed(detail)) => {
                write!(f, "cannot apply operations: {detail}")
            }
            SessionEnd::Applier(ApplyEnd::Closed) => f.write_str("the session closed"),
            SessionEnd::Applier(ApplyEnd::WriterGone) | SessionEnd::Writer(_) => {
                f.write_str("cannot write to the source")?;
                if let SessionEnd::Writer(detail) = self {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_source_that_can_still_listen_is_told_why() {
        assert_eq!(
            SessionEnd::Stopped("replaced".into()).goodbye().as_deref(),
            Some("replaced")
        );
        let gap = SessionEnd::Applier(ApplyEnd::Gap("resend from 3".into()));
        assert_eq!(gap.goodbye().as_deref(), Some("resend from 3"));
        assert!(SessionEnd::Shutdown.goodbye().is_some());
        assert!(SessionEnd::TimedOut(Duration::from_secs(2))
            .goodbye()
            .unwrap()
            .contains("2s"));
        assert_eq!(SessionEnd::PeerClosed.goodbye(), None);
        assert_eq!(SessionEnd::Writer("reset".into()).goodbye(), None);
        assert_eq!(
            SessionEnd::Writer("reset".into()).to_string(),
            "cannot write to the source: reset"
        );
    }
}
