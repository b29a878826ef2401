//! The OID numbers of NSI-MIB: the vendor's objects (unchanged) and dtsuite's new arcs.
//!
//! This file is the one place the sub-agent spells OID numbers; `mib/NSI-MIB.txt`
//! must assign the same ones. Vendor OIDs come from the vendor's module DTMIB.
//! Everything dtsuite adds lives under two new arcs of `nsiDoubleTake`, so no vendor
//! OID changes meaning:
//!
//! - `dtGeneralExt` (`nsiDoubleTake.7`): new scalars (`dtCurrentMemoryUsageMB`, the
//!   Counter64 twins of the engine's byte and operation counters);
//! - `dtConnectionExt` (`nsiDoubleTake.8`): `dtConnectionExtTable`, whose entry
//!   AUGMENTS `dtConnectionEntry` (same index, `dtConnectionIndex`), with the guide's
//!   `dtconBytesCompressedTx`, Counter64 twins of the connection counters and the
//!   columns operators look for (replication set, target, target data state, mirror
//!   status, mirror percent, recovery point lag).
//!
//! `mib/NSI-MIB.txt` also puts `dtNotifyObjects` (accessible-for-notify varbinds, never
//! served by Get) at `nsiDoubleTake.9` and its MODULE-IDENTITY `nsiMIB` at `nsiDoubleTake.10`.

/// `nsi`: the vendor's enterprise arc, 1.3.6.1.4.1.2592 (notifications are `nsi.0.N`).
pub const NSI: &[u32] = &[1, 3, 6, 1, 4, 1, 2592];
/// `nsiDoubleTake`: the subtree the sub-agent registers and serves.
pub const NSI_DOUBLE_TAKE: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3];

/// `dtGeneral.dtUpTime` (TimeTicks).
pub const DT_UP_TIME: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 1];
/// `dtGeneral.dtCurrentMemoryUsage` (Gauge32, bytes).
pub const DT_CURRENT_MEMORY_USAGE: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 2];
/// `dtGeneral.dtMirOpsGenerated` (Counter32).
pub const DT_MIR_OPS_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 3];
/// `dtGeneral.dtMirBytesGenerated` (Counter32).
pub const DT_MIR_BYTES_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 4];
/// `dtGeneral.dtRepOpsGenerated` (Counter32).
pub const DT_REP_OPS_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 5];
/// `dtGeneral.dtRepBytesGenerated` (Counter32).
pub const DT_REP_BYTES_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 6];
/// `dtGeneral.dtFailedMirrorCount` (Counter32).
pub const DT_FAILED_MIRROR_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 7];
/// `dtGeneral.dtFailedRepCount` (Counter32).
pub const DT_FAILED_REP_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 8];
/// `dtGeneral.dtActFailCount` (Counter32).
pub const DT_ACT_FAIL_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 9];
/// `dtGeneral.dtAutoDisCount` (Counter32).
pub const DT_AUTO_DIS_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 10];
/// `dtGeneral.dtAutoReCount` (Counter32).
pub const DT_AUTO_RE_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 11];
/// `dtGeneral.dtDriverQueuePercent` (Counter32 in the vendor MIB, a percentage).
pub const DT_DRIVER_QUEUE_PERCENT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 12];
/// `dtSource.dtSourceState` (INTEGER 0..2).
pub const DT_SOURCE_STATE: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 3, 1];
/// `dtTarget.dtTargetState` (INTEGER 0..1).
pub const DT_TARGET_STATE: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 4, 1];
/// `dtTarget.dtRetryCount` (Counter32).
pub const DT_RETRY_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 4, 2];
/// `dtTarget.dtOpsDroppedCount` (Counter32).
pub const DT_OPS_DROPPED_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 4, 3];
/// `dtSecurity.dtLoginCount` (Counter32).
pub const DT_LOGIN_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 5, 1];
/// `dtSecurity.dtFailedLoginCount` (Counter32).
pub const DT_FAILED_LOGIN_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 5, 2];
/// `dtConnection.dtConnectionCount` (Counter32 in the vendor MIB, a count of connections).
pub const DT_CONNECTION_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 6, 1];

