//! The chart font: DejaVu Sans, embedded in the binary (crate `dejavu`), so text renders
//! the same everywhere with no system font library.

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

use super::error::PlotError;

/// The font family name charts ask for; it is bound to the embedded DejaVu Sans.
pub(crate) const FAMILY: &str = "sans-serif";

/// Makes the embedded font available to the plotting library (once per process).
pub(crate) fn ensure_registered() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular()).is_ok());
    if ok {
        Ok(())
    } else {
        Err(PlotError::Font)
    }
}
