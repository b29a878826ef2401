use super::{EventId, EventLevel};
use serde::Serialize;
use std::ops::RangeInclusive;

/// One of the Linux job events of chapter 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LinuxJobEvent {
    /// The event ID, 5700–5718.
    pub id: EventId,
    /// The level the guide gives it.
    pub level: EventLevel,
    /// The message; these events have no placeholders.
    pub message: &'static str,
    /// The guide's "Required response".
    pub required_response: &'static str,
}

/// The IDs of the Linux job events; every ID in the range has an entry.
pub const LINUX_JOB_EVENT_IDS: RangeInclusive<EventId> = EventId(5700)..=EventId(5718);

/// Every Linux job event, sorted by ID.
pub fn linux_job_events() -> &'static [LinuxJobEvent] {
    &LINUX_JOB_EVENTS
}

/// The Linux job event with this ID.
pub fn linux_job_event(id: EventId) -> Option<&'static LinuxJobEvent> {
    LINUX_JOB_EVENTS
        .binary_search_by_key(&id, |event| event.id)
        .ok()
        .and_then(|at| LINUX_JOB_EVENTS.get(at))
}

static LINUX_JOB_EVENTS: [LinuxJobEvent; 19] = [
    LinuxJobEvent {
        id: EventId(5700),
        level: EventLevel::Information,
        message: "This job was created to protect the source virtual machine.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5701),
        level: EventLevel::Information,
        message: "Protection has started.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5702),
        level: EventLevel::Information,
        message: "Protection has been paused.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5703),
        level: EventLevel::Information,
        message: "The job has been stopped.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5704),
        level: EventLevel::Warning,
        message: "The job has been deleted",
        required_response: "No action required. If desired, you can re-create the job.",
    },
    LinuxJobEvent {
        id: EventId(5705),
        level: EventLevel::Warning,
        message: "A failover has been initiated.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5706),
        level: EventLevel::Warning,
        message: "A reverse has been initiated.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5707),
        level: EventLevel::Error,
        message: "The Double-Take Availability software license requirements have not been met.",
        required_response: "Verify the source and target have the correct Carbonite Availability and Carbonite Migrate license applied. If the license keys appear to be correct, contact technical support.",
    },
    LinuxJobEvent {
        id: EventId(5708),
        level: EventLevel::Error,
        message: "A network connection has been lost to an appliance, source virtual machine, or target virtual machine.",
        required_response: "Verify the network used to access the appliance, source and target are functioning and the servers are running. (The target replica of a full server to ESX job will not be running until after failover.) See the job and server log files for additional details.",
    },
    LinuxJobEvent {
        id: EventId(5709),
        level: EventLevel::Error,
        message: "A general error has occurred.",
        required_response: "See the job and server log files for additional details.",
    },
    LinuxJobEvent {
        id: EventId(5710),
        level: EventLevel::Error,
        message: "The job has a server communication error problem.",
        required_response: "Verify the network used to access the appliance, source and target are functioning and the servers are running. (The target replica of a full server to ESX job will not be running until after failover.) See the job and server log files for additional details.",
    },
    LinuxJobEvent {
        id: EventId(5711),
        level: EventLevel::Warning,
        message: "The job has a server communication warning problem.",
        required_response: "Verify the network used to access the appliance, source and target are functioning and the servers are running. (The target replica of a full server to ESX job will not be running until after failover.) See the job and server log files for additional details.",
    },
    LinuxJobEvent {
        id: EventId(5712),
        level: EventLevel::Information,
        message: "The source to target connection and the management communication are both ok.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5713),
        level: EventLevel::Error,
        message: "The source license is invalid.",
        required_response: "Verify the source has the correct Carbonite Availability and Carbonite Migrate license applied. If the license keys appear to be correct, contact technical support.",
    },
    LinuxJobEvent {
        id: EventId(5714),
        level: EventLevel::Information,
        message: "The source license is valid.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5715),
        level: EventLevel::Error,
        message: "The source engine is down or not reachable.",
        required_response: "Verify the Double-Take service is running on the source. Also verify the network used to access the source is functioning and the source is running. See the job and server log files for additional details.",
    },
    LinuxJobEvent {
        id: EventId(5716),
        level: EventLevel::Error,
        message: "The target/appliance engine is down or not reachable.",
        required_response: "Verify the Double-Take service is running on the target. Also verify the network used to access the target is functioning and the target is running. See the job and server log files for additional details.",
    },
    LinuxJobEvent {
        id: EventId(5717),
        level: EventLevel::Information,
        message: "The target/appliance engine is up and reachable.",
        required_response: "No action required.",
    },
    LinuxJobEvent {
        id: EventId(5718),
        level: EventLevel::Information,
        message: "The source engine is up and reachable.",
        required_response: "No action required.",
    },
];
