//! What a mirror event itself says of the mirror: the status and percent its trap
//! carries. The statistics snapshot is up to an interval old when the event is read, so
//! at a mirror's start it still shows the previous mirror (Idle, 100%); the event does not.

use crate::mib_view::oids::{DTCON_MIRROR_PERCENT, DTCON_MIRROR_STATUS};
use crate::mib_view::{MirrorStatus, Value};

/// Engine event: a mirror started.
const MIRROR_STARTED: u32 = 4019;
/// Engine event: a mirror paused.
const MIRROR_PAUSED: u32 = 4020;
/// Engine event: a mirror resumed.
const MIRROR_RESUMED: u32 = 4021;
/// Engine event: a mirror stopped.
const MIRROR_STOPPED: u32 = 4022;
/// Engine event: a mirror completed.
const MIRROR_COMPLETED: u32 = 4023;

/// The value of connection column `column` that engine event `event_id` states, if it
/// states one (`dtconMirrorStatus` for the mirror events 4019–4023, `dtconMirrorPercent`
/// for a start, 0, and a completion, 100).
pub fn stated_by(event_id: u32, column: u32) -> Option<Value> {
    let (status, percent) = match event_id {
        MIRROR_STARTED => (MirrorStatus::InProgress, Some(0)),
        MIRROR_PAUSED => (MirrorStatus::Paused, None),
        MIRROR_RESUMED => (MirrorStatus::InProgress, None),
        MIRROR_STOPPED => (MirrorStatus::Stopped, None),
        MIRROR_COMPLETED => (MirrorStatus::Idle, Some(100)),
        _ => return None,
    };
    match column {
        DTCON_MIRROR_STATUS => Some(Value::Integer(status.value())),
        DTCON_MIRROR_PERCENT => percent.map(Value::Gauge32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mib_view::oids::DTCON_STATE;

    #[test]
    fn mirror_events_state_their_status_and_the_ends_their_percent() {
        let status = |event| stated_by(event, DTCON_MIRROR_STATUS);
        let percent = |event| stated_by(event, DTCON_MIRROR_PERCENT);
        assert_eq!(status(4019), Some(Value::Integer(2)));
        assert_eq!(percent(4019), Some(Value::Gauge32(0)));
        assert_eq!(status(4020), Some(Value::Integer(5)));
        assert_eq!(percent(4020), None);
        assert_eq!(status(4021), Some(Value::Integer(2)));
        assert_eq!(status(4022), Some(Value::Integer(6)));
        assert_eq!(status(4023), Some(Value::Integer(4)));
        assert_eq!(percent(4023), Some(Value::Gauge32(100)));
        // Other events and other columns come from the statistics.
        assert_eq!(status(4016), None);
        assert_eq!(stated_by(4019, DTCON_STATE), None);
    }
}
