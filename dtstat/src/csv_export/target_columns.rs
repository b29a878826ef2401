//! The `-st` columns: one row per snapshot and Target section (peer address).

use logparse::sts::TargetStats;

use super::column::{columns, timestamp, Column};
use super::value::Value;

type C = Column<TargetStats>;

/// Every `-st` column, in order: the Date/Time Stamp, then the guide's Target category.
pub(crate) fn target_columns() -> Vec<C> {
    let mut columns = vec![timestamp()];
    columns.extend(TARGET);
    columns
}

columns! {
/// The guide's Target category.
TARGET, push_target_cells: [TargetStats; 15] = [
    C {
        header: "PeerAddress",
        value: |_, t| Value::Address(t.peer_address),
    },
    C {
        header: "LocalAddress",
        value: |_, t| Value::Address(t.local_address),
    },
    C {
        header: "Ops Received",
        value: |_, t| Value::Count(t.ops_received),
    },
    C {
        header: "Mirror Ops Received",
        value: |_, t| Value::Count(t.mirror_ops_received),
    },
    C {
        header: "Retries",
        value: |_, t| Value::Count(t.retries),
    },
    C {
        header: "OpsDropped",
        value: |_, t| Value::Count(t.ops_dropped),
    },
    C {
        header: "Ops Remaining",
        value: |_, t| Value::Count(t.ops_remaining),
    },
    C {
        header: "Orphan Files Removed",
        value: |_, t| Value::Count(t.orphan_files_removed),
    },
    C {
        header: "Orphan Directories Removed",
        value: |_, t| Value::Count(t.orphan_directories_removed),
    },
    C {
        header: "Orphan Bytes Removed",
        value: |_, t| Value::Count(t.orphan_bytes_removed),
    },
    C {
        header: "Bytes In Target Queue",
        value: |_, t| Value::Count(t.bytes_in_target_queue),
    },
    C {
        header: "Bytes In Target Disk Queue",
        value: |_, t| Value::Count(t.bytes_in_target_disk_queue),
    },
    C {
        header: "TasksSucceeded",
        value: |_, t| Value::Count(t.tasks_succeeded),
    },
    C {
        header: "TasksFailed",
        value: |_, t| Value::Count(t.tasks_failed),
    },
    C {
        header: "TasksIgnored",
        value: |_, t| Value::Count(t.tasks_ignored),
    },
]
}
