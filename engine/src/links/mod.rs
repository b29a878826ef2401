//! Links: the replication connections a job needs, on the engines that run them.
//!
//! A job lives on the engine it was created on (its *holding* engine); its data flows
//! from its source engine's [`SourceConnection`](crate::replication::source::SourceConnection)
//! to its target engine's replication port (NetPort). When a job is started, paused,
//! resumed or stopped, the holding engine asks the source engine — often itself — over
//! the management protocol ([`LinkRequest`]) to open, pause, resume or close the
//! connection; the source engine asks the target engine where its replication port
//! listens. So a reversed job, whose source is now the other engine, needs nothing
//! special.
//!
//! # Layout
//! - [`LinkSpec`], [`MirrorAction`], [`MirrorChoice`]: what a request carries.
//! - [`LinkRequest`] and [`handle`]: the management requests of the area.
//! - [`Links`]: this engine's connections (by job) and its replication port's control.
//! - [`replication_endpoint`]: where an engine's replication port listens.
//! - [`carry_out`]: the holding engine's part of a job action.

mod delegate;
mod endpoint;
mod registry;
mod request;
mod spec;

pub use delegate::{carry_out, connection_of, mirror as delegate_mirror};
pub use endpoint::replication_endpoint;
pub use registry::{LinkContext, Links};
pub use request::{handle, LinkRequest};
pub use spec::{LinkSpec, MirrorAction, MirrorChoice};
