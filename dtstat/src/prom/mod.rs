//! `--format prom`: the latest snapshot in the Prometheus text exposition format, for
//! node_exporter's textfile collector.
//!
//! Metric names start with `dtsuite_`, values are in base units (bytes, seconds, ratios),
//! counters end in `_total`; every family has HELP and TYPE lines before its samples.
//! Target samples are labelled `{peer_address, local_address}`, connection samples
//! `{connection_id, replication_set, target}`. The `-IP` filter narrows the targets and
//! connections.

mod family;
mod metrics;
mod textfile;

use std::io::{self, Write};

use logparse::sts::{ConnectionStats, Snapshot, TargetStats};

use crate::filter::Filter;
use family::push_label;
pub use textfile::{write_textfile, PromError};

/// Writes every metric of `snapshot`, its targets and connections narrowed by `filter`'s `-IP`.
pub fn encode(snapshot: &Snapshot, filter: &Filter, mut out: impl Write) -> io::Result<()> {
    for family in &metrics::SERVER {
        family.encode(std::iter::once(snapshot), |_, _| {}, &mut out)?;
    }
    let targets = || snapshot.targets.iter().filter(|t| filter.keeps_target(t));
    for family in &metrics::TARGET {
        family.encode(targets(), target_labels, &mut out)?;
    }
    let connections = || {
        snapshot
            .connections
            .iter()
            .filter(|c| filter.keeps_connection(c))
    };
    for family in &metrics::CONNECTION {
        family.encode(connections(), connection_labels, &mut out)?;
    }
    Ok(())
}

fn target_labels(target: &TargetStats, labels: &mut String) {
    push_label(labels, "peer_address", &target.peer_address.to_string());
    push_label(labels, "local_address", &target.local_address.to_string());
}

fn connection_labels(connection: &ConnectionStats, labels: &mut String) {
    push_label(
        labels,
        "connection_id",
        &connection.connection_id.to_string(),
    );
    push_label(labels, "replication_set", &connection.replication_set);
    push_label(labels, "target", &connection.target_name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delta::{is_counter, COUNTERS};

    #[test]
    fn counters_are_exactly_the_delta_counters() {
        let statistics: Vec<&str> = metrics::SERVER
            .iter()
            .map(|f| f.statistic)
            .chain(metrics::TARGET.iter().map(|f| f.statistic))
            .chain(metrics::CONNECTION.iter().map(|f| f.statistic))
            .collect();
        for counter in COUNTERS {
            assert!(statistics.contains(counter), "{counter} has no metric");
        }
        let counted = statistics.iter().filter(|s| is_counter(s)).count();
        assert_eq!(counted, COUNTERS.len());
    }
}
