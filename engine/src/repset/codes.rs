//! The guide's error codes for replication sets.
//!
//! Chapter 5 words codes 122–144 for jobs ("Job exists", "Job does not exist", "Job is
//! in use", …); older releases, where a job was a replication set, gave the same codes
//! to replication sets, so this area uses them for sets and says "replication set" in
//! the detail.

use logparse::catalog::ErrorCode;

/// 122 "Job exists": a replication set of that name exists.
pub const SET_EXISTS: ErrorCode = ErrorCode(122);
/// 123 "Job does not exist": no replication set of that name.
pub const SET_DOES_NOT_EXIST: ErrorCode = ErrorCode::JOB_DOES_NOT_EXIST;
/// 129 "Job is changed": the set changed while its size was being calculated.
pub const SET_CHANGED: ErrorCode = ErrorCode(129);
/// 130 "Job is in use": a job uses the set, so it cannot be deleted.
pub const SET_IN_USE: ErrorCode = ErrorCode(130);
/// 144 "Job not saved": the database could not be written.
pub const SET_NOT_SAVED: ErrorCode = ErrorCode(144);
