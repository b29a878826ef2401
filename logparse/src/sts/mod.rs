//! Placeholder: filled in by the sts work.
