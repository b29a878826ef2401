//! Drawing: one panel per statistic, stacked, on any plotters backend (SVG or bitmap).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{caption, time_description, time_tick, value_description, value_tick};
use super::error::PlotError;
use super::font::FAMILY;
use super::series::{ChartData, Panel};
use super::thin::thin;

/// Line colours: the Tableau 10 palette, distinct from each other and readable on white.
struct LineColors;

impl Palette for LineColors {
    const COLORS: &'static [(u8, u8, u8)] = &[
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
    ];
}

/// The stroke width of a series line; axes are 1 pixel wide.
const LINE_WIDTH: u32 = 2;

/// The smallest height one panel needs for its caption, axes and labels.
pub(crate) const MIN_PANEL_HEIGHT: u32 = 150;

/// Draws every panel of `data` on `root`, stacked top to bottom, and presents it.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
) -> Result<(), PlotError> {
    root.fill(&WHITE).map_err(draw_error)?;
    let areas = root.split_evenly((data.panels.len(), 1));
    for (area, panel) in areas.iter().zip(&data.panels) {
        draw_panel(area, panel, data)?;
    }
    root.present().map_err(draw_error)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    data: &ChartData,
) -> Result<(), PlotError> {
    let (first, last) = data.span;
    let x_range = first..last.max(first + 1.0);
    let span = x_range.end - x_range.start;
    let values = || {
        panel
            .series
            .iter()
            .flat_map(|series| series.points.iter().map(|point| point.1))
    };
    let low = values().fold(0.0, f64::min);
    let high = values().fold(0.0, f64::max);
    let y_range = low..if high > low {
        high + (high - low) * 0.05
    } else {
        low + 1.0
    };
    let has_points = panel.series.iter().any(|series| !series.points.is_empty());
    let title = if has_points {
        caption(&panel.field)
    } else {
        format!("{} (no data)", caption(&panel.field))
    };

    let mut chart = ChartBuilder::on(area)
        .caption(title, (FAMILY, 16))
        .margin(8)
        .x_label_area_size(42)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, y_range)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .x_desc(time_description(data.start))
        .y_desc(value_description(&panel.field))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| time_tick(data.start, *x, span))
        .y_label_formatter(&|y| value_tick(*y))
        .label_style((FAMILY, 12))
        .axis_desc_style((FAMILY, 13))
        .draw()
        .map_err(draw_error)?;

    let columns = chart.plotting_area().dim_in_pixel().0 as usize;
    for (index, series) in panel.series.iter().enumerate() {
        let color = LineColors::pick(index).to_rgba();
        let points = thin(&series.points, data.span, columns);
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(LINE_WIDTH)))
            .map_err(draw_error)?
            .label(series.label.as_str())
            // A filled box, not a line, so that the only polylines are the series themselves.
            .legend(move |(x, y)| Rectangle::new([(x, y - 4), (x + 14, y + 4)], color.filled()));
    }
    if !panel.series.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FAMILY, 12))
            .draw()
            .map_err(draw_error)?;
    }
    Ok(())
}

fn draw_error(error: impl std::fmt::Display) -> PlotError {
    PlotError::Draw(error.to_string())
}
