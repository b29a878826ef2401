//! NSI-MIB's objects as test data: the vendor's OID table (module DTMIB) re-typed, and the
//! objects dtsuite adds under nsiMIB. SYNTAX and MAX-ACCESS are spelled as
//! `snmptranslate -Td` prints them; `None` where it prints no such line.

/// One OID of NSI-MIB as snmptranslate should describe it.
pub struct MibObject {
    /// The descriptor.
    pub name: &'static str,
    /// The OID, dotted, without a leading dot.
    pub oid: &'static str,
    /// The SYNTAX line's text.
    pub syntax: Option<&'static str>,
    /// The MAX-ACCESS line's text.
    pub access: Option<&'static str>,
}

const RO: Option<&str> = Some("read-only");
const NA: Option<&str> = Some("not-accessible");
const AFN: Option<&str> = Some("accessible-for-notify");
const C32: Option<&str> = Some("Counter32");
const C64: Option<&str> = Some("Counter64");
const G32: Option<&str> = Some("Gauge32");
const TICKS: Option<&str> = Some("TimeTicks");
const TEXT: Option<&str> = Some("OCTET STRING (0..255)");

/// An object with a SYNTAX and a MAX-ACCESS.
const fn obj(
    name: &'static str,
    oid: &'static str,
    syntax: Option<&'static str>,
    access: Option<&'static str>,
) -> MibObject {
    MibObject {
        name,
        oid,
        syntax,
        access,
    }
}

/// A node without SYNTAX or MAX-ACCESS (an OBJECT IDENTIFIER, group or compliance).
const fn node(name: &'static str, oid: &'static str) -> MibObject {
    obj(name, oid, None, None)
}

/// The vendor table's 44 nodes and objects under nsi, notifications apart.
pub const VENDOR_OBJECTS: [MibObject; 44] = [
    node("nsi", "1.3.6.1.4.1.2592"),
    node("nsiDoubleTake", "1.3.6.1.4.1.2592.3"),
    node("dtTraps", "1.3.6.1.4.1.2592.3.1"),
    node("dtGeneral", "1.3.6.1.4.1.2592.3.2"),
    obj("dtUpTime", "1.3.6.1.4.1.2592.3.2.1", TICKS, RO),
    obj("dtCurrentMemoryUsage", "1.3.6.1.4.1.2592.3.2.2", G32, RO),
    obj("dtMirOpsGenerated", "1.3.6.1.4.1.2592.3.2.3", C32, RO),
    obj("dtMirBytesGenerated", "1.3.6.1.4.1.2592.3.2.4", C32, RO),
    obj("dtRepOpsGenerated", "1.3.6.1.4.1.2592.3.2.5", C32, RO),
    obj("dtRepBytesGenerated", "1.3.6.1.4.1.2592.3.2.6", C32, RO),
    obj("dtFailedMirrorCount", "1.3.6.1.4.1.2592.3.2.7", C32, RO),
    obj("dtFailedRepCount", "1.3.6.1.4.1.2592.3.2.8", C32, RO),
    obj("dtActFailCount", "1.3.6.1.4.1.2592.3.2.9", C32, RO),
    obj("dtAutoDisCount", "1.3.6.1.4.1.2592.3.2.10", C32, RO),
    obj("dtAutoReCount", "1.3.6.1.4.1.2592.3.2.11", C32, RO),
    obj("dtDriverQueuePercent", "1.3.6.1.4.1.2592.3.2.12", C32, RO),
    node("dtSource", "1.3.6.1.4.1.2592.3.3"),
    obj(
        "dtSourceState",
        "1.3.6.1.4.1.2592.3.3.1",
        Some("INTEGER {notLoaded(0), loadedNoDriver(1), loadedWithDriver(2)}"),
        RO,
    ),
    node("dtTarget", "1.3.6.1.4.1.2592.3.4"),
    obj(
        "dtTargetState",
        "1.3.6.1.4.1.2592.3.4.1",
        Some("INTEGER {notLoaded(0), loaded(1)}"),
        RO,
    ),
    obj("dtRetryCount", "1.3.6.1.4.1.2592.3.4.2", C32, RO),
    obj("dtOpsDroppedCount", "1.3.6.1.4.1.2592.3.4.3", C32, RO),
    node("dtSecurity", "1.3.6.1.4.1.2592.3.5"),
    obj("dtLoginCount", "1.3.6.1.4.1.2592.3.5.1", C32, RO),
    obj("dtFailedLoginCount", "1.3.6.1.4.1.2592.3.5.2", C32, RO),
    node("dtConnection", "1.3.6.1.4.1.2592.3.6"),
    obj("dtConnectionCount", "1.3.6.1.4.1.2592.3.6.1", C32, RO),
    obj("dtConnectionTable", "1.3.6.1.4.1.2592.3.6.2", None, NA),
    obj("dtConnectionEntry", "1.3.6.1.4.1.2592.3.6.2.1", None, NA),
    obj(
        "dtConnectionIndex",
        "1.3.6.1.4.1.2592.3.6.2.1.1",
        Some("Integer32 (1..2147483647)"),
        NA,
    ),
    obj(
        "dtconIpAddress",
        "1.3.6.1.4.1.2592.3.6.2.1.2",
        Some("IpAddress"),
        RO,
    ),
    obj("dtconConnectTime", "1.3.6.1.4.1.2592.3.6.2.1.3", TICKS, RO),
    // The guide's values win over the vendor's conError(0) … conNone(4).
    obj(
        "dtconState",
        "1.3.6.1.4.1.2592.3.6.2.1.4",
        Some(
            "INTEGER {conNone(0), conActive(1), conPaused(2), conScheduled(4), \
             conError(8), conScheduledError(12)}",
        ),
        RO,
    ),
    obj("dtconOpsInCmdQueue", "1.3.6.1.4.1.2592.3.6.2.1.5", G32, RO),
    obj("dtconOpsInAckQueue", "1.3.6.1.4.1.2592.3.6.2.1.6", G32, RO),
    obj("dtconOpsInRepQueue", "1.3.6.1.4.1.2592.3.6.2.1.7", G32, RO),
    obj("dtconOpsInMirQueue", "1.3.6.1.4.1.2592.3.6.2.1.8", G32, RO),
    obj(
        "dtconBytesInRepQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.9",
        G32,
        RO,
    ),
    obj(
        "dtconBytesInMirQueue",
        "1.3.6.1.4.1.2592.3.6.2.1.10",
        G32,
        RO,
    ),
    obj("dtconOpsTx", "1.3.6.1.4.1.2592.3.6.2.1.11", C32, RO),
    obj("dtconBytesTx", "1.3.6.1.4.1.2592.3.6.2.1.12", C32, RO),
    obj("dtconOpsRx", "1.3.6.1.4.1.2592.3.6.2.1.13", C32, RO),
    obj("dtconBytesRx", "1.3.6.1.4.1.2592.3.6.2.1.14", C32, RO),
    obj("dtconResentOpCount", "1.3.6.1.4.1.2592.3.6.2.1.15", C32, RO),
];

