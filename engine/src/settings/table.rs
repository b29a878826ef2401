//! The shape of the settings table: one row per DT.conf setting with its kind of value,
//! default and whether a change needs a service restart.

use super::dtsuite_settings::DTSUITE_SETTINGS;
use super::guide_settings::GUIDE_SETTINGS;
use super::kind::Kind;
use super::value::SettingValue;
use crate::EngineError;

/// A setting's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// This value, as it would be written in DT.conf.
    Value(&'static str),
    /// Where the product is installed: dtsuite's `DataDir`.
    InstallLocation,
    /// The guide gives none ("N/A", or a description-only row).
    NotGiven,
}

/// Whether a changed value takes effect only after the service restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restart {
    /// A restart is required.
    Yes,
    /// The change applies without a restart.
    No,
    /// It depends; the text says on what (a restart is then reported as required).
    Conditional(&'static str),
}

impl Restart {
    /// Whether a change may need a restart (conditional counts as yes).
    pub fn required(self) -> bool {
        !matches!(self, Restart::No)
    }

    /// The condition, for a conditional restart.
    pub fn condition(self) -> Option<&'static str> {
        match self {
            Restart::Conditional(text) => Some(text),
            Restart::Yes | Restart::No => None,
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The name as DT.conf spells it (names compare case-insensitively).
    pub name: &'static str,
    /// What it controls, in a line.
    pub description: &'static str,
    /// What its value may be.
    pub kind: Kind,
    /// Its default.
    pub default: DefaultValue,
    /// Whether a change needs a service restart.
    pub restart: Restart,
    /// Whether dtsuite's engine acts on it; the others are validated and kept only.
    pub engine_uses: bool,
}

impl Setting {
    /// Whether the guide lists it only with a description (no longer used or internal).
    pub fn no_longer_used(&self) -> bool {
        self.kind == Kind::NoLongerUsed
    }

    /// Parses `value` as written in DT.conf; 101 naming the setting, the value and what
    /// is allowed when it is not acceptable.
    pub fn parse(&self, value: &str) -> Result<SettingValue, EngineError> {
        self.kind.parse(value).ok_or_else(|| {
            EngineError::invalid_parameter(format!(
                "{}={value}: must be {}",
                self.name,
                self.kind.allowed()
            ))
        })
    }
}

/// Every setting: the guide's rows, then dtsuite's own.
pub fn all() -> impl Iterator<Item = &'static Setting> {
    GUIDE_SETTINGS.iter().chain(DTSUITE_SETTINGS.iter())
}

/// The row of setting `name`, compared case-insensitively as DT.conf does.
pub fn find(name: &str) -> Option<&'static Setting> {
    all().find(|setting| setting.name.eq_ignore_ascii_case(name))
}

/// The row of `name`, or 101 "unknown setting".
pub fn find_or_invalid(name: &str) -> Result<&'static Setting, EngineError> {
    find(name).ok_or_else(|| EngineError::invalid_parameter(format!("unknown setting {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_case_insensitively() {
        assert_eq!(find("logdir").map(|s| s.name), Some("LogDir"));
        assert_eq!(
            find("MANAGEMENTPORT").map(|s| s.name),
            Some("ManagementPort")
        );
        assert_eq!(find("NoSuchSetting"), None);
        assert_eq!(find_or_invalid("NoSuchSetting").unwrap_err().code, 101);
    }

    #[test]
    fn conditional_restart_counts_as_required() {
        assert!(Restart::Yes.required());
        assert!(!Restart::No.required());
        let conditional = Restart::Conditional("on a source");
        assert!(conditional.required());
        assert_eq!(conditional.condition(), Some("on a source"));
    }

    #[test]
    fn parse_errors_name_setting_value_and_range() {
        let err = find("MaxNumberofLogFiles")
            .unwrap()
            .parse("1000")
            .unwrap_err();
        assert_eq!(err.code, 101);
        assert_eq!(
            err.detail,
            "MaxNumberofLogFiles=1000: must be between 1 and 999"
        );
    }
}
