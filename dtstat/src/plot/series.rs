//! What a chart shows: panels (one per statistic), each with its lines (one per entity).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use logparse::sts::{ConnectionStats, Snapshot, TargetStats};

use super::catalog::Extract;
use super::field::PlotField;

/// One line: a connection, a peer address, or the server, with its points
/// (seconds since the chart's start, value or rate).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    /// The legend entry.
    pub label: String,
    /// The points in snapshot order.
    pub points: Vec<(f64, f64)>,
}

/// One panel: a statistic and its lines, ordered by connection ID or peer address.
#[derive(Debug, Clone)]
pub(crate) struct Panel {
    /// The statistic drawn.
    pub field: PlotField,
    /// Its lines.
    pub series: Vec<Series>,
}

/// Everything drawn: the time axis and the panels.
#[derive(Debug, Clone)]
pub(crate) struct ChartData {
    /// The timestamp of the first snapshot; x values count seconds from it.
    pub start: DateTime<Utc>,
    /// The earliest and latest x of any snapshot.
    pub span: (f64, f64),
    /// One panel per requested statistic, in the requested order.
    pub panels: Vec<Panel>,
    /// How many snapshots were read.
    pub snapshots: u64,
}

/// Which line of a panel a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SeriesKey {
    /// The server's single line.
    Server,
    /// A TARGET section's peer address.
    Peer(IpAddr),
    /// A connection ID.
    Connection(u32),
}

/// A statistic's source inside one snapshot.
pub(crate) enum Entity<'a> {
    /// The snapshot's server-wide sections.
    Server,
    /// One TARGET section.
    Target(&'a TargetStats),
    /// One CONNECTION section.
    Connection(&'a ConnectionStats),
}

impl Entity<'_> {
    /// The line this entity's values go on.
    pub(crate) fn key(&self) -> SeriesKey {
        match self {
            Entity::Server => SeriesKey::Server,
            Entity::Target(target) => SeriesKey::Peer(target.peer_address),
            Entity::Connection(connection) => SeriesKey::Connection(connection.connection_id),
        }
    }

    /// The legend entry: `server`, the peer address, or `#ID set` for a connection.
    pub(crate) fn label(&self) -> String {
        match self {
            Entity::Server => "server".to_string(),
            Entity::Target(target) => target.peer_address.to_string(),
            Entity::Connection(c) if c.replication_set.is_empty() => {
                format!("#{}", c.connection_id)
            }
            Entity::Connection(c) => format!("#{} {}", c.connection_id, c.replication_set),
        }
    }
}

/// Calls `visit` with every entity of `snapshot` that has a value of the statistic.
pub(crate) fn each_value<T>(
    extract: Extract<T>,
    snapshot: &Snapshot,
    mut visit: impl FnMut(Entity<'_>, T),
) {
    match extract {
        Extract::Server(read) => {
            if let Some(value) = read(snapshot) {
                visit(Entity::Server, value);
            }
        }
        Extract::Target(read) => {
            for target in &snapshot.targets {
                visit(Entity::Target(target), read(target));
            }
        }
        Extract::Connection(read) => {
            for connection in &snapshot.connections {
                visit(Entity::Connection(connection), read(connection));
            }
        }
    }
}
