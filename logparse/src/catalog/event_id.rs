use serde::{Deserialize, Serialize};
use std::fmt;

/// An event ID as the guide numbers it: a Windows event ID, the message ID column of a
/// `.dtl` line, or a Linux job event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u32);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<u32> for EventId {
    fn from(id: u32) -> Self {
        EventId(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_and_serializes_as_the_bare_number() {
        assert_eq!(EventId(4019).to_string(), "4019");
        assert_eq!(
            serde_json::to_string(&EventId(4019)).ok().as_deref(),
            Some("4019")
        );
        let back: Result<EventId, _> = serde_json::from_str("5716");
        assert_eq!(back.ok(), Some(EventId(5716)));
    }
}
