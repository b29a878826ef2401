//! The chart file's format, chosen by the output's extension, and the sizes accepted.

use std::path::Path;

use super::error::PlotError;

/// The smallest width or height accepted, in pixels.
pub const MIN_SIDE: u32 = 200;
/// The largest width or height accepted, in pixels (a PNG this size holds 192 MiB of pixels).
pub const MAX_SIDE: u32 = 8192;

/// A chart file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// Scalable vector graphics (`.svg`), text as text.
    Svg,
    /// A PNG bitmap (`.png`), text drawn with the embedded font.
    Png,
}

impl ChartFormat {
    /// The format named by the path's extension (`.svg` or `.png`, any case).
    pub fn from_path(path: &Path) -> Result<ChartFormat, PlotError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => Err(PlotError::UnsupportedFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Checks a requested picture size against `MIN_SIDE..=MAX_SIDE`.
pub(crate) fn check_size((width, height): (u32, u32)) -> Result<(), PlotError> {
    let range = MIN_SIDE..=MAX_SIDE;
    if range.contains(&width) && range.contains(&height) {
        Ok(())
    } else {
        Err(PlotError::InvalidSize {
            width,
            height,
            min: MIN_SIDE,
            max: MAX_SIDE,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_picks_the_format() {
        assert_eq!(
            ChartFormat::from_path(Path::new("a/chart.svg")).unwrap(),
            ChartFormat::Svg
        );
        assert_eq!(
            ChartFormat::from_path(Path::new("chart.PNG")).unwrap(),
            ChartFormat::Png
        );
        for bad in ["chart.jpg", "chart", "svg"] {
            assert!(
                matches!(
                    ChartFormat::from_path(Path::new(bad)),
                    Err(PlotError::UnsupportedFormat { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn sizes_are_bounded() {
        assert!(check_size((MIN_SIDE, MAX_SIDE)).is_ok());
        assert!(matches!(
            check_size((MIN_SIDE - 1, 600)),
            Err(PlotError::InvalidSize { .. })
        ));
        assert!(matches!(
            check_size((800, MAX_SIDE + 1)),
            Err(PlotError::InvalidSize { .. })
        ));
    }
}
