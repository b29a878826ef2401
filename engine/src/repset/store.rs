//! The engine's replication sets: the database in memory behind a lock, every change
//! written through to the file before it takes effect.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use chrono::Utc;
use logparse::dtl::Severity;

use super::codes::{SET_CHANGED, SET_DOES_NOT_EXIST, SET_EXISTS, SET_IN_USE};
use super::database::Database;
use super::rule::Rule;
use super::set::{ReplicationSet, SetError};
use super::size::{calculate_size, SetSize};
use super::view::RepSetView;
use crate::event_log::EventLog;
use crate::EngineError;

/// Event 4073, "A replication set has been modified.", logged when a set in use changes.
pub const REPLICATION_SET_MODIFIED: u32 = 4073;

/// The replication sets of one engine and their database.
#[derive(Debug)]
pub struct RepSetStore {
    database: Database,
    log: EventLog,
    state: Mutex<State>,
}

/// The sets by name, and the names of the sets jobs are using.
#[derive(Debug)]
struct State {
    sets: BTreeMap<String, ReplicationSet>,
    in_use: BTreeSet<String>,
}

impl RepSetStore {
    /// Opens the database `db_name` (RepSetDBName) in `data_dir`; a missing file is an
    /// empty database, a corrupt one an error naming it (the file is left untouched).
    pub fn open(data_dir: &Path, db_name: &str, log: EventLog) -> Result<RepSetStore, EngineError> {
        let database = Database::new(data_dir, db_name)?;
        let sets = database
            .load()?
            .into_iter()
            .map(|set| (set.name().to_string(), set))
            .collect();
        Ok(RepSetStore {
            database,
            log,
            state: Mutex::new(State {
                sets,
                in_use: BTreeSet::new(),
            }),
        })
    }

    /// The database file.
    pub fn database_path(&self) -> &Path {
        self.database.path()
    }

    /// Creates the set `name` with `rules`: 101 for a bad name or rule, 122 when the
    /// name is taken.
    pub fn create(&self, name: &str, rules: Vec<Rule>) -> Result<RepSetView, EngineError> {
        let set = ReplicationSet::new(name, rules, Utc::now()).map_err(refused(name))?;
        let mut state = self.lock();
        if state.sets.contains_key(name) {
            return Err(EngineError::new(
                SET_EXISTS,
                format!("a replication set named {name:?} exists"),
            ));
        }
        let mut sets = state.sets.clone();
        sets.insert(name.to_string(), set.clone());
        self.commit(&mut state, sets)?;
        Ok(RepSetView { set, in_use: false })
    }

    /// Every set, by name.
    pub fn list(&self) -> Vec<RepSetView> {
        let state = self.lock();
        state.sets.values().map(|set| state.view(set)).collect()
    }

    /// The set `name` with its In Use flag; 123 when there is none.
    pub fn show(&self, name: &str) -> Result<RepSetView, EngineError> {
        let state = self.lock();
        Ok(state.view(state.get(name)?))
    }

    /// The set `name`, e.g. for a job to mirror; 123 when there is none.
    pub fn get(&self, name: &str) -> Result<ReplicationSet, EngineError> {
        self.lock().get(name).cloned()
    }

    /// Replaces the rules of set `name`; its size is dropped. Logs 4073 when a job uses
    /// the set. Rules equal to the present ones change nothing.
    pub fn modify(&self, name: &str, rules: Vec<Rule>) -> Result<RepSetView, EngineError> {
        let mut state = self.lock();
        let current = state.get(name)?;
        let modified = current
            .with_rules(rules, Utc::now())
            .map_err(refused(name))?;
        if modified.rules() == current.rules() {
            return Ok(state.view(current));
        }
        let mut sets = state.sets.clone();
        sets.insert(name.to_string(), modified.clone());
        self.commit(&mut state, sets)?;
        let in_use = state.in_use.contains(name);
        drop(state);
        if in_use {
            self.log.record(REPLICATION_SET_MODIFIED, &[]);
        }
        Ok(RepSetView {
            set: modified,
            in_use,
        })
    }

    /// Deletes set `name`: 123 when there is none, 130 when a job uses it.
    pub fn delete(&self, name: &str) -> Result<(), EngineError> {
        let mut state = self.lock();
        state.get(name)?;
        if state.in_use.contains(name) {
            return Err(EngineError::new(
                SET_IN_USE,
                format!("replication set {name:?} is used by a job"),
            ));
        }
        let mut sets = state.sets.clone();
        sets.remove(name);
        self.commit(&mut state, sets)?;
        drop(state);
        self.note(
            Severity::Release,
            &format!("Deleted replication set named {name}"),
        );
        Ok(())
    }

