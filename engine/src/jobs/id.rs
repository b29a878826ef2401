//! [`JobId`]: the GUID that names a job and its job log `job-<GUID>.log`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::EngineError;

/// A job's GUID, written hyphenated and lower-case (`6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub Uuid);

impl JobId {
    /// A new random GUID.
    pub fn new_random() -> JobId {
        JobId(Uuid::new_v4())
    }

    /// Parses a GUID as a client wrote it (hyphenated, braced or plain hex); anything else
    /// is 101 "Invalid parameter was supplied" naming the text.
    pub fn parse(text: &str) -> Result<JobId, EngineError> {
        Uuid::parse_str(text.trim()).map(JobId).map_err(|err| {
            EngineError::invalid_parameter(format!("'{text}' is not a job GUID: {err}"))
        })
    }

    /// The job log's file name, `job-<GUID>.log`.
    pub fn log_file_name(&self) -> String {
        format!("job-{self}.log")
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl FromStr for JobId {
    type Err = EngineError;

    fn from_str(text: &str) -> Result<JobId, EngineError> {
        JobId::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bad_guid_is_invalid_parameter_naming_it() {
        let err = JobId::parse("not-a-guid").unwrap_err();
        assert_eq!(err.code, 101);
        assert!(err.detail.contains("'not-a-guid'"), "{}", err.detail);
        assert!(JobId::parse("").is_err());
    }

    #[test]
    fn accepts_the_guide_spellings() {
        let id = JobId::parse("6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9").unwrap();
        assert_eq!(
            JobId::parse("{6D2BFB9D-6A93-4EB4-8530-CA317CC7FCF9}").unwrap(),
            id
        );
        assert_eq!(
            JobId::parse("6d2bfb9d6a934eb48530ca317cc7fcf9").unwrap(),
            id
        );
        assert_eq!(
            id.log_file_name(),
            "job-6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9.log"
        );
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(bytes in any::<[u8; 16]>()) {
            let id = JobId(Uuid::from_bytes(bytes));
            prop_assert_eq!(JobId::parse(&id.to_string()).unwrap(), id);
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<JobId>(&json).unwrap(), id);
        }
    }
}
