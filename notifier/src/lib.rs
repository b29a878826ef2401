//! dtnotify: e-mail for the Linux job events 5700–5718 (guide chapter 7), built so that
//! no event is lost.
//!
//! Job logs (`job-<GUID>.log`) are followed with `logparse`'s rolled follower; selected
//! events are grouped per job, composed into mails, written atomically to a durable
//! spool, and only then is the job's cursor saved. Delivery workers send the spooled
//! mails over SMTP (lettre) or into an `.eml` outbox folder, and remove each one only
//! after the server accepted it.
//!
//! # Layout
//! - [`config`]: the TOML file, validated into [`config::Settings`].
//! - [`email_code`]: the guide's e-mail error codes 2200–2217.
//! - [`event`], [`recovery`], [`selection`]: a job event, its recovery pairs, which to mail.
//! - [`grouping`]: group window, recovery within the window, repeat interval.
//! - [`job_names`]: jobs' names asked of the engine's management port.
//! - [`template`], [`compose`]: subject and body templates, the message with its Message-ID.
//! - [`atomic_file`], [`spool`], [`job_state`]: durable files (outbox, cursors).
//! - [`transport`], [`delivery`]: SMTP or file transport, retries with backoff.
//! - [`watch`]: the followers of every job log and the path from line to spool, woken
//!   by inotify when the job log directory changes (logparse's `DirWakeup`).
//! - [`check`], [`test_mail`]: the `check` and `test` commands.

pub mod atomic_file;
pub mod check;
pub mod compose;
pub mod config;
pub mod delivery;
pub mod email_code;
pub mod event;
pub mod grouping;
pub mod job_names;
pub mod job_state;
pub mod recovery;
pub mod selection;
pub mod spool;
pub mod template;
pub mod test_mail;
pub mod transport;
pub mod watch;