/// The vendor's 40 traps in order: trap N is notification 1.3.6.1.4.1.2592.0.N, with the
/// vendor's spellings (Succeded, Verfication).
pub const VENDOR_NOTIFICATIONS: [&str; 40] = [
    "dttrapKernelStarted",
    "dttrapKernelStopped",
    "dttrapLicenseViolationStartingSource",
    "dttrapLicenseViolationOnNetwork",
    "dttrapSourceStarted",
    "dttrapSourceStopped",
    "dttrapTargetStarted",
    "dttrapTargetStopped",
    "dttrapConnectionRequested",
    "dttrapConnectionRequestReceived",
    "dttrapConnectionSucceded",
    "dttrapConnectionPause",
    "dttrapConnectionResume",
    "dttrapConnectionFailed",
    "dttrapConnectionLost",
    "dttrapMemoryLimitReached",
    "dttrapMemoryLimitRemedied",
    "dttrapAutoReconnect",
    "dttrapScheduledConnectStart",
    "dttrapScheduledConnectEnd",
    "dttrapAutoDisconnectWriteQueue",
    "dttrapAutoDisconnectPauseTransmission",
    "dttrapAutoDisconnectEndConnection",
    "dttrapAutoDisconnectShutdown",
    "dttrapReplicationStart",
    "dttrapReplicationStop",
    "dttrapMirrorStart",
    "dttrapMirrorStop",
    "dttrapMirrorPause",
    "dttrapMirrorResume",
    "dttrapMirrorEnd",
    "dttrapVerificationStart",
    "dttrapVerificationEnd",
    "dttrapVerficationFailure",
    "dttrapRestoreStarted",
    "dttrapRestoreComplete",
    "dttrapRepSetModified",
    "dttrapFailoverConditionMet",
    "dttrapFailoverInProgress",
    "dttrapTargetFull",
];

