//! The replication set database: the file RepSetDBName (default `DbTake.db`) in the data
//! directory, JSON, replaced atomically on every change.
//!
//! A change is written to `<RepSetDBName>.tmp` in the same directory, synced, renamed
//! over the database and the directory synced, so a crash leaves either the old or the
//! new database, never a torn one; a leftover temporary file is ignored. A database that
//! cannot be read is reported with its path and never overwritten.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::codes::SET_NOT_SAVED;
use super::set::ReplicationSet;
use crate::EngineError;

/// The guide's default RepSetDBName.
pub const DEFAULT_REPSET_DB_NAME: &str = "DbTake.db";

/// The version of the database layout this engine writes and reads.
const FORMAT_VERSION: u32 = 1;

/// The database file's contents.
#[derive(Debug, Serialize, Deserialize)]
struct DatabaseFile {
    version: u32,
    replication_sets: Vec<ReplicationSet>,
}

/// Where the database lives, and how it is read and replaced.
#[derive(Debug, Clone)]
pub struct Database {
    path: PathBuf,
}

impl Database {
    /// The database `db_name` (a plain file name) in `data_dir`.
    pub fn new(data_dir: &Path, db_name: &str) -> Result<Database, EngineError> {
        let is_plain_name = !db_name.is_empty()
            && db_name != "."
            && db_name != ".."
            && !db_name.contains('/')
            && !db_name.chars().any(char::is_control);
        if !is_plain_name {
            return Err(EngineError::invalid_parameter(format!(
                "RepSetDBName={db_name:?} is not a file name"
            )));
        }
        Ok(Database {
            path: data_dir.join(db_name),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary file a change is written to before it replaces the database.
    pub fn temp_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".tmp");
        self.path.with_file_name(name)
    }

    /// The stored sets; none when the file does not exist yet.
    pub fn load(&self) -> Result<Vec<ReplicationSet>, EngineError> {
        let text = match fs::read(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => {
                return Err(EngineError::unknown(format!(
                    "cannot read the replication set database {}: {err}",
                    self.path.display()
                )))
            }
        };
        let corrupt = |reason: String| {
            EngineError::unknown(format!(
                "the replication set database {} is corrupt ({reason}); it was left as it is",
                self.path.display()
            ))
        };
        let file: DatabaseFile =
            serde_json::from_slice(&text).map_err(|err| corrupt(err.to_string()))?;
        if file.version != FORMAT_VERSION {
            return Err(corrupt(format!(
                "version {} where {FORMAT_VERSION} is expected",
                file.version
            )));
        }
        let mut names = BTreeSet::new();
        file.replication_sets
            .into_iter()
            .map(|set| {
                let set = set.checked().map_err(|err| corrupt(err.to_string()))?;
                if !names.insert(set.name().to_string()) {
                    return Err(corrupt(format!("two sets named {:?}", set.name())));
                }
                Ok(set)
            })
            .collect()
    }

    /// Replaces the database with `sets`, atomically; error 144 when it cannot.
    pub fn save<'a>(
        &self,
        sets: impl IntoIterator<Item = &'a ReplicationSet>,
    ) -> Result<(), EngineError> {
        let file = DatabaseFile {
            version: FORMAT_VERSION,
            replication_sets: sets.into_iter().cloned().collect(),
        };
        self.replace_with(&file).map_err(|err| {
            EngineError::new(
                SET_NOT_SAVED,
                format!(
                    "cannot write the replication set database {}: {err}",
                    self.path.display()
                ),
            )
        })
    }

    fn replace_with(&self, file: &DatabaseFile) -> io::Result<()> {
        let mut text = serde_json::to_vec_pretty(file)?;
        text.push(b'\n');
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let temp = self.temp_path();
        let mut out = File::create(&temp)?;
        out.write_all(&text)?;
        out.sync_all()?;
        drop(out);
        fs::rename(&temp, &self.path)?;
        File::open(dir)?.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repset::rule::{Rule, RuleAttributes};
    use crate::repset::size::SetSize;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[test]
    fn the_db_name_must_be_a_plain_file_name() {
        let dir = Path::new("/var/lib/dt");
        assert_eq!(
            Database::new(dir, DEFAULT_REPSET_DB_NAME).unwrap().path(),
            Path::new("/var/lib/dt/DbTake.db")
        );
        for bad in ["", ".", "..", "a/b", "a\nb"] {
            assert_eq!(Database::new(dir, bad).unwrap_err().code, 101, "{bad:?}");
        }
    }

    #[test]
    fn a_missing_file_is_an_empty_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::new(&dir.path().join("not-yet"), "DbTake.db").unwrap();
        assert_eq!(db.load().unwrap(), Vec::new());
    }

