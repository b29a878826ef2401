//! [`Execute`]: what carries an operation out on the replica. [`Replica`] does it on
//! real files; a test can stand a fault injector in front of one.
//!
//! [`Replica`]: super::Replica

use std::io;
use std::path::Path;

use crate::replication::Operation;

/// Carries operations out on a replica, once each, with no bookkeeping of its own.
pub trait Execute {
    /// Carries `op` out; an error leaves the replica as a partial `op` would.
    fn execute(&mut self, op: &Operation) -> io::Result<()>;

    /// Finishes whatever the operations carried out so far left pending, so that they
    /// can be recorded as applied.
    fn settle(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// The replica's root (the job's target path), for the events' texts.
    fn root(&self) -> &Path;
}
