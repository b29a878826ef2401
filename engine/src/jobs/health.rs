//! [`JobHealth`]: what the monitor last saw of a job's two engines, and the events a
//! change raises. Events mark changes only; nothing is raised while a state holds.
//!
//! How the guide's texts map to what a probe can see:
//! - 5715/5718 (source) and 5716/5717 (target): the engine's management port stops or
//!   starts accepting connections ([`Reachability::Down`] vs any other result).
//! - 5708 "network connection has been lost": neither engine of the job can be reached
//!   at once, so the network between this engine and the job's servers is the likely
//!   cause. Raised when that starts, in addition to 5715 and 5716.
//! - 5710 "server communication error": a reachable engine accepted the connection but
//!   gave no valid answer ([`Reachability::NoAnswer`]).
//! - 5711 "server communication warning": a reachable engine answered with an error
//!   ([`Reachability::ErrorAnswer`]).
//!   5710/5711 are raised when the worse of the two engines' communication changes to
//!   that level.
//! - 5712 "connection and management communication both ok": both engines answer again
//!   after any of the problems above.

use serde::{Deserialize, Serialize};

use super::{JobEvent, Reachability};

/// The last probe results of one job's source and target engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobHealth {
    /// The source engine.
    pub source: Reachability,
    /// The target engine.
    pub target: Reachability,
}

/// How well the management exchange with the job's reachable engines goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Communication {
    Ok,
    Warning,
    Error,
}

impl JobHealth {
    /// The state assumed before a job's first probe: both engines up.
    pub const ASSUMED: JobHealth = JobHealth {
        source: Reachability::Up,
        target: Reachability::Up,
    };

    /// The events that going from `self` to `next` raises, in the order to log them.
    pub fn events_to(self, next: JobHealth) -> Vec<JobEvent> {
        let mut events = Vec::new();
        if self.source.is_reachable() != next.source.is_reachable() {
            events.push(if next.source.is_reachable() {
                JobEvent::SourceEngineUp
            } else {
                JobEvent::SourceEngineDown
            });
        }
        if self.target.is_reachable() != next.target.is_reachable() {
            events.push(if next.target.is_reachable() {
                JobEvent::TargetEngineUp
            } else {
                JobEvent::TargetEngineDown
            });
        }
        if next.network_lost() && !self.network_lost() {
            events.push(JobEvent::NetworkConnectionLost);
        }
        let communication = next.communication();
        if communication != self.communication() {
            match communication {
                Communication::Error => events.push(JobEvent::CommunicationError),
                Communication::Warning => events.push(JobEvent::CommunicationWarning),
                Communication::Ok => {}
            }
        }
        if next.all_ok() && !self.all_ok() {
            events.push(JobEvent::CommunicationOk);
        }
        events
    }

    /// Both engines answer.
    pub fn all_ok(self) -> bool {
        self.source == Reachability::Up && self.target == Reachability::Up
    }

    fn network_lost(self) -> bool {
        !self.source.is_reachable() && !self.target.is_reachable()
    }

    fn communication(self) -> Communication {
        let of = |engine: Reachability| match engine {
            Reachability::Up | Reachability::Down => Communication::Ok,
            Reachability::ErrorAnswer => Communication::Warning,
            Reachability::NoAnswer => Communication::Error,
        };
        of(self.source).max(of(self.target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use JobEvent as E;
    use Reachability::{Down, ErrorAnswer, NoAnswer, Up};

    fn health(source: Reachability, target: Reachability) -> JobHealth {
        JobHealth { source, target }
    }

    fn reachability() -> impl Strategy<Value = Reachability> {
        prop_oneof![Just(Up), Just(Down), Just(NoAnswer), Just(ErrorAnswer)]
    }

    #[test]
    fn target_down_then_up() {
        let down = health(Up, Down);
        assert_eq!(JobHealth::ASSUMED.events_to(down), [E::TargetEngineDown]);
        assert_eq!(down.events_to(down), []);
        assert_eq!(
            down.events_to(JobHealth::ASSUMED),
            [E::TargetEngineUp, E::CommunicationOk]
        );
    }

    #[test]
    fn both_down_is_a_lost_network() {
        let both = health(Down, Down);
        assert_eq!(
            JobHealth::ASSUMED.events_to(both),
            [
                E::SourceEngineDown,
                E::TargetEngineDown,
                E::NetworkConnectionLost
            ]
        );
        assert_eq!(
            health(Down, Up).events_to(both),
            [E::TargetEngineDown, E::NetworkConnectionLost]
        );
        assert_eq!(both.events_to(health(Up, Down)), [E::SourceEngineUp]);
    }

    #[test]
    fn communication_problems() {
        assert_eq!(
            JobHealth::ASSUMED.events_to(health(NoAnswer, Up)),
            [E::CommunicationError]
        );
        assert_eq!(
            JobHealth::ASSUMED.events_to(health(Up, ErrorAnswer)),
            [E::CommunicationWarning]
        );
        assert_eq!(
            health(NoAnswer, Up).events_to(health(NoAnswer, ErrorAnswer)),
            []
        );
        assert_eq!(
            health(NoAnswer, ErrorAnswer).events_to(health(Up, ErrorAnswer)),
            [E::CommunicationWarning]
        );
        assert_eq!(
            health(Down, Up).events_to(health(NoAnswer, Up)),
            [E::SourceEngineUp, E::CommunicationError]
        );
        assert_eq!(
            health(Up, ErrorAnswer).events_to(JobHealth::ASSUMED),
            [E::CommunicationOk]
        );
    }

    proptest! {
        #[test]
        fn nothing_while_a_state_holds(s in reachability(), t in reachability()) {
            prop_assert!(health(s, t).events_to(health(s, t)).is_empty());
        }

        #[test]
        fn each_event_at_most_once_and_ok_exactly_on_recovery(
            a in reachability(), b in reachability(), c in reachability(), d in reachability()
        ) {
            let (from, to) = (health(a, b), health(c, d));
            let events = from.events_to(to);
            for event in &events {
                prop_assert_eq!(events.iter().filter(|e| *e == event).count(), 1);
            }
            prop_assert_eq!(
                events.contains(&E::CommunicationOk),
                to.all_ok() && !from.all_ok()
            );
            prop_assert_eq!(
                events.contains(&E::TargetEngineDown),
                from.target.is_reachable() && !to.target.is_reachable()
            );
        }
    }
}
