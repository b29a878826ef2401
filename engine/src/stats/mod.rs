//! Placeholder: filled in by the stats work.
