//! PNG charts: a valid PNG of the requested size, with every connection's colour and text
//! drawn with the embedded font.

mod plot_support;

use std::fs::File;
use std::io::BufReader;

use dtstat::plot::{render, ChartFormat, PlotField};
use plot_support::snapshots;

/// Decodes a PNG: (width, height, RGB pixels).
fn decode(path: &std::path::Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(BufReader::new(File::open(path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buffer).expect("PNG image data");
    assert_eq!(frame.color_type, png::ColorType::Rgb);
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let pixels = buffer[..frame.buffer_size()]
        .chunks_exact(3)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (frame.width, frame.height, pixels)
}

#[test]
fn png_decodes_with_the_requested_size_and_each_connections_colour() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.png");
    let fields = PlotField::parse_list("conBytesTx").unwrap();
    let summary = render(snapshots(10, 3, 0), &fields, &out, (640, 360)).unwrap();
    assert_eq!(summary.format, ChartFormat::Png);
    assert_eq!(summary.series, [3]);

    let (width, height, pixels) = decode(&out);
    assert_eq!((width, height), (640, 360));
    assert_eq!(pixels.len(), 640 * 360);
    let colours = series_colours(&fields, 3);
    assert_eq!(colours.len(), 3);
    for colour in colours {
        assert!(pixels.contains(&colour), "no pixel of colour {colour:?}");
    }
}

/// The stroke colours of the series lines the same chart has as SVG.
fn series_colours(fields: &[PlotField], connections: u32) -> Vec<[u8; 3]> {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("same.svg");
    render(snapshots(10, connections, 0), fields, &svg, (640, 360)).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .map(|n| {
            let hex = n.attribute("stroke").unwrap().trim_start_matches('#');
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
            [byte(0), byte(2), byte(4)]
        })
        .collect()
}

#[test]
fn png_text_is_drawn_with_the_embedded_font() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.png");
    let fields = PlotField::parse_list("ConRPL").unwrap();
    render(snapshots(4, 1, 0), &fields, &out, (600, 300)).unwrap();
    let (width, _, pixels) = decode(&out);
    // The caption sits centred in the top rows: it must have dark (glyph) pixels.
    let caption_rows = &pixels[..(width as usize * 24)];
    let dark = caption_rows
        .iter()
        .filter(|p| p.iter().all(|c| *c < 128))
        .count();
    assert!(
        dark > 20,
        "only {dark} dark pixels where the caption should be"
    );
}

#[test]
fn png_extension_is_case_insensitive_and_sizes_differ_per_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("CHART.PNG");
    let fields = PlotField::parse_list("conBytesTx,ConRPL").unwrap();
    render(snapshots(3, 2, 0), &fields, &out, (300, 320)).unwrap();
    let (width, height, _) = decode(&out);
    assert_eq!((width, height), (300, 320));
}
