//! Reads snapshots one at a time into the lines of each panel.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use logparse::sts::Snapshot;

use super::catalog::Read;
use super::field::PlotField;
use super::rate::CounterRate;
use super::series::{each_value, ChartData, Panel, Series, SeriesKey};

/// A line being built: its label, the counter state for rates, its points.
struct Line {
    label: String,
    rate: CounterRate,
    points: Vec<(f64, f64)>,
}

/// Accumulates the points of every requested statistic; only the points are kept, not
/// the snapshots.
pub(crate) struct Timeline {
    start: Option<DateTime<Utc>>,
    span: (f64, f64),
    snapshots: u64,
    panels: Vec<(PlotField, BTreeMap<SeriesKey, Line>)>,
}

impl Timeline {
    /// An empty timeline for these statistics.
    pub(crate) fn new(fields: &[PlotField]) -> Timeline {
        Timeline {
            start: None,
            span: (0.0, 0.0),
            snapshots: 0,
            panels: fields
                .iter()
                .map(|field| (*field, BTreeMap::new()))
                .collect(),
        }
    }

    /// Adds one snapshot's values.
    pub(crate) fn add(&mut self, snapshot: &Snapshot) {
        let start = *self.start.get_or_insert(snapshot.timestamp);
        let seconds = (snapshot.timestamp - start).num_milliseconds() as f64 / 1000.0;
        self.span = if self.snapshots == 0 {
            (seconds, seconds)
        } else {
            (self.span.0.min(seconds), self.span.1.max(seconds))
        };
        self.snapshots += 1;
        for (field, lines) in &mut self.panels {
            match field.read() {
                Read::Counter(extract) => each_value(extract, snapshot, |entity, value| {
                    let line = lines
                        .entry(entity.key())
                        .or_insert_with(|| new_line(entity.label()));
                    if let Some(rate) = line.rate.next(seconds, value) {
                        line.points.push((seconds, rate));
                    }
                }),
                Read::Gauge(extract) => each_value(extract, snapshot, |entity, value| {
                    let line = lines
                        .entry(entity.key())
                        .or_insert_with(|| new_line(entity.label()));
                    if value.is_finite() {
                        line.points.push((seconds, value));
                    }
                }),
            }
        }
    }

    /// The panels to draw, or `None` when no snapshot was added.
    pub(crate) fn finish(self) -> Option<ChartData> {
        let start = self.start?;
        let panels = self
            .panels
            .into_iter()
            .map(|(field, lines)| Panel {
                field,
                series: lines
                    .into_values()
                    .map(|line| Series {
                        label: line.label,
                        points: line.points,
                    })
                    .collect(),
            })
            .collect();
        Some(ChartData {
            start,
            span: self.span,
            panels,
            snapshots: self.snapshots,
        })
    }
}

fn new_line(label: String) -> Line {
    Line {
        label,
        rate: CounterRate::default(),
        points: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use logparse::sts::{ConnectionStats, TargetStats};

    use super::*;

    fn snapshot(second: i64, connections: &[(u32, u64, u64)]) -> Snapshot {
        Snapshot {
            timestamp: Utc.timestamp_opt(1_700_000_000 + second, 0).unwrap(),
            connections: connections
                .iter()
                .map(|&(id, tx, queue)| ConnectionStats {
                    connection_id: id,
                    replication_set: format!("set{id}"),
                    con_bytes_tx: tx,
                    con_bytes_in_rep_queue: queue,
                    ..ConnectionStats::default()
                })
                .collect(),
            ..Snapshot::default()
        }
    }

    fn chart(fields: &str, snapshots: &[Snapshot]) -> ChartData {
        let mut timeline = Timeline::new(&PlotField::parse_list(fields).unwrap());
        snapshots.iter().for_each(|s| timeline.add(s));
        timeline.finish().unwrap()
    }

    #[test]
    fn no_snapshot_no_chart() {
        assert!(Timeline::new(&PlotField::parse_list("conBytesTx").unwrap())
            .finish()
            .is_none());
    }

    #[test]
    fn one_line_per_connection_ordered_by_id_with_rates_and_values() {
        let data = chart(
            "conBytesTx,conBytesInRepQueue",
            &[
                snapshot(0, &[(7, 0, 10), (2, 100, 5)]),
                snapshot(2, &[(2, 300, 6), (7, 4000, 11)]),
                snapshot(3, &[(7, 4000, 12), (2, 400, 7)]),
            ],
        );
        assert_eq!(data.snapshots, 3);
        assert_eq!(data.span, (0.0, 3.0));
        let rates = &data.panels[0].series;
        assert_eq!(
            rates.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
            ["#2 set2", "#7 set7"]
        );
        assert_eq!(rates[0].points, [(2.0, 100.0), (3.0, 100.0)]);
        assert_eq!(rates[1].points, [(2.0, 2000.0), (3.0, 0.0)]);
        let queues = &data.panels[1].series;
        assert_eq!(queues[0].points, [(0.0, 5.0), (2.0, 6.0), (3.0, 7.0)]);
        assert_eq!(queues[1].points, [(0.0, 10.0), (2.0, 11.0), (3.0, 12.0)]);
    }

    #[test]
    fn target_fields_have_one_line_per_peer() {
        let with_targets = |second, peers: &[[u8; 4]]| Snapshot {
            targets: peers
                .iter()
                .map(|&ip| TargetStats {
                    peer_address: ip.into(),
                    ops_remaining: u64::from(ip[3]),
                    ..TargetStats::default()
                })
                .collect(),
            ..snapshot(second, &[(1, 0, 0)])
        };
        let data = chart(
            "Ops Remaining",
            &[
                with_targets(0, &[[10, 0, 0, 9], [10, 0, 0, 3]]),
                with_targets(1, &[[10, 0, 0, 3]]),
            ],
        );
        let lines = &data.panels[0].series;
        assert_eq!(
            lines.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
            ["10.0.0.3", "10.0.0.9"]
        );
        assert_eq!(lines[0].points, [(0.0, 3.0), (1.0, 3.0)]);
        assert_eq!(lines[1].points, [(0.0, 9.0)]);
    }

    #[test]
    fn server_fields_have_one_line_and_a_missing_source_has_no_point() {
        let mut with_source = snapshot(1, &[]);
        with_source.source = Some(logparse::sts::SourceStats {
            auto_disconnects: 4,
            ..Default::default()
        });
        let data = chart(
            "autoDisConnects,RepBytesGenerated",
            &[snapshot(0, &[]), with_source],
        );
        assert_eq!(data.panels[0].series.len(), 1);
        assert_eq!(data.panels[0].series[0].label, "server");
        assert!(data.panels[0].series[0].points.is_empty());
        assert_eq!(data.panels[1].series[0].points, [(1.0, 0.0)]);
    }
}
