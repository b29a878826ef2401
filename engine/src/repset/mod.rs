//! Placeholder: filled in by the repset work.
