//! The management requests on replication sets and their answers.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::rule::Rule;
use super::store::RepSetStore;
use crate::EngineError;

/// The management requests of this area, e.g. `{"show":{"name":"web"}}` or `"list"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepSetRequest {
    /// Creates a set; answers the set.
    Create {
        /// The new set's name.
        name: String,
        /// Its rules, in order.
        rules: Vec<Rule>,
    },
    /// Answers every set, by name.
    List,
    /// Answers one set.
    Show {
        /// The set's name.
        name: String,
    },
    /// Replaces a set's rules; answers the set.
    Modify {
        /// The set's name.
        name: String,
        /// Its new rules, in order.
        rules: Vec<Rule>,
    },
    /// Deletes a set; answers `{"deleted": name}`.
    Delete {
        /// The set's name.
        name: String,
    },
    /// Calculates a set's size; answers the set with its size.
    Calculate {
        /// The set's name.
        name: String,
    },
}

/// Answers one management request of this area.
pub fn handle(state: &RepSetStore, request: RepSetRequest) -> Result<Value, EngineError> {
    match request {
        RepSetRequest::Create { name, rules } => answer(state.create(&name, rules)?),
        RepSetRequest::List => answer(state.list()),
        RepSetRequest::Show { name } => answer(state.show(&name)?),
        RepSetRequest::Modify { name, rules } => answer(state.modify(&name, rules)?),
        RepSetRequest::Delete { name } => {
            state.delete(&name)?;
            Ok(json!({ "deleted": name }))
        }
        RepSetRequest::Calculate { name } => answer(state.calculate(&name)?),
    }
}

fn answer(value: impl Serialize) -> Result<Value, EngineError> {
    serde_json::to_value(value).map_err(|err| EngineError::unknown(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_externally_tagged_snake_case() {
        let request: RepSetRequest = serde_json::from_str(
            r#"{"create":{"name":"web","rules":[{"path":"/srv","attributes":{"inclusion":"exclude","recursive":false}}]}}"#,
        )
        .unwrap();
        let RepSetRequest::Create { name, rules } = request else {
            panic!("not a create: {request:?}");
        };
        assert_eq!(name, "web");
        assert_eq!(rules[0].spec(), "/srv,exc,norec");
        assert_eq!(
            serde_json::from_str::<RepSetRequest>(r#""list""#).unwrap(),
            RepSetRequest::List
        );
        assert_eq!(
            serde_json::to_string(&RepSetRequest::Calculate { name: "web".into() }).unwrap(),
            r#"{"calculate":{"name":"web"}}"#
        );
    }
}
