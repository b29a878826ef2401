//! DT.conf: read with the engine's own settings table; every warning the engine would
//! log is a failure here.

use std::path::Path;

use engine::settings::{EngineSettings, SettingsStore};

use super::outcome::{Check, Outcome};

/// Checks the DT.conf at `path` (a missing file is a failure only when `explicit`);
/// returns the check and, when it could be read, the engine settings it gives (the
/// defaults for what it does not set, all of them when the file is missing).
pub fn check(path: &Path, explicit: bool) -> (Check, Option<EngineSettings>) {
    let name = format!("DT.conf {}", path.display());
    let missing = !path.exists();
    if missing && explicit {
        return (Check::new(name, Outcome::Fail("no such file".into())), None);
    }
    match SettingsStore::load(path) {
        Err(err) => (Check::new(name, Outcome::Fail(err.to_string())), None),
        Ok((store, warnings)) => {
            let settings = EngineSettings::from_store(&store);
            let outcome = if missing {
                Outcome::Skip("not present; the engine runs on its defaults".into())
            } else if warnings.is_empty() {
                Outcome::Pass("parses with no warnings".into())
            } else {
                let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
                Outcome::Fail(lines.join(" "))
            };
            (Check::new(name, outcome), Some(settings))
        }
    }
}
