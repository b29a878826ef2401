//! DT.conf, table-driven (guide chapter 12, Linux).
//!
//! DT.conf holds `Name=Value` lines and `#` comments (`logparse::dtconf` keeps it line
//! by line). Every Linux setting of the guide is a row of [`GUIDE_SETTINGS`] with its
//! kind of value, range, default and restart rule; dtsuite's own settings
//! (`ManagementAddress`, `ManagementPort`, `StatsAddress`, `NetAddress`, `JobLogDir`, `DataDir`, …) are
//! the rows of [`DTSUITE_SETTINGS`]. Names compare case-insensitively.
//!
//! - [`SettingsStore::load`] never fails on content: an out-of-range or unreadable value
//!   is replaced by its default, an unknown name or a malformed line is ignored, and each
//!   comes back as a [`SettingsWarning`] for the engine log (event 4045 for values).
//!   Rows the guide lists as no longer used accept any value and are ignored.
//! - Relative paths resolve against DT.conf's directory; the guide's paths that default
//!   to "where the product is installed" (`BackupDir`, `DataPath`, `MoveOrphansDir`,
//!   `QJournalDir`) default to `DataDir`. `LogDir` defaults to `/var/log/DT`.
//! - [`SettingsStore::set`] validates (101 on a bad name or value), rewrites DT.conf
//!   atomically keeping comments and order, and reports whether the guide requires a
//!   service restart.
//! - [`EngineSettings`] is the typed snapshot of the rows the engine acts on
//!   ([`Setting::engine_uses`]); the others are validated and kept only.

mod dtsuite_settings;
mod engine_settings;
mod guide_settings;
mod kind;
pub mod persist;
mod report;
mod store;
mod table;
mod value;
mod warning;

use serde::{Deserialize, Serialize};

pub use dtsuite_settings::{
    DEFAULT_DATA_DIR, DEFAULT_JOB_LOG_DIR, DEFAULT_LOOPBACK, DTSUITE_SETTINGS,
};
pub use engine_settings::EngineSettings;
pub use guide_settings::GUIDE_SETTINGS;
pub use kind::{Choice, Kind, OPEN_COUNT, OPEN_SIZE, UNLIMITED};
pub use report::{options_table, OptionEntry, SetOutcome, SettingReport, Source};
pub use store::SettingsStore;
pub use table::{all, find, DefaultValue, Restart, Setting};
pub use value::SettingValue;
pub use warning::{SettingsWarning, INVALID_VALUE_EVENT};

use crate::EngineError;

/// The management requests of this area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsRequest {
    /// One setting's effective value, default and source: `{"get":{"name":"LogDir"}}`.
    Get {
        /// The setting's name (any case).
        name: String,
    },
    /// Validate, persist and apply a value: `{"set":{"name":"NetPort","value":"1600"}}`.
    Set {
        /// The setting's name (any case).
        name: String,
        /// The new value as it would be written in DT.conf.
        value: String,
    },
    /// Every setting with its value, default, range and restart rule: `"options"`.
    Options,
}

/// Answers one management request of this area: `get` gives a [`SettingReport`], `set`
/// a [`SetOutcome`], `options` a list of [`OptionEntry`].
pub fn handle(
    state: &SettingsStore,
    request: SettingsRequest,
) -> Result<serde_json::Value, EngineError> {
    let answer = match request {
        SettingsRequest::Get { name } => {
            let setting = table::find_or_invalid(&name)?;
            let (value, source) = state.value_of(setting);
            serde_json::to_value(SettingReport {
                name: setting.name.to_owned(),
                value: value.map(|v| v.to_string()),
                default: state.default_of(setting).map(|v| v.to_string()),
                source,
            })
        }
        SettingsRequest::Set { name, value } => serde_json::to_value(state.set(&name, &value)?),
        SettingsRequest::Options => serde_json::to_value(
            all()
                .map(|setting| {
                    let (value, source) = state.value_of(setting);
                    OptionEntry {
                        name: setting.name.to_owned(),
                        value: value.map(|v| v.to_string()),
                        default: state.default_of(setting).map(|v| v.to_string()),
                        source,
                        values: setting.kind.values_text(),
                        restart_required: setting.restart.required(),
                        restart_condition: setting.restart.condition().map(str::to_owned),
                        no_longer_used: setting.no_longer_used(),
                        engine_uses: setting.engine_uses,
                        description: setting.description.to_owned(),
                    }
                })
                .collect::<Vec<_>>(),
        ),
    };
    answer.map_err(|e| EngineError::unknown(format!("cannot encode the answer: {e}")))
}