/// What dtsuite adds: the notifications' parent and the new arcs nsiDoubleTake 7 to 10, as
/// listed in mib/README.md.
pub const ADDED_OBJECTS: [MibObject; 42] = [
    node("nsiNotifications", "1.3.6.1.4.1.2592.0"),
    node("dtGeneralExt", "1.3.6.1.4.1.2592.3.7"),
    obj("dtCurrentMemoryUsageMB", "1.3.6.1.4.1.2592.3.7.1", G32, RO),
    obj("dtHCMirOpsGenerated", "1.3.6.1.4.1.2592.3.7.2", C64, RO),
    obj("dtHCMirBytesGenerated", "1.3.6.1.4.1.2592.3.7.3", C64, RO),
    obj("dtHCRepOpsGenerated", "1.3.6.1.4.1.2592.3.7.4", C64, RO),
    obj("dtHCRepBytesGenerated", "1.3.6.1.4.1.2592.3.7.5", C64, RO),
    obj("dtHCFailedMirrorCount", "1.3.6.1.4.1.2592.3.7.6", C64, RO),
    obj("dtHCFailedRepCount", "1.3.6.1.4.1.2592.3.7.7", C64, RO),
    obj("dtHCRetryCount", "1.3.6.1.4.1.2592.3.7.8", C64, RO),
    obj("dtHCOpsDroppedCount", "1.3.6.1.4.1.2592.3.7.9", C64, RO),
    node("dtConnectionExt", "1.3.6.1.4.1.2592.3.8"),
    obj("dtConnectionExtTable", "1.3.6.1.4.1.2592.3.8.1", None, NA),
    obj("dtConnectionExtEntry", "1.3.6.1.4.1.2592.3.8.1.1", None, NA),
    obj(
        "dtconBytesCompressedTx",
        "1.3.6.1.4.1.2592.3.8.1.1.1",
        C32,
        RO,
    ),
    obj("dtconHCOpsTx", "1.3.6.1.4.1.2592.3.8.1.1.2", C64, RO),
    obj("dtconHCBytesTx", "1.3.6.1.4.1.2592.3.8.1.1.3", C64, RO),
    obj("dtconHCOpsRx", "1.3.6.1.4.1.2592.3.8.1.1.4", C64, RO),
    obj("dtconHCBytesRx", "1.3.6.1.4.1.2592.3.8.1.1.5", C64, RO),
    obj(
        "dtconHCResentOpCount",
        "1.3.6.1.4.1.2592.3.8.1.1.6",
        C64,
        RO,
    ),
    obj(
        "dtconHCBytesCompressedTx",
        "1.3.6.1.4.1.2592.3.8.1.1.7",
        C64,
        RO,
    ),
    obj(
        "dtconReplicationSetName",
        "1.3.6.1.4.1.2592.3.8.1.1.8",
        TEXT,
        RO,
    ),
    obj("dtconTargetName", "1.3.6.1.4.1.2592.3.8.1.1.9", TEXT, RO),
    obj(
        "dtconTargetDataState",
        "1.3.6.1.4.1.2592.3.8.1.1.10",
        Some(
            "INTEGER {ok(1), mirroring(2), mirrorRequired(3), restoreRequired(4), \
             snapshotReverted(5), busy(6), notLoaded(7), notReady(8), unknown(9), \
             disconnected(10)}",
        ),
        RO,
    ),
    obj(
        "dtconMirrorStatus",
        "1.3.6.1.4.1.2592.3.8.1.1.11",
        Some(
            "INTEGER {calculating(1), inProgress(2), waiting(3), idle(4), paused(5), \
             stopped(6), removingOrphans(7), verifying(8), restoring(9), unknown(10)}",
        ),
        RO,
    ),
    obj(
        "dtconMirrorPercent",
        "1.3.6.1.4.1.2592.3.8.1.1.12",
        Some("Gauge32 (0..100)"),
        RO,
    ),
    obj(
        "dtconRecoveryPointLag",
        "1.3.6.1.4.1.2592.3.8.1.1.13",
        G32,
        RO,
    ),
    node("dtNotifyObjects", "1.3.6.1.4.1.2592.3.9"),
    obj(
        "dtNotifyEventId",
        "1.3.6.1.4.1.2592.3.9.1",
        Some("Unsigned32"),
        AFN,
    ),
    obj("dtNotifyMessage", "1.3.6.1.4.1.2592.3.9.2", TEXT, AFN),
    obj(
        "dtNotifyConnectionId",
        "1.3.6.1.4.1.2592.3.9.3",
        Some("Unsigned32"),
        AFN,
    ),
    node("nsiMIB", "1.3.6.1.4.1.2592.3.10"),
    node("dtConformance", "1.3.6.1.4.1.2592.3.10.1"),
    node("dtCompliances", "1.3.6.1.4.1.2592.3.10.1.1"),
    node("dtCompliance", "1.3.6.1.4.1.2592.3.10.1.1.1"),
    node("dtGroups", "1.3.6.1.4.1.2592.3.10.1.2"),
    node("dtScalarGroup", "1.3.6.1.4.1.2592.3.10.1.2.1"),
    node("dtConnectionGroup", "1.3.6.1.4.1.2592.3.10.1.2.2"),
    node("dtScalarExtGroup", "1.3.6.1.4.1.2592.3.10.1.2.3"),
    node("dtConnectionExtGroup", "1.3.6.1.4.1.2592.3.10.1.2.4"),
    node("dtNotifyObjectGroup", "1.3.6.1.4.1.2592.3.10.1.2.5"),
    node("dtNotificationGroup", "1.3.6.1.4.1.2592.3.10.1.2.6"),
];
