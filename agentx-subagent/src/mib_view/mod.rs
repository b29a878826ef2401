//! The NSI data model: the `nsiDoubleTake` subtree (1.3.6.1.4.1.2592.3) built from a
//! `logparse::sts::Snapshot`, as a sorted OID → value view answering Get, GetNext and
//! GetBulk in numeric OID order.
//!
//! Layout:
//! - [`oids`]: every OID number served, the vendor's and dtsuite's new arcs;
//! - `value`: SMIv2 [`Value`]s and the Counter32 / Gauge32 / TimeTicks conversions;
//! - `scalars`, `columns`: which snapshot statistic each object serves;
//! - `mirror_status`, `target_data_state`: the guide's states derived from a connection;
//! - `objects`: the object types in OID order; `view`: [`MibView`] (Get, GetNext,
//!   AgentX search); `bulk`: GetBulk.

mod bulk;
mod columns;
mod mirror_status;
mod objects;
pub mod oids;
mod scalars;
mod target_data_state;
mod value;
mod view;

pub use crate::oid::{Oid, OidParseError};
pub use bulk::MAX_BULK_VARBINDS;
pub use mirror_status::MirrorStatus;
pub use target_data_state::TargetDataState;
pub use value::{Lookup, Value};
pub use view::{MibView, NextAnswer};
