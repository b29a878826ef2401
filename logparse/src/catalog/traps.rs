use super::EventId;
use serde::Serialize;
use std::sync::OnceLock;

/// The vendor's enterprise OID, `nsi` in the MIB: 1.3.6.1.4.1.2592.
pub const ENTERPRISE_OID: [u32; 7] = [1, 3, 6, 1, 4, 1, 2592];

/// How sure the mapping from a trap to the events that raise it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Confidence {
    /// The event says exactly what the trap says.
    High,
    /// The event is the closest match but not worded as the trap.
    Medium,
    /// A guess: the event is related but not specific to the trap.
    Low,
}

/// One of the MIB's `dttrap*` notifications (SMIv1 `TRAP-TYPE`, `ENTERPRISE nsi`).
///
/// In SNMPv1 it is sent as enterprise [`ENTERPRISE_OID`], generic-trap 6, specific-trap
/// `number`; in SNMPv2 and AgentX as `snmpTrapOID.0` = [`Trap::notification_oid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Trap {
    /// The trap number (`::= N` in the MIB), 1–40.
    pub number: u32,
    /// The MIB's name, including its misspellings `dttrapConnectionSucceded` and
    /// `dttrapVerficationFailure`: it is the name SNMP managers resolve.
    pub name: &'static str,
    /// The name as chapter 11 of the guide spells it; `None` for the two traps the guide
    /// does not list (21 and 24).
    pub guide_name: Option<&'static str>,
    /// The guide's description, or the MIB's where the guide has none.
    pub description: &'static str,
    /// The MIB's `DESCRIPTION`.
    pub mib_description: &'static str,
    /// The engine events that raise this trap; empty when no event matches it.
    pub raised_by: &'static [EventId],
    /// How sure `raised_by` is; `None` exactly when `raised_by` is empty.
    pub confidence: Option<Confidence>,
}

impl Trap {
    /// The SNMPv2 notification OID: 1.3.6.1.4.1.2592.0.`number`.
    pub fn notification_oid(&self) -> [u32; 9] {
        let [a, b, c, d, e, f, g] = ENTERPRISE_OID;
        [a, b, c, d, e, f, g, 0, self.number]
    }
}

/// Every trap, sorted by number.
pub fn traps() -> &'static [Trap] {
    &TRAPS
}

/// The trap with this number.
pub fn trap_by_number(number: u32) -> Option<&'static Trap> {
    TRAPS
        .binary_search_by_key(&number, |trap| trap.number)
        .ok()
        .and_then(|at| TRAPS.get(at))
}

/// The trap with this name, in the MIB's spelling or the guide's (case-sensitive).
pub fn trap_by_name(name: &str) -> Option<&'static Trap> {
    static BY_NAME: OnceLock<Vec<(&'static str, usize)>> = OnceLock::new();
    let index = BY_NAME.get_or_init(|| {
        let mut index: Vec<_> = TRAPS
            .iter()
            .enumerate()
            .flat_map(|(at, trap)| {
                let guide_name = trap.guide_name.filter(|guide| *guide != trap.name);
                std::iter::once((trap.name, at)).chain(guide_name.map(|guide| (guide, at)))
            })
            .collect();
        index.sort_unstable();
        index
    });
    index
        .binary_search_by_key(&name, |(name, _)| name)
        .ok()
        .and_then(|at| index.get(at))
        .and_then(|(_, trap)| TRAPS.get(*trap))
}

/// The traps an engine event raises, by trap number. An event may raise several: 4014 and
/// 4015 map to the connection traps (medium) and to the scheduled-connection traps (low);
/// filter on [`Trap::confidence`] to keep only the surer ones.
pub fn traps_raised_by(id: EventId) -> impl Iterator<Item = &'static Trap> {
    static BY_EVENT: OnceLock<Vec<(EventId, usize)>> = OnceLock::new();
    let index = BY_EVENT.get_or_init(|| {
        let mut index: Vec<_> = TRAPS
            .iter()
            .enumerate()
            .flat_map(|(at, trap)| trap.raised_by.iter().map(move |event| (*event, at)))
            .collect();
        index.sort_unstable();
        index
    });
    let start = index.partition_point(|(event, _)| *event < id);
    index[start..]
        .iter()
        .take_while(move |(event, _)| *event == id)
        .filter_map(|(_, at)| TRAPS.get(*at))
}

