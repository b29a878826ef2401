//! Placeholder: filled in by the settings work.
