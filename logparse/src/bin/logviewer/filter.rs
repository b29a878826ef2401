//! Which messages LogViewer shows: `-TYPE`, `-INCLUDE`, `-EXCLUDE`.

use logparse::dtl::Level;
use logparse::id_list::IdList;

/// The selection made by the command line.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Show information messages too (`-TYPE 2`), not only warnings and errors.
    pub information: bool,
    /// When set, only these IDs.
    pub include: Option<IdList>,
    /// When set, none of these IDs.
    pub exclude: Option<IdList>,
}

impl Filter {
    /// Whether a message of this type and ID is shown.
    pub fn accepts(&self, level: Level, id: u32) -> bool {
        (self.information || level == Level::Alert)
            && self.include.as_ref().is_none_or(|list| list.contains(id))
            && !self.exclude.as_ref().is_some_and(|list| list.contains(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(information: bool, include: Option<&str>, exclude: Option<&str>) -> Filter {
        Filter {
            information,
            include: include.map(|s| s.parse().unwrap()),
            exclude: exclude.map(|s| s.parse().unwrap()),
        }
    }

    #[test]
    fn type_1_shows_only_warnings_and_errors() {
        let f = filter(false, None, None);
        assert!(f.accepts(Level::Alert, 4011));
        assert!(!f.accepts(Level::Info, 4019));
    }

    #[test]
    fn include_then_exclude() {
        let f = filter(true, Some("4000-4100"), Some("4016-4017"));
        assert!(f.accepts(Level::Info, 4000));
        assert!(f.accepts(Level::Alert, 4100));
        assert!(!f.accepts(Level::Info, 4016));
        assert!(!f.accepts(Level::Info, 4101));
        assert!(!f.accepts(Level::Info, 0));
    }
}