    /// Calculates the size of set `name` (without holding the lock during the walk) and
    /// stores it; 129 when the set's rules changed meanwhile, 123 when it was deleted.
    pub fn calculate(&self, name: &str) -> Result<RepSetView, EngineError> {
        let set = self.get(name)?;
        self.note(
            Severity::Release,
            &format!("Calculating repset size... RepSet: {name}"),
        );
        let started = Instant::now();
        let report = calculate_size(&set);
        if let Some(first) = &report.first_unreadable {
            self.note(
                Severity::Alert,
                &format!(
                    "RepSet size calc could not read {} path(s) of RepSet: {name}, the first: {first}",
                    report.size.unreadable
                ),
            );
        }
        self.note(
            Severity::Release,
            &format!(
                "---RepSet size calc done !!! Size: {} Time spent: {}ms RepSet: {name}",
                report.size.bytes,
                started.elapsed().as_millis()
            ),
        );
        self.store_size(&set, report.size)
    }

    /// Stores `size`, calculated for `calculated`, if the set still has its rules.
    fn store_size(
        &self,
        calculated: &ReplicationSet,
        size: SetSize,
    ) -> Result<RepSetView, EngineError> {
        let name = calculated.name();
        let mut state = self.lock();
        let current = state.get(name)?;
        if current.rules() != calculated.rules() {
            return Err(EngineError::new(
                SET_CHANGED,
                format!("replication set {name:?} was modified during its size calculation"),
            ));
        }
        let sized = current.with_size(size);
        let mut sets = state.sets.clone();
        sets.insert(name.to_string(), sized.clone());
        self.commit(&mut state, sets)?;
        Ok(state.view(&sized))
    }

    /// Marks set `name` as used by a job or not (the guide's In Use); 123 when there is
    /// none. Not persisted: jobs mark their sets again when the engine starts.
    pub fn set_in_use(&self, name: &str, in_use: bool) -> Result<(), EngineError> {
        let mut state = self.lock();
        state.get(name)?;
        if in_use {
            state.in_use.insert(name.to_string());
        } else {
            state.in_use.remove(name);
        }
        Ok(())
    }

    /// Whether a job uses set `name`.
    pub fn is_in_use(&self, name: &str) -> bool {
        self.lock().in_use.contains(name)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `sets` to the database and, once that succeeded, makes them current.
    fn commit(
        &self,
        state: &mut State,
        sets: BTreeMap<String, ReplicationSet>,
    ) -> Result<(), EngineError> {
        self.database.save(sets.values())?;
        state.sets = sets;
        Ok(())
    }

    /// Logs a message of the guide's that has no catalogue ID (ID 0).
    fn note(&self, severity: Severity, text: &str) {
        if let Err(err) = self.log.message(severity, 0, text) {
            eprintln!("dtengine: cannot write to the engine log: {err}");
        }
    }
}

impl State {
    fn get(&self, name: &str) -> Result<&ReplicationSet, EngineError> {
        self.sets.get(name).ok_or_else(|| {
            EngineError::new(
                SET_DOES_NOT_EXIST,
                format!("no replication set named {name:?}"),
            )
        })
    }

    fn view(&self, set: &ReplicationSet) -> RepSetView {
        RepSetView {
            set: set.clone(),
            in_use: self.in_use.contains(set.name()),
        }
    }
}

/// Maps a refused set to 101 naming the set.
fn refused(name: &str) -> impl Fn(SetError) -> EngineError + '_ {
    move |err| EngineError::invalid_parameter(format!("replication set {name:?}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repset::rule::RuleAttributes;
    use logparse::dtl::AppenderConfig;

    #[test]
    fn a_size_for_rules_that_changed_meanwhile_is_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let log = EventLog::open(AppenderConfig {
            dir: dir.path().join("log"),
            ..AppenderConfig::default()
        })
        .unwrap();
        let store = RepSetStore::open(dir.path(), "DbTake.db", log).unwrap();
        let rule = |p: &str| Rule::new(p, RuleAttributes::INCLUDE_RECURSIVE).unwrap();
        store.create("web", vec![rule("/srv/a")]).unwrap();
        let calculated = store.get("web").unwrap();
        let size = calculate_size(&calculated).size;
        store.modify("web", vec![rule("/srv/b")]).unwrap();
        assert_eq!(
            store
                .store_size(&calculated, size.clone())
                .unwrap_err()
                .code,
            129
        );
        assert_eq!(store.get("web").unwrap().size(), None);

        store.delete("web").unwrap();
        assert_eq!(store.store_size(&calculated, size).unwrap_err().code, 123);
    }
}
