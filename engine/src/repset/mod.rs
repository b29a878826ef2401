//! Replication sets (guide chapter 4): named, ordered rules saying which paths a job
//! protects, kept in the RepSetDBName database of the data directory.
//!
//! # Rules
//! A rule is an absolute path with the guide's attributes: Inc (included) or Exc
//! (excluded), and Rec (applies to every subdirectory) or not.
//! - A rule *matches* its own path and every path below it; without Rec, only its
//!   own path and that directory's immediate children (a file in a subdirectory is not
//!   matched).
//! - A path is in the set when the *most specific* rule matching it is Inc: the one
//!   whose path is longest (most components). Paths nothing matches are not in the set.
//! - Rules are ordered: of equally specific matching rules (the same path), the later
//!   one decides.
//!
//! So `/srv Inc,Rec` + `/srv/cache Exc,Rec` + `/srv/cache/keep Inc,Rec` protects `/srv`
//! except its cache but including `cache/keep`; a later `/srv Exc,Rec` would take `/srv`
//! out again while leaving `cache/keep` in. [`ReplicationSet::includes`] decides one path.
//!
//! # Error codes
//! See [`codes`]: 101 for a bad name or rule, 122 for a name taken, 123 for a set that
//! does not exist, 129 for a set changed during its size calculation, 130 for deleting a
//! set in use, 144 when the database cannot be written.
//!
//! # Layout
//! - [`rule`]: [`Rule`], [`RuleAttributes`], [`Inclusion`]; dtctl's rule spec.
//! - [`name`]: the checks on a set's name.
//! - [`set`]: [`ReplicationSet`] and the rule semantics.
//! - [`size`]: [`SetSize`] and the size calculation.
//! - [`database`]: the JSON database, replaced atomically.
//! - [`store`]: [`RepSetStore`], the engine's sets behind a lock; logs 4073.
//! - [`view`], [`request`]: what the management port answers, and [`handle`].

pub mod codes;
pub mod database;
pub mod name;
pub mod request;
pub mod rule;
pub mod set;
pub mod size;
pub mod store;
pub mod view;

pub use database::DEFAULT_REPSET_DB_NAME;
pub use request::{handle, RepSetRequest};
pub use rule::{Inclusion, Rule, RuleAttributes, RuleError};
pub use set::{ReplicationSet, SetError};
pub use size::{calculate_size, SetSize, SizeReport};
pub use store::{RepSetStore, REPLICATION_SET_MODIFIED};
pub use view::RepSetView;
