//! [`JobEvent`]: the Linux job events 5700–5718 (guide chapter 7) a job can raise.
//!
//! Levels and texts come from `logparse`'s catalogue; this type only names the IDs.

use logparse::catalog::{linux_job_event, EventId, LinuxJobEvent};

/// One of the guide's Linux job events, by what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobEvent {
    /// 5700: the job was created.
    Created = 5700,
    /// 5701: protection has started.
    ProtectionStarted = 5701,
    /// 5702: protection has been paused.
    ProtectionPaused = 5702,
    /// 5703: the job has been stopped.
    Stopped = 5703,
    /// 5704: the job has been deleted.
    Deleted = 5704,
    /// 5705: a failover has been initiated.
    FailoverInitiated = 5705,
    /// 5706: a reverse has been initiated.
    ReverseInitiated = 5706,
    /// 5707: the license requirements have not been met (no ActivationCode).
    LicenseRequirementsNotMet = 5707,
    /// 5708: the network connection to the job's servers has been lost.
    NetworkConnectionLost = 5708,
    /// 5709: any other job error.
    GeneralError = 5709,
    /// 5710: a server communication error.
    CommunicationError = 5710,
    /// 5711: a server communication warning.
    CommunicationWarning = 5711,
    /// 5712: the source-to-target connection and management communication are both OK.
    CommunicationOk = 5712,
    /// 5713: the source license is invalid.
    SourceLicenseInvalid = 5713,
    /// 5714: the source license is valid.
    SourceLicenseValid = 5714,
    /// 5715: the source engine is down or not reachable.
    SourceEngineDown = 5715,
    /// 5716: the target engine is down or not reachable.
    TargetEngineDown = 5716,
    /// 5717: the target engine is up and reachable.
    TargetEngineUp = 5717,
    /// 5718: the source engine is up and reachable.
    SourceEngineUp = 5718,
}

impl JobEvent {
    /// Every job event, by ID.
    pub const ALL: [JobEvent; 19] = [
        JobEvent::Created,
        JobEvent::ProtectionStarted,
        JobEvent::ProtectionPaused,
        JobEvent::Stopped,
        JobEvent::Deleted,
        JobEvent::FailoverInitiated,
        JobEvent::ReverseInitiated,
        JobEvent::LicenseRequirementsNotMet,
        JobEvent::NetworkConnectionLost,
        JobEvent::GeneralError,
        JobEvent::CommunicationError,
        JobEvent::CommunicationWarning,
        JobEvent::CommunicationOk,
        JobEvent::SourceLicenseInvalid,
        JobEvent::SourceLicenseValid,
        JobEvent::SourceEngineDown,
        JobEvent::TargetEngineDown,
        JobEvent::TargetEngineUp,
        JobEvent::SourceEngineUp,
    ];

    /// The event's ID.
    pub fn id(self) -> u32 {
        self as u32
    }

    /// The catalogue entry: level and text (every ID 5700–5718 has one).
    pub fn catalogue(self) -> Option<&'static LinuxJobEvent> {
        linux_job_event(EventId(self.id()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::catalog::{linux_job_events, EventLevel};

    #[test]
    fn covers_the_whole_catalogue_in_order() {
        let ids: Vec<u32> = JobEvent::ALL.iter().map(|e| e.id()).collect();
        let catalogue: Vec<u32> = linux_job_events().iter().map(|e| e.id.0).collect();
        assert_eq!(ids, catalogue);
        for event in JobEvent::ALL {
            assert!(event.catalogue().is_some(), "{event:?}");
        }
    }

    #[test]
    fn levels_come_from_the_guide() {
        let level = |e: JobEvent| e.catalogue().map(|c| c.level);
        assert_eq!(level(JobEvent::Deleted), Some(EventLevel::Warning));
        assert_eq!(level(JobEvent::TargetEngineDown), Some(EventLevel::Error));
        assert_eq!(
            level(JobEvent::CommunicationWarning),
            Some(EventLevel::Warning)
        );
        assert_eq!(
            level(JobEvent::CommunicationOk),
            Some(EventLevel::Information)
        );
    }
}
