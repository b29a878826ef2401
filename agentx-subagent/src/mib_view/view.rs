//! [`MibView`]: the NSI subtree built from one statistics snapshot, answering Get and
//! GetNext in numeric OID order.

use logparse::sts::{ConnectionStats, Snapshot};

use super::columns::{EXT_COLUMNS, VENDOR_COLUMNS};
use super::objects::{containing, first_not_before, Instances, Object, OBJECTS};
use super::scalars::SCALARS;
use super::value::{Lookup, Value};
use crate::oid::Oid;

/// The largest `dtConnectionIndex` (`Integer32 (1..2147483647)`).
const MAX_CONNECTION_INDEX: u32 = i32::MAX as u32;

/// The NSI subtree's instances and values at one instant, immutable once built.
///
/// Build one per snapshot and answer every request from it: a Get never waits on the
/// engine. Instances are the scalars' `.0` and, for each table column, one instance per
/// connection, indexed by the connection ID.
#[derive(Debug, Clone, PartialEq)]
pub struct MibView {
    /// Scalar values, in [`SCALARS`] order.
    scalars: Vec<Value>,
    /// The rows' indices (connection IDs), ascending.
    indices: Vec<u32>,
    /// Per column (vendor then extension columns), the values parallel to `indices`.
    columns: Vec<Vec<Value>>,
}

/// Where a GetNext-style search ended (RFC 2741 §7.2.3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextAnswer {
    /// The first instance in the searched range, and its value.
    Value(Oid, Value),
    /// No instance in the range; carries the search's start OID, as the answer's name.
    EndOfMibView(Oid),
}

impl MibView {
    /// The view of `snapshot`, or of a stopped engine when there is none.
    pub fn new(snapshot: Option<&Snapshot>) -> Self {
        match snapshot {
            Some(snapshot) => Self::from_snapshot(snapshot),
            None => Self::engine_down(),
        }
    }

    /// The view of a stopped engine: source and target states 0, every counter 0, no rows.
    pub fn engine_down() -> Self {
        Self::from_snapshot(&Snapshot::default())
    }

    /// The view of one snapshot.
    ///
    /// Rows are the snapshot's connections with an ID usable as `dtConnectionIndex`
    /// (1 to 2^31 − 1), by ascending ID; of two connections with the same ID the first
    /// is served.
    pub fn from_snapshot(snapshot: &Snapshot) -> Self {
        let mut rows: Vec<&ConnectionStats> = snapshot
            .connections
            .iter()
            .filter(|c| (1..=MAX_CONNECTION_INDEX).contains(&c.connection_id))
            .collect();
        rows.sort_by_key(|c| c.connection_id);
        rows.dedup_by_key(|c| c.connection_id);
        let columns = VENDOR_COLUMNS
            .iter()
            .chain(EXT_COLUMNS.iter())
            .map(|(_, read)| rows.iter().map(|c| read(c, snapshot)).collect())
            .collect();
        MibView {
            scalars: SCALARS.iter().map(|(_, read)| read(snapshot)).collect(),
            indices: rows.iter().map(|c| c.connection_id).collect(),
            columns,
        }
    }

    /// The connection IDs the tables have rows for, ascending.
    pub fn connection_indices(&self) -> &[u32] {
        &self.indices
    }

    /// How many instances the view holds (what a walk of the subtree returns).
    pub fn instance_count(&self) -> usize {
        self.scalars.len() + self.columns.len() * self.indices.len()
    }

    /// Get: the value of the instance `oid`, or why there is none.
    pub fn get(&self, oid: &Oid) -> Lookup {
        let oid = oid.as_slice();
        let Some(position) = containing(oid) else {
            return Lookup::NoSuchObject;
        };
        let object = &OBJECTS[position];
        let suffix = &oid[object.base.len()..];
        let value = match (object.instances, suffix) {
            (Instances::Scalar(slot), [0]) => self.scalars.get(slot),
            (Instances::Column(slot), [index]) => self
                .indices
                .binary_search(index)
                .ok()
                .and_then(|row| self.columns.get(slot)?.get(row)),
            _ => None,
        };
        value.map_or(Lookup::NoSuchInstance, |v| Lookup::Value(v.clone()))
    }

    /// GetNext: the first instance after `oid` in numeric OID order, with its value.
    pub fn next(&self, oid: &Oid) -> Option<(Oid, Value)> {
        let oid = oid.as_slice();
        OBJECTS[first_not_before(oid)..]
            .iter()
            .find_map(|object| self.first_in_object_after(object, oid))
    }

    /// AgentX's search: the first instance from `start` (itself too when `include`) up to,
    /// not including, `end` (no end: the whole view).
    pub fn search(&self, start: &Oid, include: bool, end: Option<&Oid>) -> NextAnswer {
        let found = match self.get(start) {
            Lookup::Value(value) if include => Some((start.clone(), value)),
            _ => self.next(start),
        };
        match found {
            Some((oid, value)) if end.is_none_or(|end| oid < *end) => NextAnswer::Value(oid, value),
            _ => NextAnswer::EndOfMibView(start.clone()),
        }
    }

    /// The first instance of `object` after `oid`, if it has one.
    fn first_in_object_after(&self, object: &Object, oid: &[u32]) -> Option<(Oid, Value)> {
        // `None`: the object lies wholly after `oid`, so its first instance follows it.
        let suffix = oid.strip_prefix(object.base.as_slice());
        match object.instances {
            Instances::Scalar(slot) => match suffix {
                None | Some([]) => Some((
                    Oid::join(&object.base, &[0]),
                    self.scalars.get(slot)?.clone(),
                )),
                Some(_) => None,
            },
            Instances::Column(slot) => {
                let row = match suffix {
                    None | Some([]) => 0,
                    Some([first, ..]) => self.indices.partition_point(|index| index <= first),
                };
                let index = *self.indices.get(row)?;
                let value = self.columns.get(slot)?.get(row)?.clone();
                Some((Oid::join(&object.base, &[index]), value))
            }
        }
    }
}
