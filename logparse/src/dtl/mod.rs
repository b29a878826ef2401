//! Placeholder: filled in by the dtl work.