/// `dtConnectionTable.dtConnectionEntry`: the vendor table's rows; column `C` of the
/// row with index `I` is `DT_CONNECTION_ENTRY.C.I`.
pub const DT_CONNECTION_ENTRY: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 6, 2, 1];
/// Column 1, `dtConnectionIndex` (not-accessible: the index, the connection ID).
pub const DT_CONNECTION_INDEX_COLUMN: u32 = 1;
/// Column 2, `dtconIpAddress` (IpAddress).
pub const DTCON_IP_ADDRESS: u32 = 2;
/// Column 3, `dtconConnectTime` (TimeTicks).
pub const DTCON_CONNECT_TIME: u32 = 3;
/// Column 4, `dtconState` (INTEGER, the guide's bit values 0, 1, 2, 4, 8, 12).
pub const DTCON_STATE: u32 = 4;
/// Column 5, `dtconOpsInCmdQueue` (Gauge32).
pub const DTCON_OPS_IN_CMD_QUEUE: u32 = 5;
/// Column 6, `dtconOpsInAckQueue` (Gauge32).
pub const DTCON_OPS_IN_ACK_QUEUE: u32 = 6;
/// Column 7, `dtconOpsInRepQueue` (Gauge32).
pub const DTCON_OPS_IN_REP_QUEUE: u32 = 7;
/// Column 8, `dtconOpsInMirQueue` (Gauge32).
pub const DTCON_OPS_IN_MIR_QUEUE: u32 = 8;
/// Column 9, `dtconBytesInRepQueue` (Gauge32).
pub const DTCON_BYTES_IN_REP_QUEUE: u32 = 9;
/// Column 10, `dtconBytesInMirQueue` (Gauge32).
pub const DTCON_BYTES_IN_MIR_QUEUE: u32 = 10;
/// Column 11, `dtconOpsTx` (Counter32).
pub const DTCON_OPS_TX: u32 = 11;
/// Column 12, `dtconBytesTx` (Counter32).
pub const DTCON_BYTES_TX: u32 = 12;
/// Column 13, `dtconOpsRx` (Counter32).
pub const DTCON_OPS_RX: u32 = 13;
/// Column 14, `dtconBytesRx` (Counter32).
pub const DTCON_BYTES_RX: u32 = 14;
/// Column 15, `dtconResentOpCount` (Counter32).
pub const DTCON_RESENT_OP_COUNT: u32 = 15;

/// `dtGeneralExt` (new arc, `nsiDoubleTake.7`): dtsuite's additional scalars.
pub const DT_GENERAL_EXT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7];
/// `dtGeneralExt.dtCurrentMemoryUsageMB` (Gauge32, MiB: the guide lists it, DTMIB lacks it).
pub const DT_CURRENT_MEMORY_USAGE_MB: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 1];
/// `dtGeneralExt.dtHCMirOpsGenerated` (Counter64 twin of `dtMirOpsGenerated`).
pub const DT_HC_MIR_OPS_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 2];
/// `dtGeneralExt.dtHCMirBytesGenerated` (Counter64 twin of `dtMirBytesGenerated`).
pub const DT_HC_MIR_BYTES_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 3];
/// `dtGeneralExt.dtHCRepOpsGenerated` (Counter64 twin of `dtRepOpsGenerated`).
pub const DT_HC_REP_OPS_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 4];
/// `dtGeneralExt.dtHCRepBytesGenerated` (Counter64 twin of `dtRepBytesGenerated`).
pub const DT_HC_REP_BYTES_GENERATED: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 5];
/// `dtGeneralExt.dtHCFailedMirrorCount` (Counter64 twin of `dtFailedMirrorCount`).
pub const DT_HC_FAILED_MIRROR_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 6];
/// `dtGeneralExt.dtHCFailedRepCount` (Counter64 twin of `dtFailedRepCount`).
pub const DT_HC_FAILED_REP_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 7];
/// `dtGeneralExt.dtHCRetryCount` (Counter64 twin of `dtRetryCount`).
pub const DT_HC_RETRY_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 8];
/// `dtGeneralExt.dtHCOpsDroppedCount` (Counter64 twin of `dtOpsDroppedCount`).
pub const DT_HC_OPS_DROPPED_COUNT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 7, 9];

