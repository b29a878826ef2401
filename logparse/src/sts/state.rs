//! The guide's state values: Kernel SourceState and TargetState, and Connection conState.

use serde::{Deserialize, Serialize};

/// Kernel, SourceState: whether the source is running and with which driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SourceState {
    /// 0: the source is not running.
    #[default]
    NotRunning,
    /// 1: the source is running without the replication driver.
    RunningWithoutDriver,
    /// 2: the source is running with the replication driver.
    RunningWithDriver,
}

impl SourceState {
    /// The guide's numeric value of this state.
    pub fn value(self) -> u64 {
        match self {
            SourceState::NotRunning => 0,
            SourceState::RunningWithoutDriver => 1,
            SourceState::RunningWithDriver => 2,
        }
    }

    /// The state with the guide's numeric value `value`, if there is one.
    pub fn from_value(value: u64) -> Option<Self> {
        match value {
            0 => Some(SourceState::NotRunning),
            1 => Some(SourceState::RunningWithoutDriver),
            2 => Some(SourceState::RunningWithDriver),
            _ => None,
        }
    }
}

/// Kernel, TargetState: whether the target is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TargetState {
    /// 0: the target is not running.
    #[default]
    NotRunning,
    /// 1: the target is running.
    Running,
}

impl TargetState {
    /// The guide's numeric value of this state.
    pub fn value(self) -> u64 {
        match self {
            TargetState::NotRunning => 0,
            TargetState::Running => 1,
        }
    }

    /// The state with the guide's numeric value `value`, if there is one.
    pub fn from_value(value: u64) -> Option<Self> {
        match value {
            0 => Some(TargetState::NotRunning),
            1 => Some(TargetState::Running),
            _ => None,
        }
    }
}

/// Connection, conState: the guide's bit field, restricted to the combinations it allows.
///
/// The bits are 1 Active, 2 Paused, 4 Scheduled and 8 Error; only Scheduled and Error
/// coexist (12), every other state stands alone, and 0 is None.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ConState {
    /// 0: no active connection (not established yet, or the link is unavailable).
    #[default]
    None,
    /// 1: transmitting normally, no scheduling restriction in force.
    Active,
    /// 2: the connection has been paused.
    Paused,
    /// 4: not transmitting because of scheduling restrictions.
    Scheduled,
    /// 8: not transmitting because something went wrong.
    Error,
    /// 12: Scheduled and Error at once (4 + 8).
    ScheduledAndError,
}

impl ConState {
    /// Every state, in ascending order of value.
    pub const ALL: [ConState; 6] = [
        ConState::None,
        ConState::Active,
        ConState::Paused,
        ConState::Scheduled,
        ConState::Error,
        ConState::ScheduledAndError,
    ];

    /// The guide's numeric value (the bit field) of this state.
    pub fn value(self) -> u64 {
        match self {
            ConState::None => 0,
            ConState::Active => 1,
            ConState::Paused => 2,
            ConState::Scheduled => 4,
            ConState::Error => 8,
            ConState::ScheduledAndError => 12,
        }
    }

    /// The state with the guide's numeric value `value`, if that combination of bits is allowed.
    pub fn from_value(value: u64) -> Option<Self> {
        match value {
            0 => Some(ConState::None),
            1 => Some(ConState::Active),
            2 => Some(ConState::Paused),
            4 => Some(ConState::Scheduled),
            8 => Some(ConState::Error),
            12 => Some(ConState::ScheduledAndError),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn con_state_values_round_trip_and_nothing_else_is_accepted() {
        for state in ConState::ALL {
            assert_eq!(ConState::from_value(state.value()), Some(state));
        }
        let accepted: Vec<u64> = (0..=64)
            .filter(|v| ConState::from_value(*v).is_some())
            .collect();
        assert_eq!(accepted, vec![0, 1, 2, 4, 8, 12]);
        assert_eq!(ConState::from_value(u64::MAX), None);
    }

    #[test]
    fn kernel_states_round_trip_and_reject_other_values() {
        for value in 0..3 {
            assert_eq!(
                SourceState::from_value(value).map(SourceState::value),
                Some(value)
            );
        }
        assert_eq!(SourceState::from_value(3), None);
        for value in 0..2 {
            assert_eq!(
                TargetState::from_value(value).map(TargetState::value),
                Some(value)
            );
        }
        assert_eq!(TargetState::from_value(2), None);
    }
}
