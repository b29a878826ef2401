//! The target's side of the handshake: a `Hello` checked (version, set name, target
//! path) and turned into the connection key its applier keeps.

use logparse::catalog::ErrorCode;

use crate::replication::protocol::{Hello, ProtocolVersion, Refused};

/// The guide's error 225, "Invalid path".
pub(super) const INVALID_PATH: ErrorCode = ErrorCode(225);

/// A `Hello` the target accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Accepted {
    /// The version both sides speak.
    pub(super) version: ProtocolVersion,
    /// The applier's connection key, `"{source_host}/{replication_set}"`.
    pub(super) key: String,
}

/// Checks `hello`: another major version is 157, an empty set name 101, a target
/// path that is not absolute 225.
pub(super) fn check(hello: &Hello) -> Result<Accepted, Refused> {
    let version = ProtocolVersion::CURRENT.negotiate(hello.protocol_version)?;
    if hello.replication_set.is_empty() {
        return Err(Refused::new(
            ErrorCode::INVALID_PARAMETER,
            "the replication set name is empty",
        ));
    }
    if !hello.target_path.is_absolute() {
        return Err(Refused::new(
            INVALID_PATH,
            format!(
                "target path {} is not absolute",
                hello.target_path.display()
            ),
        ));
    }
    Ok(Accepted {
        version,
        key: format!("{}/{}", hello.source_host, hello.replication_set),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn hello() -> Hello {
        Hello {
            protocol_version: ProtocolVersion::CURRENT,
            connection_id: 1,
            replication_set: "docs".into(),
            target_path: PathBuf::from("/replica"),
            source_host: "alpha".into(),
            resume: false,
        }
    }

    #[test]
    fn accepts_a_good_hello_with_its_key() {
        let accepted = check(&hello()).unwrap();
        assert_eq!(accepted.key, "alpha/docs");
        assert_eq!(accepted.version, ProtocolVersion::CURRENT);
    }

    #[test]
    fn refuses_with_the_guides_codes() {
        let mut other_major = hello();
        other_major.protocol_version = ProtocolVersion { major: 2, minor: 0 };
        assert_eq!(check(&other_major).unwrap_err().code, 157);
        let mut no_set = hello();
        no_set.replication_set.clear();
        assert_eq!(check(&no_set).unwrap_err().code, 101);
        let mut relative = hello();
        relative.target_path = PathBuf::from("replica");
        let refused = check(&relative).unwrap_err();
        assert_eq!(refused.code, 225);
        assert!(refused.reason.contains("replica"), "{}", refused.reason);
    }
}
