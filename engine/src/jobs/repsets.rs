//! [`RepSetLookup`]: what jobs need from the replication set database.

/// The replication sets as jobs see them: whether one exists, and marking it in use.
pub trait RepSetLookup: Send + Sync {
    /// Whether a replication set named `name` exists.
    fn exists(&self, name: &str) -> bool;

    /// Marks `name` as used (`true`) or no longer used by a protecting or paused job, so
    /// that modifying it logs 4073.
    fn set_in_use(&self, name: &str, in_use: bool);
}
