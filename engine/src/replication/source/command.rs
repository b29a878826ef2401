//! [`MirrorKind`] and [`MirrorCommand`]: what a user (or AutoRemirror) asks of a mirror.

use serde::{Deserialize, Serialize};

/// Which mirror to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MirrorKind {
    /// Send every file of the set.
    Full,
    /// Send only what differs from the replica (size or modification time).
    Difference,
}

impl MirrorKind {
    /// The mirror AutoRemirror asks for after lost changes: `None` for 0, a full mirror
    /// for 2, a difference mirror for 1, 3 and 4.
    pub fn for_auto_remirror(auto_remirror: u8) -> Option<MirrorKind> {
        match auto_remirror {
            0 => None,
            2 => Some(MirrorKind::Full),
            _ => Some(MirrorKind::Difference),
        }
    }
}

/// A request to the connection's mirror (`dtctl mirror start|pause|resume|stop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MirrorCommand {
    /// Start a mirror of this kind (event 4019).
    Start(MirrorKind),
    /// Hold the running mirror's operations back (4020).
    Pause,
    /// Let a paused mirror go on (4021).
    Resume,
    /// Abandon the running mirror (4022); the target's data needs a mirror.
    Stop,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_remirror_values_pick_the_guides_mirror() {
        assert_eq!(MirrorKind::for_auto_remirror(0), None);
        assert_eq!(
            MirrorKind::for_auto_remirror(1),
            Some(MirrorKind::Difference)
        );
        assert_eq!(MirrorKind::for_auto_remirror(2), Some(MirrorKind::Full));
        assert_eq!(
            MirrorKind::for_auto_remirror(3),
            Some(MirrorKind::Difference)
        );
        assert_eq!(
            MirrorKind::for_auto_remirror(4),
            Some(MirrorKind::Difference)
        );
    }

    #[test]
    fn commands_read_as_snake_case_json() {
        let start: MirrorCommand = serde_json::from_str(r#"{"start":"difference"}"#).unwrap();
        assert_eq!(start, MirrorCommand::Start(MirrorKind::Difference));
        let pause: MirrorCommand = serde_json::from_str(r#""pause""#).unwrap();
        assert_eq!(pause, MirrorCommand::Pause);
    }
}
