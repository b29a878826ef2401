//! dtsuite's own DT.conf settings, in the same style as the guide's. With them several
//! engines run side by side on one host by configuration alone: give each its own
//! `ManagementPort`, `StatsPort`, `NetPort`, `LogDir`, `JobLogDir` and `DataDir`.

use super::kind::Kind;
use super::table::{DefaultValue, Restart, Setting};

/// Loopback: the management port, the stats server and the replication port listen on
/// this host only unless configured otherwise.
pub const DEFAULT_LOOPBACK: &str = "127.0.0.1";

/// `DataDir`: where replication sets and jobs persist; also the "install location" the
/// guide's path settings default to.
pub const DEFAULT_DATA_DIR: &str = "/var/lib/dtsuite";

/// `JobLogDir`: where the `job-<GUID>.log` files go (guide chapter 7).
pub const DEFAULT_JOB_LOG_DIR: &str = "/opt/dbtk/log";

/// dtsuite's settings (7 rows).
pub static DTSUITE_SETTINGS: [Setting; 7] = [
    // The guide's engine listens on NetPort on every interface; dtsuite's replication
    // port has no authentication yet (REPLICATION-PROTOCOL.md), so it listens on
    // loopback unless an operator opens it (NetAddress=0.0.0.0).
    Setting {
        name: "NetAddress",
        description: "Address the replication port (NetPort) listens on",
        kind: Kind::Address,
        default: DefaultValue::Value(DEFAULT_LOOPBACK),
        restart: Restart::Yes,
        engine_uses: true,
    },
    Setting {
        name: "ManagementAddress",
        description: "Address the management port (dtctl's) listens on",
        kind: Kind::Address,
        default: DefaultValue::Value(DEFAULT_LOOPBACK),
        restart: Restart::Yes,
        engine_uses: true,
    },
    Setting {
        name: "ManagementPort",
        description: "TCP port of the management protocol (dtctl --engine HOST:PORT)",
        kind: Kind::Number {
            min: 1025,
            max: 65535,
            special: None,
        },
        default: DefaultValue::Value("1501"),
        restart: Restart::Yes,
        engine_uses: true,
    },
    Setting {
        name: "StatsAddress",
        description: "Address the statistics server (StatsPort) listens on",
        kind: Kind::Address,
        default: DefaultValue::Value(DEFAULT_LOOPBACK),
        restart: Restart::Yes,
        engine_uses: true,
    },
    Setting {
        name: "JobLogDir",
        description: "Directory of the job logs, job-<GUID>.log",
        kind: Kind::Path,
        default: DefaultValue::Value(DEFAULT_JOB_LOG_DIR),
        restart: Restart::Yes,
        engine_uses: true,
    },
    Setting {
        name: "DataDir",
        description: "Directory where replication sets and jobs persist; the install location other paths default to",
        kind: Kind::Path,
        default: DefaultValue::Value(DEFAULT_DATA_DIR),
        restart: Restart::Yes,
        engine_uses: true,
    },
    Setting {
        name: "JobMonitorInterval",
        description: "Seconds between the checks of each active job's source and target engines (events 5715-5718)",
        kind: Kind::Number {
            min: 1,
            max: 3600,
            special: None,
        },
        default: DefaultValue::Value("5"),
        restart: Restart::Yes,
        engine_uses: true,
    },
];
