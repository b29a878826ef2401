//! The demo's mail: a generated `dtnotify.toml` that follows the source engine's job
//! logs and writes each mail as an `.eml` file into the outbox folder, and the count of
//! mails there for the live screen.

use std::path::Path;

use anyhow::Context;

use super::layout::Layout;

/// What dtnotify prints once it follows the job logs: the demo creates the job after it.
pub const READY: &str = "dtnotify: following";

/// How long the demo's notifier gathers one job's events into one mail.
const GROUP_WINDOW: &str = "2s";

/// Writes dtnotify's configuration for the demo: the source's JobLogDir, no SMTP relay
/// (the `.eml` outbox), grouping on with a short window, and the information events
/// 5700 (job created) and 5701 (protection started) selected besides errors and
/// warnings, so that the demo's healthy job is mailed too.
pub fn write_conf(layout: &Layout) -> anyhow::Result<()> {
    let text = format!(
        "# dtnotify.toml of the demo, written by dtsuite demo.\n\
         # The source engine's JobLogDir; cursors and spool in state_dir.\n\
         job_log_dir = {job_logs}\n\
         state_dir = {state}\n\
         # No [smtp] section: every mail is an .eml file in outbox_dir.\n\
         outbox_dir = {outbox}\n\
         \n\
         [mail]\n\
         to = [\"demo@localhost\"]\n\
         \n\
         [events]\n\
         # Errors and warnings as in production, plus the information events 5700 (job\n\
         # created) and 5701 (protection started) so that the healthy demo job is mailed.\n\
         levels = [\"error\", \"warning\"]\n\
         ids = \"5700-5701\"\n\
         \n\
         [grouping]\n\
         # One mail per job for the events within the window (30s in production).\n\
         enabled = true\n\
         window = \"{GROUP_WINDOW}\"\n",
        job_logs = toml_string(&layout.source.job_log_dir()),
        state = toml_string(&layout.notify_state),
        outbox = toml_string(&layout.outbox),
    );
    std::fs::write(&layout.notify_conf, text)
        .with_context(|| format!("cannot write {}", layout.notify_conf.display()))
}

/// How many mails (`.eml` files) are in `outbox`; none if it does not exist yet.
pub fn mails_in(outbox: &Path) -> usize {
    std::fs::read_dir(outbox).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|ext| ext == "eml"))
            .count()
    })
}

/// `path` as a TOML basic string, quoted and escaped.
fn toml_string(path: &Path) -> String {
    toml::Value::String(path.display().to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_count_is_its_eml_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(mails_in(&dir.path().join("missing")), 0);
        for name in ["a.eml", "b.eml", "c.tmp"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(mails_in(dir.path()), 2);
    }
}
