//! Writing the chart file: SVG text, or a bitmap encoded as PNG.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::Path;

use plotters::prelude::*;

use super::chart::draw;
use super::error::PlotError;
use super::format::ChartFormat;
use super::series::ChartData;

/// Draws `data` at `size` and writes it to `path` in `format`.
pub(crate) fn write_chart(
    data: &ChartData,
    format: ChartFormat,
    path: &Path,
    size: (u32, u32),
) -> Result<(), PlotError> {
    match format {
        ChartFormat::Svg => write_svg(data, path, size),
        ChartFormat::Png => write_png(data, path, size),
    }
}

fn write_svg(data: &ChartData, path: &Path, size: (u32, u32)) -> Result<(), PlotError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root, data)?;
    }
    fs::write(path, svg).map_err(|source| io_error(path, source))
}

fn write_png(data: &ChartData, path: &Path, (width, height): (u32, u32)) -> Result<(), PlotError> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(&root, data)?;
    }
    let file = File::create(path).map_err(|source| io_error(path, source))?;
    let mut encoder = png::Encoder::new(BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let png_error = |source| PlotError::Png {
        path: path.to_path_buf(),
        source,
    };
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&pixels).map_err(png_error)?;
    writer.finish().map_err(png_error)
}

fn io_error(path: &Path, source: std::io::Error) -> PlotError {
    PlotError::Io {
        path: path.to_path_buf(),
        source,
    }
}
