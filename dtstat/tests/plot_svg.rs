//! SVG charts: valid XML of the requested size, one polyline per connection or peer,
//! counters drawn as rates, labelled axes.

mod plot_support;

use std::fs;
use std::io::Cursor;

use dtstat::plot::{render, ChartFormat, PlotError, PlotField};
use logparse::sts::{StsReader, StsWriter};
use plot_support::snapshots;

fn parse_svg(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).expect("the chart is well-formed XML")
}

/// The series lines: polylines 2 pixels wide (axes and ticks are 1 pixel wide).
fn polylines<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .collect()
}

fn points(line: &roxmltree::Node<'_, '_>) -> Vec<(f64, f64)> {
    line.attribute("points")
        .unwrap_or_default()
        .split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').expect("x,y");
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn all_text(doc: &roxmltree::Document<'_>) -> String {
    doc.descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn svg_has_the_requested_size_and_one_line_per_connection() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.svg");
    let fields = PlotField::parse_list("conBytesTx").unwrap();
    let summary = render(snapshots(10, 3, 0), &fields, &out, (900, 500)).unwrap();
    assert_eq!(summary.format, ChartFormat::Svg);
    assert_eq!(summary.snapshots, 10);
    assert_eq!(summary.series, [3]);
    assert_eq!(
        summary.points,
        3 * 9,
        "a rate needs two snapshots, so 9 points per line"
    );

    let text = fs::read_to_string(&out).unwrap();
    let doc = parse_svg(&text);
    let root = doc.root_element();
    assert!(root.has_tag_name("svg"));
    assert_eq!(root.attribute("width"), Some("900"));
    assert_eq!(root.attribute("height"), Some("500"));
    let lines = polylines(&doc);
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|line| points(line).len() == 9));
    let strokes: std::collections::HashSet<_> =
        lines.iter().map(|l| l.attribute("stroke")).collect();
    assert_eq!(strokes.len(), 3, "each connection has its own colour");
}

#[test]
fn counters_are_drawn_as_rates_and_gauges_as_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.svg");
    let fields = PlotField::parse_list("conBytesTx,conBytesInRepQueue").unwrap();
    render(snapshots(6, 1, 0), &fields, &out, (800, 600)).unwrap();
    let text = fs::read_to_string(&out).unwrap();
    let doc = parse_svg(&text);
    let lines = polylines(&doc);
    assert_eq!(lines.len(), 2);
    // conBytesTx grows by the same amount every second: its rate is a flat line.
    let rate = points(&lines[0]);
    assert!(rate.windows(2).all(|w| w[0].1 == w[1].1), "{rate:?}");
    // conBytesInRepQueue grows every second: its value climbs (y decreases on screen).
    let queue = points(&lines[1]);
    assert_eq!(queue.len(), 6);
    assert!(queue.windows(2).all(|w| w[1].1 < w[0].1), "{queue:?}");

    let labels = all_text(&doc);
    for expected in [
        "conBytesTx: rate of the cumulative counter",
        "bytes/s (per-second rate)",
        "conBytesInRepQueue",
        "time (UTC), from 2010-11-10 12:48:05",
        "12:48:07",
        "#1 set-1",
    ] {
        assert!(
            labels.contains(expected),
            "missing {expected:?} in:\n{labels}"
        );
    }
}

#[test]
fn target_statistics_have_one_line_per_peer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("peers.svg");
    let fields = PlotField::parse_list("Ops Remaining").unwrap();
    let summary = render(snapshots(5, 4, 2), &fields, &out, (800, 400)).unwrap();
    assert_eq!(summary.series, [2]);
    let text = fs::read_to_string(&out).unwrap();
    let doc = parse_svg(&text);
    assert_eq!(polylines(&doc).len(), 2);
    let labels = all_text(&doc);
    assert!(
        labels.contains("10.0.0.1") && labels.contains("10.0.0.2"),
        "{labels}"
    );
}

#[test]
fn a_recorded_sts_file_charts_like_the_snapshots_it_holds() {
    let mut writer = StsWriter::new(Vec::new()).unwrap();
    for snapshot in snapshots(8, 2, 1) {
        writer.write_snapshot(&snapshot).unwrap();
    }
    let bytes = writer.into_inner();
    let reader = StsReader::new(Cursor::new(bytes)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recorded.svg");
    let fields = PlotField::parse_list("conBytesTx,ConRPL,Ops Remaining").unwrap();
    let summary = render(
        reader.map(|record| record.unwrap()),
        &fields,
        &out,
        (1000, 900),
    )
    .unwrap();
    assert_eq!(summary.snapshots, 8);
    assert_eq!(summary.series, [2, 2, 1]);
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(polylines(&parse_svg(&text)).len(), 5);
}

#[test]
fn bad_requests_fail_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let fields = PlotField::parse_list("conBytesTx,ConRPL").unwrap();
    let jpg = dir.path().join("chart.jpg");
    assert!(matches!(
        render(snapshots(3, 1, 0), &fields, &jpg, (800, 600)),
        Err(PlotError::UnsupportedFormat { .. })
    ));
    let svg = dir.path().join("chart.svg");
    assert!(matches!(
        render(snapshots(3, 1, 0), &fields, &svg, (800, 200)),
        Err(PlotError::TooShort { .. })
    ));
    assert!(matches!(
        render(snapshots(3, 1, 0), &fields, &svg, (10, 600)),
        Err(PlotError::InvalidSize { .. })
    ));
    assert!(matches!(
        render(snapshots(3, 1, 0), &[], &svg, (800, 600)),
        Err(PlotError::NoFields)
    ));
    assert!(matches!(
        render(Vec::new(), &fields, &svg, (800, 600)),
        Err(PlotError::NoSnapshots)
    ));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_statistic_without_data_still_gives_a_labelled_panel() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("empty.svg");
    let fields = PlotField::parse_list("Ops Remaining").unwrap();
    let summary = render(snapshots(3, 1, 0), &fields, &out, (600, 400)).unwrap();
    assert_eq!(summary.series, [0]);
    let text = fs::read_to_string(&out).unwrap();
    let doc = parse_svg(&text);
    assert!(polylines(&doc).is_empty());
    assert!(all_text(&doc).contains("Ops Remaining (no data)"));
}

#[test]
fn an_unwritable_path_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("chart.svg");
    let fields = PlotField::parse_list("ConRPL").unwrap();
    let err = render(snapshots(2, 1, 0), &fields, &out, (600, 400)).unwrap_err();
    assert!(matches!(err, PlotError::Io { .. }), "{err}");
    assert!(err.to_string().contains("missing-dir"), "{err}");
}

#[test]
fn long_recordings_are_thinned_to_what_the_pixels_show() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("long.svg");
    let fields = PlotField::parse_list("conBytesInRepQueue").unwrap();
    let summary = render(snapshots(3_000, 1, 0), &fields, &out, (300, 200)).unwrap();
    assert_eq!(summary.points, 3_000);
    let text = fs::read_to_string(&out).unwrap();
    let doc = parse_svg(&text);
    let lines = polylines(&doc);
    assert_eq!(lines.len(), 1);
    let drawn = points(&lines[0]);
    assert!(drawn.len() <= 4 * 300, "{} points drawn", drawn.len());
    assert!(drawn.len() >= 100, "{} points drawn", drawn.len());
}
