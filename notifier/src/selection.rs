//! Which job events become mail: by ID or range, by level, minus exclusions; recovery
//! events follow their problem.

use logparse::catalog::EventLevel;
use logparse::id_list::IdList;

/// The `[events]` choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// IDs and ranges mailed whatever their level.
    pub ids: Option<IdList>,
    /// Levels mailed (default Error and Warning).
    pub levels: Vec<EventLevel>,
    /// IDs never mailed (recoveries of mailed problems excepted).
    pub exclude: Option<IdList>,
    /// Whether 5712/5714/5717/5718 are mailed when the problem they end was mailed.
    pub recoveries: bool,
}

impl Default for Selection {
    /// All Error and Warning events, recoveries of mailed problems.
    fn default() -> Selection {
        Selection {
            ids: None,
            levels: vec![EventLevel::Error, EventLevel::Warning],
            exclude: None,
            recoveries: true,
        }
    }
}

impl Selection {
    /// Whether event `id` of `level` is mailed on its own account.
    pub fn selects(&self, id: u32, level: EventLevel) -> bool {
        let chosen =
            self.levels.contains(&level) || self.ids.as_ref().is_some_and(|ids| ids.contains(id));
        chosen && !self.exclude.as_ref().is_some_and(|ids| ids.contains(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_mails_errors_and_warnings_only() {
        let selection = Selection::default();
        assert!(selection.selects(5716, EventLevel::Error));
        assert!(selection.selects(5704, EventLevel::Warning));
        assert!(!selection.selects(5717, EventLevel::Information));
    }

    #[test]
    fn ids_add_and_exclude_removes() {
        let selection = Selection {
            ids: Some("5700-5701".parse().unwrap()),
            exclude: Some("5704,5709".parse().unwrap()),
            ..Selection::default()
        };
        assert!(selection.selects(5701, EventLevel::Information));
        assert!(!selection.selects(5702, EventLevel::Information));
        assert!(!selection.selects(5704, EventLevel::Warning));
        assert!(!selection.selects(5709, EventLevel::Error));
    }
}
