//! The management port (default 127.0.0.1:1501): one JSON object per line each way.
//!
//! A request names an area and that area's request, e.g.
//! `{"area":"settings","request":{"get":{"name":"LogDir"}}}`; the answer is
//! `{"ok": <value>}` or `{"error": {"code": 123, "message": "Job does not exist",
//! "detail": "…"}}` with the guide's error code. See `engine/PROTOCOL.md`.

pub mod client;
pub mod protocol;
pub mod server;