/// `dtConnectionExt` (new arc, `nsiDoubleTake.8`): dtsuite's connection objects.
pub const DT_CONNECTION_EXT: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 8];
/// `dtConnectionExtTable.dtConnectionExtEntry` (AUGMENTS `dtConnectionEntry`): column
/// `C` of the row with index `I` is `DT_CONNECTION_EXT_ENTRY.C.I`.
pub const DT_CONNECTION_EXT_ENTRY: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 8, 1, 1];
/// Column 1, `dtconBytesCompressedTx` (Counter32: the guide lists it, DTMIB lacks it).
pub const DTCON_BYTES_COMPRESSED_TX: u32 = 1;
/// Column 2, `dtconHCOpsTx` (Counter64 twin of `dtconOpsTx`).
pub const DTCON_HC_OPS_TX: u32 = 2;
/// Column 3, `dtconHCBytesTx` (Counter64 twin of `dtconBytesTx`).
pub const DTCON_HC_BYTES_TX: u32 = 3;
/// Column 4, `dtconHCOpsRx` (Counter64 twin of `dtconOpsRx`).
pub const DTCON_HC_OPS_RX: u32 = 4;
/// Column 5, `dtconHCBytesRx` (Counter64 twin of `dtconBytesRx`).
pub const DTCON_HC_BYTES_RX: u32 = 5;
/// Column 6, `dtconHCResentOpCount` (Counter64 twin of `dtconResentOpCount`).
pub const DTCON_HC_RESENT_OP_COUNT: u32 = 6;
/// Column 7, `dtconHCBytesCompressedTx` (Counter64 twin of `dtconBytesCompressedTx`).
pub const DTCON_HC_BYTES_COMPRESSED_TX: u32 = 7;
/// Column 8, `dtconReplicationSetName` (DisplayString: the replication set sent).
pub const DTCON_REPLICATION_SET_NAME: u32 = 8;
/// Column 9, `dtconTargetName` (DisplayString: the target server's name).
pub const DTCON_TARGET_NAME: u32 = 9;
/// Column 10, `dtconTargetDataState` (INTEGER, see [`super::TargetDataState`]).
pub const DTCON_TARGET_DATA_STATE: u32 = 10;
/// Column 11, `dtconMirrorStatus` (INTEGER, see [`super::MirrorStatus`]).
pub const DTCON_MIRROR_STATUS: u32 = 11;
/// Column 12, `dtconMirrorPercent` (Gauge32 0..100, whole percent, rounded down).
pub const DTCON_MIRROR_PERCENT: u32 = 12;
/// Column 13, `dtconRecoveryPointLag` (Gauge32, seconds replication is behind: ConRPL).
pub const DTCON_RECOVERY_POINT_LAG: u32 = 13;

/// `dtNotifyObjects` (new arc, `nsiDoubleTake.9`): varbinds of notifications only.
pub const DT_NOTIFY_OBJECTS: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 9];
/// `dtNotifyObjects.dtNotifyEventId` (Unsigned32, accessible-for-notify: the event ID).
pub const DT_NOTIFY_EVENT_ID: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 9, 1];
/// `dtNotifyObjects.dtNotifyMessage` (DisplayString, accessible-for-notify: the event's text).
pub const DT_NOTIFY_MESSAGE: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 9, 2];
/// `dtNotifyObjects.dtNotifyConnectionId` (Unsigned32, accessible-for-notify: the connection ID).
pub const DT_NOTIFY_CONNECTION_ID: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 9, 3];