static TRAPS: [Trap; 40] = [
    Trap {
        number: 1,
        name: "dttrapKernelStarted",
        guide_name: Some("dttrapKernelStarted"),
        description: "Carbonite Availability and Carbonite Migrate has started",
        mib_description: "The Double-Take kernel has started.",
        raised_by: &[EventId(4000)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 2,
        name: "dttrapKernelStopped",
        guide_name: Some("dttrapKernelStopped"),
        description: "Carbonite Availability and Carbonite Migrate has stopped",
        mib_description: "The Double-Take kernel has stopped.",
        raised_by: &[EventId(4005)],
        confidence: Some(Confidence::High),
    },
    // No single event: the license failures 7, 4038, 4040–4043 and 4066 are candidates.
    Trap {
        number: 3,
        name: "dttrapLicenseViolationStartingSource",
        guide_name: Some("dttrapLicenseViolationStartingSource"),
        description: "The source or target cannot be started due to a license violation",
        mib_description: "Double-Take source or target cannot be started due to a license violation.",
        raised_by: &[],
        confidence: None,
    },
    Trap {
        number: 4,
        name: "dttrapLicenseViolationOnNetwork",
        guide_name: Some("dttrapLicenseViolationOnNetwork"),
        description: "A Carbonite Availability and Carbonite Migrate serial number conflict was identified on the network",
        mib_description: "A Double-Take serial number conflict was identified on the network.",
        raised_by: &[EventId(4)],
        confidence: Some(Confidence::Medium),
    },
    Trap {
        number: 5,
        name: "dttrapSourceStarted",
        guide_name: Some("dttrapSourceStarted"),
        description: "The Carbonite Availability and Carbonite Migrate source component has started",
        mib_description: "The Double-Take source module has started.",
        raised_by: &[EventId(4002)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 6,
        name: "dttrapSourceStopped",
        guide_name: Some("dttrapSourceStopped"),
        description: "The Carbonite Availability and Carbonite Migrate source component has stopped",
        mib_description: "The Double-Take source module has stopped.",
        raised_by: &[EventId(4003)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 7,
        name: "dttrapTargetStarted",
        guide_name: Some("dttrapTargetStarted"),
        description: "The Carbonite Availability and Carbonite Migrate target component has started",
        mib_description: "The Double-Take target module has started.",
        raised_by: &[EventId(4001)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 8,
        name: "dttrapTargetStopped",
        guide_name: Some("dttrapTargetStopped"),
        description: "The Carbonite Availability and Carbonite Migrate target component has stopped",
        mib_description: "The Double-Take target module is stopped.",
        raised_by: &[EventId(4004)],
        confidence: Some(Confidence::High),
    },
    // No event reports a connection request.
    Trap {
        number: 9,
        name: "dttrapConnectionRequested",
        guide_name: Some("dttrapConnectionRequested"),
        description: "The source has requested a connection to the target",
        mib_description: "A NetOriginator has attempted to connect to a NetResponder normally.",
        raised_by: &[],
        confidence: None,
    },
    // No event reports a received connection request.
    Trap {
        number: 10,
        name: "dttrapConnectionRequestReceived",
        guide_name: Some("dttrapConnectionRequestReceived"),
        description: "The target has received a connection request from the source",
        mib_description: "A NetController received a request to start a new connection.",
        raised_by: &[],
        confidence: None,
    },
    // The MIB spells it `Succeded`; the guide `Succeeded`.
    Trap {
        number: 11,
        name: "dttrapConnectionSucceded",
        guide_name: Some("dttrapConnectionSucceeded"),
        description: "The source to target connection has been established",
        mib_description: "A NetOriginator successfully achieved a connection.",
        raised_by: &[EventId(4016)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 12,
        name: "dttrapConnectionPause",
        guide_name: Some("dttrapConnectionPause"),
        description: "The source to target transmission has paused",
        mib_description: "A Transmission was paused.",
        raised_by: &[EventId(4015)],
        confidence: Some(Confidence::Medium),
    },
    Trap {
        number: 13,
        name: "dttrapConnectionResume",
        guide_name: Some("dttrapConnectionResume"),
        description: "The source to target transmission has resumed",
        mib_description: "A Transmission was resumed.",
        raised_by: &[EventId(4014)],
        confidence: Some(Confidence::Medium),
    },
    // Only auto-reconnect reports a failed connection (4011); error 145 is not an event.
    Trap {
        number: 14,
        name: "dttrapConnectionFailed",
        guide_name: Some("dttrapConnectionFailed"),
        description: "The source to target connection was not successful",
        mib_description: "A NetOriginator was not successful in achieving a connection.",
        raised_by: &[EventId(4011)],
        confidence: Some(Confidence::Low),
    },
    Trap {
        number: 15,
        name: "dttrapConnectionLost",
        guide_name: Some("dttrapConnectionLost"),
        description: "The source to target connection has been disconnected",
        mib_description: "A connection was lost by the NetOriginator or NetResponder.",
        raised_by: &[EventId(4017)],
        confidence: Some(Confidence::High),
    },
    // 8196 is the driver's queue-memory limit; 4072 (queue threshold) is another candidate.
    Trap {
        number: 16,
        name: "dttrapMemoryLimitReached",
        guide_name: Some("dttrapMemoryLimitReached"),
        description: "The Carbonite Availability and Carbonite Migrate memory pool limit has been reached",
        mib_description: "The Double-Take memory pool limit was exceeded.",
        raised_by: &[EventId(8196)],
        confidence: Some(Confidence::Low),
    },
    // No event reports the memory pool recovering.
    Trap {
        number: 17,
        name: "dttrapMemoryLimitRemedied",
        guide_name: Some("dttrapMemoryLimitRemedied"),
        description: "The memory pool usage is below the maximum limit specified",
        mib_description: "Memory has been freed to bring the Double-Take memory pool usage below the limit.",
        raised_by: &[],
        confidence: None,
    },
    Trap {
        number: 18,
        name: "dttrapAutoReconnect",
        guide_name: Some("dttrapAutoReconnect"),
        description: "Auto-reconnect needs to make a new connection",
        mib_description: "Auto reconnect needs to make a new connection.",
        raised_by: &[EventId(4009)],
        confidence: Some(Confidence::Medium),
    },
    // No event is specific to a schedule; 4014 also raises dttrapConnectionResume.
    Trap {
        number: 19,
        name: "dttrapScheduledConnectStart",
        guide_name: Some("dttrapScheduledConnectStart"),
        description: "A scheduled connection has been started",
        mib_description: "Start of a scheduled connect period.",
        raised_by: &[EventId(4014)],
        confidence: Some(Confidence::Low),
    },
    // No event is specific to a schedule; 4015 also raises dttrapConnectionPause.
    Trap {
        number: 20,
        name: "dttrapScheduledConnectEnd",
        guide_name: Some("dttrapScheduledConnectEnd"),
        description: "A scheduled end connection has been reached and the connection has been disconnected",
        mib_description: "End of a scheduled connect period.",
        raised_by: &[EventId(4015)],
        confidence: Some(Confidence::Low),
    },
    // In the MIB only: the guide does not list it and no event reports it.
    Trap {
        number: 21,
        name: "dttrapAutoDisconnectWriteQueue",
        guide_name: None,
        description: "Auto disconnect forced a queue to be written to disk.",
        mib_description: "Auto disconnect forced a queue to be written to disk.",
        raised_by: &[],
        confidence: None,
    },
    // 4007 starts an auto-disconnect; no event names a pause request.
    Trap {
        number: 22,
        name: "dttrapAutoDisconnectPauseTransmission",
        guide_name: Some("dttrapAutoDisconnectPauseTransmission"),
        description: "Auto-disconnect requested that the source pause sending any operations (create, modify, or delete)",
        mib_description: "Auto disconnect requested a source to pause sending ops.",
        raised_by: &[EventId(4007)],
        confidence: Some(Confidence::Low),
    },
    Trap {
        number: 23,
        name: "dttrapAutoDisconnectEndConnection",
        guide_name: Some("dttrapAutoDisconnectEndConnection"),
        description: "Auto-disconnect has intentionally dropped the connection",
        mib_description: "Auto disconnect dropped a connection.",
        raised_by: &[EventId(4008)],
        confidence: Some(Confidence::Medium),
    },
    // In the MIB only: the guide does not list it and no event reports it.
    Trap {
        number: 24,
        name: "dttrapAutoDisconnectShutdown",
        guide_name: None,
        description: "Auto disconnect was forced to shut down Double-Take.",
        mib_description: "Auto disconnect was forced to shut down Double-Take.",
        raised_by: &[],
        confidence: None,
    },
    Trap {
        number: 25,
        name: "dttrapReplicationStart",
        guide_name: Some("dttrapReplicationStart"),
        description: "Replication has started",
        mib_description: "Replication was started on a connection.",
        raised_by: &[EventId(4024)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 26,
        name: "dttrapReplicationStop",
        guide_name: Some("dttrapReplicationStop"),
        description: "Replication has stopped",
        mib_description: "Replication was stopped on a connection.",
        raised_by: &[EventId(4025)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 27,
        name: "dttrapMirrorStart",
        guide_name: Some("dttrapMirrorStart"),
        description: "Mirroring has started",
        mib_description: "Mirroring was started on a connection.",
        raised_by: &[EventId(4019)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 28,
        name: "dttrapMirrorStop",
        guide_name: Some("dttrapMirrorStop"),
        description: "Mirroring has stopped",
        mib_description: "Mirroring was stopped on a connection.",
        raised_by: &[EventId(4022)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 29,
        name: "dttrapMirrorPause",
        guide_name: Some("dttrapMirrorPause"),
        description: "Mirroring has paused",
        mib_description: "Mirroring was paused on a connection.",
        raised_by: &[EventId(4020)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 30,
        name: "dttrapMirrorResume",
        guide_name: Some("dttrapMirrorResume"),
        description: "Mirroring has resumed",
        mib_description: "Mirroring was resumed on a connection.",
        raised_by: &[EventId(4021)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 31,
        name: "dttrapMirrorEnd",
        guide_name: Some("dttrapMirrorEnd"),
        description: "Mirroring has ended",
        mib_description: "Mirroring has ended on a connection.",
        raised_by: &[EventId(4023)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 32,
        name: "dttrapVerificationStart",
        guide_name: Some("dttrapVerificationStart"),
        description: "Verification has started",
        mib_description: "Verification was started.",
        raised_by: &[EventId(4058)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 33,
        name: "dttrapVerificationEnd",
        guide_name: Some("dttrapVerificationEnd"),
        description: "Verification has ended",
        mib_description: "Verification is finished.",
        raised_by: &[EventId(4062)],
        confidence: Some(Confidence::High),
    },
    // The MIB spells it `Verfication`; no event reports a failed verification.
    Trap {
        number: 34,
        name: "dttrapVerficationFailure",
        guide_name: Some("dttrapVerificationFailure"),
        description: "Verification has failed because the source and target are not synchronized",
        mib_description: "Verification found the source and target out of sync.",
        raised_by: &[],
        confidence: None,
    },
    Trap {
        number: 35,
        name: "dttrapRestoreStarted",
        guide_name: Some("dttrapRestoreStarted"),
        description: "Restoration has started",
        mib_description: "Restoration has begun.",
        raised_by: &[EventId(4053)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 36,
        name: "dttrapRestoreComplete",
        guide_name: Some("dttrapRestoreComplete"),
        description: "Restoration has ended",
        mib_description: "Restoration has finished.",
        raised_by: &[EventId(4057)],
        confidence: Some(Confidence::High),
    },
    Trap {
        number: 37,
        name: "dttrapRepSetModified",
        guide_name: Some("dttrapRepSetModified"),
        description: "The replication set has been modified",
        mib_description: "The replication set was modified.",
        raised_by: &[EventId(4073)],
        confidence: Some(Confidence::High),
    },
    // The same condition for standard (6010), host-level (6213) and full server (6300) jobs.
    Trap {
        number: 38,
        name: "dttrapFailoverConditionMet",
        guide_name: Some("dttrapFailoverConditionMet"),
        description: "Manual intervention is required because failover has detected a failed source machine",
        mib_description: "A Failover Condition has been met. User intervention is necessary!",
        raised_by: &[EventId(6010), EventId(6213), EventId(6300)],
        confidence: Some(Confidence::Medium),
    },
    // 6110 and 6210 are the same "has started a failover" message for two job families.
    Trap {
        number: 39,
        name: "dttrapFailoverInProgress",
        guide_name: Some("dttrapFailoverInProgress"),
        description: "Failover or cutover is occurring",
        mib_description: "Failover is in progress!",
        raised_by: &[EventId(6110), EventId(6210)],
        confidence: Some(Confidence::Low),
    },
    Trap {
        number: 40,
        name: "dttrapTargetFull",
        guide_name: Some("dttrapTargetFull"),
        description: "The target is full",
        mib_description: "Target is full.",
        raised_by: &[EventId(4110)],
        confidence: Some(Confidence::Medium),
    },
];
