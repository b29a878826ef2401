//! Placeholder: filled in by the jobs work.
