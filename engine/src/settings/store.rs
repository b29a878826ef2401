//! The engine's settings: DT.conf read against the table, defaults filled in, and single
//! settings changed in place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use logparse::dtconf::{DtConf, Line};

use super::persist::replace_file;
use super::report::{SetOutcome, Source};
use super::table::{self, DefaultValue, Setting};
use super::value::SettingValue;
use super::warning::SettingsWarning;
use crate::EngineError;

/// The settings of one engine: valid values from its DT.conf, defaults for the rest.
///
/// Relative paths (`LogDir`, `DataDir`, …) are taken from DT.conf's directory, so a
/// test or a second engine can keep everything next to its own DT.conf. The guide's
/// paths that default to "where the product is installed" default to `DataDir`.
#[derive(Debug)]
pub struct SettingsStore {
    path: PathBuf,
    dir: PathBuf,
    /// Valid values read from (or written to) DT.conf, by table name.
    file_values: RwLock<HashMap<&'static str, SettingValue>>,
    /// Serializes [`SettingsStore::set`]'s read-modify-write of the file.
    writer: Mutex<()>,
}

/// A DT.conf value that is not valid for its setting, before the default is known.
struct Rejected {
    setting: &'static Setting,
    value: String,
    line: usize,
}

impl SettingsStore {
    /// Reads DT.conf at `path`: a missing file means all defaults; a file that cannot be
    /// read is an error naming it. Bad values, unknown names and malformed lines are
    /// returned as warnings (in line order) and never stop the load.
    pub fn load(path: &Path) -> Result<(SettingsStore, Vec<SettingsWarning>), EngineError> {
        let cannot_read = |e: std::io::Error| {
            EngineError::unknown(format!("cannot read {}: {e}", path.display()))
        };
        let path = std::path::absolute(path).map_err(cannot_read)?;
        let conf = DtConf::load(&path).map_err(cannot_read)?;
        let mut warnings: Vec<SettingsWarning> = conf
            .malformed()
            .into_iter()
            .map(|m| SettingsWarning::Malformed {
                line: m.line_no,
                text: m.text,
            })
            .collect();
        let mut effective: HashMap<&'static str, (&'static Setting, usize, &str)> = HashMap::new();
        for (index, line) in conf.lines().iter().enumerate() {
            let Line::Setting { name, value } = line else {
                continue;
            };
            let line_no = index + 1;
            match table::find(name) {
                Some(setting) => {
                    let entry = (setting, line_no, value.as_str());
                    if let Some((_, earlier, _)) = effective.insert(setting.name, entry) {
                        warnings.push(SettingsWarning::Overridden {
                            name: setting.name,
                            line: earlier,
                            used_line: line_no,
                        });
                    }
                }
                None => warnings.push(SettingsWarning::UnknownName {
                    name: name.clone(),
                    line: line_no,
                }),
            }
        }
        let mut file_values = HashMap::new();
        let mut rejected = Vec::new();
        for (setting, line, value) in effective.into_values() {
            match setting.kind.parse(value) {
                Some(parsed) => {
                    file_values.insert(setting.name, parsed);
                }
                None => rejected.push(Rejected {
                    setting,
                    value: value.to_owned(),
                    line,
                }),
            }
        }
        let dir = match path.parent() {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("/"),
        };
        let store = SettingsStore {
            path,
            dir,
            file_values: RwLock::new(file_values),
            writer: Mutex::new(()),
        };
        warnings.extend(rejected.into_iter().map(|r| SettingsWarning::InvalidValue {
            name: r.setting.name,
            value: r.value,
            line: r.line,
            allowed: r.setting.kind.allowed(),
            default: store.default_of(r.setting).map(|v| v.to_string()),
        }));
        warnings.sort_by_key(SettingsWarning::line);
        Ok((store, warnings))
    }

    /// The DT.conf this store reads and writes (absolute).
    pub fn conf_path(&self) -> &Path {
        &self.path
    }

    /// The effective value of `name`: DT.conf's when valid, else the default; `None` for
    /// an unknown name or a setting with neither.
    pub fn get(&self, name: &str) -> Option<SettingValue> {
        table::find(name).and_then(|setting| self.value_of(setting).0)
    }

    /// The default of `name` (`None` when unknown or the guide gives none).
    pub fn default_value(&self, name: &str) -> Option<SettingValue> {
        table::find(name).and_then(|setting| self.default_of(setting))
    }

    /// Whether `name`'s effective value comes from DT.conf or is the default.
    pub fn source(&self, name: &str) -> Option<Source> {
        table::find(name).map(|setting| self.value_of(setting).1)
    }

    /// A number (or flag as 0/1, `Unlimited` as `u64::MAX`).
    ///
    /// # Panics
    /// When `name` is not in the table or holds no number: a programming error.
    pub fn u64(&self, name: &str) -> u64 {
        match self.expect(name) {
            SettingValue::Number(n) => n,
            SettingValue::Flag(on) => u64::from(on),
            SettingValue::Unlimited => u64::MAX,
            other => panic!("setting {name} is not a number: {other:?}"),
        }
    }

    /// A `0`/`1` setting.
    ///
    /// # Panics
    /// When `name` is not a flag of the table: a programming error.
    pub fn flag(&self, name: &str) -> bool {
        match self.expect(name) {
            SettingValue::Flag(on) => on,
            other => panic!("setting {name} is not a flag: {other:?}"),
        }
    }

    /// The value as DT.conf text, empty when the setting has none.
    ///
    /// # Panics
    /// When `name` is not in the table: a programming error.
    pub fn string(&self, name: &str) -> String {
        let setting = Self::setting(name);
        self.value_of(setting)
            .0
            .map(|value| value.to_string())
            .unwrap_or_default()
    }

    /// A directory setting, relative ones resolved against DT.conf's directory.
    ///
    /// # Panics
    /// When `name` is not a path setting of the table: a programming error.
    pub fn path(&self, name: &str) -> PathBuf {
        match self.expect(name) {
            SettingValue::Path(path) => self.dir.join(path),
            other => panic!("setting {name} is not a path: {other:?}"),
        }
    }

    /// Validates `value` for `name`, writes it to DT.conf (atomically, keeping every other
    /// line, comment and the order) and makes it the effective value. A bad name or value
    /// is 101 and leaves the file untouched.
    pub fn set(&self, name: &str, value: &str) -> Result<SetOutcome, EngineError> {
        let setting = table::find_or_invalid(name)?;
        let parsed = setting.parse(value.trim())?;
        let text = parsed.to_string();
        let _writing = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        // Read the file again so that edits made since the load are kept.
        let mut conf = DtConf::load(&self.path).map_err(|e| {
            EngineError::unknown(format!("cannot read {}: {e}", self.path.display()))
        })?;
        conf.set(setting.name, &text);
        replace_file(&self.path, conf.to_string().as_bytes()).map_err(|e| {
            EngineError::unknown(format!("cannot write {}: {e}", self.path.display()))
        })?;
        self.file_values
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(setting.name, parsed);
        Ok(SetOutcome {
            name: setting.name.to_owned(),
            value: text,
            restart_required: setting.restart.required(),
            restart_condition: setting.restart.condition().map(str::to_owned),
            no_longer_used: setting.no_longer_used(),
        })
    }

    /// The effective value of `setting` and where it comes from.
    pub(super) fn value_of(&self, setting: &'static Setting) -> (Option<SettingValue>, Source) {
        let from_file = self
            .file_values
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(setting.name)
            .cloned();
        match from_file {
            Some(value) => (Some(value), Source::File),
            None => (self.default_of(setting), Source::Default),
        }
    }

    /// The default of `setting`, with "install location" resolved to `DataDir`'s value.
    pub(super) fn default_of(&self, setting: &'static Setting) -> Option<SettingValue> {
        match setting.default {
            DefaultValue::Value(text) => setting.kind.parse(text),
            DefaultValue::InstallLocation => self.get("DataDir"),
            DefaultValue::NotGiven => None,
        }
    }

    fn setting(name: &str) -> &'static Setting {
        table::find(name).unwrap_or_else(|| panic!("no setting {name} in the table"))
    }

    fn expect(&self, name: &str) -> SettingValue {
        self.value_of(Self::setting(name))
            .0
            .unwrap_or_else(|| panic!("setting {name} has no value"))
    }
}