    #[test]
    fn an_unwritable_database_is_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        // The data directory is a file: nothing can be written below it.
        let data_dir = dir.path().join("data");
        fs::write(&data_dir, "").unwrap();
        let err = Database::new(&data_dir, "DbTake.db")
            .unwrap()
            .save([])
            .unwrap_err();
        assert_eq!(err.code, 144);
        assert!(err.detail.contains("DbTake.db"), "{err}");
    }

    #[test]
    fn unknown_versions_and_duplicate_names_are_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::new(dir.path(), "DbTake.db").unwrap();
        fs::write(db.path(), r#"{"version":2,"replication_sets":[]}"#).unwrap();
        assert!(db.load().unwrap_err().detail.contains("version 2"));

        let set = ReplicationSet::new("web", Vec::new(), Utc::now()).unwrap();
        let json = serde_json::to_string(&set).unwrap();
        fs::write(
            db.path(),
            format!(r#"{{"version":1,"replication_sets":[{json},{json}]}}"#),
        )
        .unwrap();
        assert!(db
            .load()
            .unwrap_err()
            .detail
            .contains("two sets named \"web\""));

        let relative = json.replace(
            r#""rules":[]"#,
            r#""rules":[{"path":"srv","attributes":{"inclusion":"include","recursive":true}}]"#,
        );
        fs::write(
            db.path(),
            format!(r#"{{"version":1,"replication_sets":[{relative}]}}"#),
        )
        .unwrap();
        let err = db.load().unwrap_err();
        assert!(
            err.detail.contains("rule 1: path \"srv\" is not absolute"),
            "{err}"
        );
    }

    fn arb_set() -> impl Strategy<Value = ReplicationSet> {
        let rule =
            ("(/[a-z ,]{1,5}){0,4}", any::<bool>(), any::<bool>()).prop_map(|(p, inc, rec)| {
                let attributes = if inc {
                    RuleAttributes::INCLUDE_RECURSIVE
                } else {
                    RuleAttributes::EXCLUDE_RECURSIVE
                };
                Rule::new(
                    if p.is_empty() { "/".to_string() } else { p },
                    RuleAttributes {
                        recursive: rec,
                        ..attributes
                    },
                )
                .unwrap()
            });
        (
            "[^\\p{Cc}]{1,20}",
            prop::collection::vec(rule, 0..6),
            0i64..4_000_000_000,
            prop::option::of((any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>())),
        )
            .prop_map(|(name, rules, secs, size)| {
                let at = Utc.timestamp_opt(secs, 0).unwrap();
                let set = ReplicationSet::new(&name, rules, at).unwrap();
                match size {
                    Some((files, directories, bytes, unreadable)) => set.with_size(SetSize {
                        files,
                        directories,
                        bytes,
                        unreadable,
                        calculated_at: at,
                    }),
                    None => set,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn save_then_load_gives_the_sets_back(sets in prop::collection::vec(arb_set(), 0..4)) {
            let dir = tempfile::tempdir().unwrap();
            let db = Database::new(dir.path(), "DbTake.db").unwrap();
            let by_name: BTreeMap<String, ReplicationSet> =
                sets.into_iter().map(|set| (set.name().to_string(), set)).collect();
            let sets: Vec<ReplicationSet> = by_name.into_values().collect();
            db.save(&sets).unwrap();
            prop_assert_eq!(db.load().unwrap(), sets);
            prop_assert!(!db.temp_path().exists());
        }

        #[test]
        fn a_set_round_trips_through_json(set in arb_set()) {
            let json = serde_json::to_string(&set).unwrap();
            prop_assert_eq!(serde_json::from_str::<ReplicationSet>(&json).unwrap(), set);
        }
    }
}
