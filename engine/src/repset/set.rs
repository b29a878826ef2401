//! A replication set: a unique name, ordered rules, and the size last calculated.

use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::name::{validate_name, NameError};
use super::rule::{Inclusion, Rule, RuleError};
use super::size::SetSize;

/// Why a replication set was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    /// The name is not acceptable.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A rule is not acceptable; `number` counts from 1 in the order given.
    #[error("rule {number}: {source}")]
    Rule {
        /// The rule's position, from 1.
        number: usize,
        /// What is wrong with it.
        source: RuleError,
    },
}

/// A replication set (guide chapter 4): the data a job protects, as ordered rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicationSet {
    name: String,
    rules: Vec<Rule>,
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
    size: Option<SetSize>,
}

impl ReplicationSet {
    /// A new set named `name` with `rules` (paths normalized), created at `now`.
    pub fn new(
        name: &str,
        rules: Vec<Rule>,
        now: DateTime<Utc>,
    ) -> Result<ReplicationSet, SetError> {
        validate_name(name)?;
        Ok(ReplicationSet {
            name: name.to_string(),
            rules: normalized(rules)?,
            created: now,
            modified: now,
            size: None,
        })
    }

    /// This set as read from a database, checked like [`ReplicationSet::new`].
    pub fn checked(self) -> Result<ReplicationSet, SetError> {
        validate_name(&self.name)?;
        Ok(ReplicationSet {
            rules: normalized(self.rules)?,
            ..self
        })
    }

    /// This set with `rules` instead of its own, modified at `now`; the size last
    /// calculated no longer applies and is dropped.
    pub fn with_rules(
        &self,
        rules: Vec<Rule>,
        now: DateTime<Utc>,
    ) -> Result<ReplicationSet, SetError> {
        Ok(ReplicationSet {
            name: self.name.clone(),
            rules: normalized(rules)?,
            created: self.created,
            modified: now,
            size: None,
        })
    }

    /// This set as it stands at `root`: every rule's path moved below `root` (a reversed
    /// job protects the replica its target kept of the set under the target path).
    pub fn rerooted(&self, root: &Path) -> Result<ReplicationSet, SetError> {
        let rules = self
            .rules
            .iter()
            .map(|rule| Rule {
                path: root.join(rule.path.strip_prefix("/").unwrap_or(&rule.path)),
                attributes: rule.attributes,
            })
            .collect();
        Ok(ReplicationSet {
            rules: normalized(rules)?,
            size: None,
            ..self.clone()
        })
    }

    /// This set with its size calculated.
    pub fn with_size(&self, size: SetSize) -> ReplicationSet {
        ReplicationSet {
            size: Some(size),
            ..self.clone()
        }
    }

    /// The set's unique name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// When the set was created.
    pub fn created(&self) -> DateTime<Utc> {
        self.created
    }

    /// When the set's rules last changed.
    pub fn modified(&self) -> DateTime<Utc> {
        self.modified
    }

    /// The size last calculated, if any since the rules last changed.
    pub fn size(&self) -> Option<&SetSize> {
        self.size.as_ref()
    }

    /// Whether `path` is in the set: the most specific rule matching it is an Include
    /// (see the module doc). `path` must be absolute; a relative path or one with a
    /// `..` component is never in the set.
    pub fn includes(&self, path: &Path) -> bool {
        let bytes = path.as_os_str().as_bytes();
        if bytes.first() != Some(&b'/') {
            return false;
        }
        if !is_normalized(bytes) {
            if path.components().any(|c| c == Component::ParentDir) {
                return false;
            }
            return self.includes(&path.components().collect::<PathBuf>());
        }
        let mut deciding: Option<(usize, Inclusion)> = None;
        for rule in &self.rules {
            if let Some(specificity) = rule.specificity_for(path) {
                // `>=`: of equally specific rules, the later one decides.
                if deciding.is_none_or(|(best, _)| specificity >= best) {
                    deciding = Some((specificity, rule.attributes.inclusion));
                }
            }
        }
        deciding.is_some_and(|(_, inclusion)| inclusion == Inclusion::Include)
    }

    /// Whether anything strictly below directory `dir` may be in the set: false only
    /// when no Include rule can match a path below `dir`, so a walk may skip it.
    pub fn may_include_below(&self, dir: &Path) -> bool {
        self.rules.iter().any(|rule| {
            rule.attributes.inclusion == Inclusion::Include
                // A rule at or below `dir` matches its own path or `dir`'s children; one
                // above `dir` reaches below it only with Rec.
                && (rule.path.starts_with(dir)
                    || (rule.attributes.recursive && dir.starts_with(&rule.path)))
        })
    }

    /// The paths of the Include rules with none of them below another: where a walk
    /// of the set starts (the guide's "non-overlapping paths"), sorted.
    pub fn non_overlapping_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<&Path> = self
            .rules
            .iter()
            .filter(|rule| rule.attributes.inclusion == Inclusion::Include)
            .map(|rule| rule.path.as_path())
            .collect();
        paths.sort();
        paths.dedup();
        let mut tops: Vec<PathBuf> = Vec::new();
        for path in paths {
            // Sorted, so an ancestor comes before everything below it.
            if !tops.last().is_some_and(|top| path.starts_with(top)) {
                tops.push(path.to_path_buf());
            }
        }
        tops
    }
}

/// Whether absolute `path` has no empty, `.` or `..` component and no trailing `/`.
fn is_normalized(path: &[u8]) -> bool {
    path == b"/"
        || path[1..]
            .split(|&b| b == b'/')
            .all(|part| !matches!(part, b"" | b"." | b".."))
}

/// `rules` with their paths normalized, or the first refused.
fn normalized(rules: Vec<Rule>) -> Result<Vec<Rule>, SetError> {
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            rule.normalized().map_err(|source| SetError::Rule {
                number: i + 1,
                source,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repset::rule::RuleAttributes;
    use proptest::prelude::*;

    fn rule(path: &str, inclusion: Inclusion, recursive: bool) -> Rule {
        Rule::new(
            path,
            RuleAttributes {
                inclusion,
                recursive,
            },
        )
        .unwrap()
    }

    fn set(rules: Vec<Rule>) -> ReplicationSet {
        ReplicationSet::new("s", rules, Utc::now()).unwrap()
    }

    use Inclusion::{Exclude as Exc, Include as Inc};

    #[test]
    fn the_module_doc_example() {
        let mut rules = vec![
            rule("/srv", Inc, true),
            rule("/srv/cache", Exc, true),
            rule("/srv/cache/keep", Inc, true),
        ];
        let s = set(rules.clone());
        let yes = |s: &ReplicationSet, p: &str| s.includes(Path::new(p));
        assert!(yes(&s, "/srv"));
        assert!(yes(&s, "/srv/www/index.html"));
        assert!(!yes(&s, "/srv/cache"));
        assert!(!yes(&s, "/srv/cache/x/y"));
        assert!(yes(&s, "/srv/cache/keep/z"));
        assert!(!yes(&s, "/srvx"));
        assert!(!yes(&s, "/"));
        rules.push(rule("/srv", Exc, true));
        let s = set(rules);
        assert!(!yes(&s, "/srv/www/index.html"));
        assert!(yes(&s, "/srv/cache/keep/z"));
    }

    #[test]
    fn a_rerooted_set_includes_the_same_paths_below_the_root() {
        let s = set(vec![rule("/srv", Inc, true), rule("/srv/cache", Exc, true)]);
        let moved = s.rerooted(Path::new("/replica")).unwrap();
        assert_eq!(moved.name(), "s");
        assert!(moved.includes(Path::new("/replica/srv/www")));
        assert!(!moved.includes(Path::new("/replica/srv/cache/x")));
        assert!(!moved.includes(Path::new("/srv/www")));
        assert_eq!(moved.rerooted(Path::new("/")).unwrap(), moved);
    }

    #[test]
    fn a_non_recursive_rule_covers_immediate_children_only() {
        let s = set(vec![rule("/", Inc, true), rule("/data", Exc, false)]);
        assert!(!s.includes(Path::new("/data")));
        assert!(!s.includes(Path::new("/data/file")));
        assert!(s.includes(Path::new("/data/sub/file")));
        let s = set(vec![rule("/data", Inc, false)]);
        assert!(s.includes(Path::new("/data/file")));
        assert!(!s.includes(Path::new("/data/sub/file")));
    }

    #[test]
    fn relative_and_parent_paths_are_never_included() {
        let s = set(vec![rule("/", Inc, true)]);
        assert!(s.includes(Path::new("/etc/passwd")));
        assert!(!s.includes(Path::new("etc/passwd")));
        assert!(!s.includes(Path::new("/srv/../etc/passwd")));
        assert!(!s.includes(Path::new("/srv/..")));
        let s = set(vec![rule("/srv", Inc, true), rule("/srv/tmp", Exc, false)]);
        assert!(s.includes(Path::new("//srv/./www/")));
        assert!(!s.includes(Path::new("/srv//tmp/.")));
        assert!(!set(Vec::new()).includes(Path::new("/")));
    }

    #[test]
    fn a_walk_skips_only_directories_no_include_can_reach() {
        let s = set(vec![
            rule("/srv", Inc, false),
            rule("/srv/cache", Exc, true),
            rule("/srv/cache/keep", Inc, true),
            rule("/opt", Inc, true),
            rule("/opt/tmp", Exc, true),
        ]);
        let below = |p: &str| s.may_include_below(Path::new(p));
        assert!(below("/"));
        assert!(below("/srv"));
        assert!(!below("/srv/www"));
        assert!(below("/srv/cache"));
        assert!(below("/srv/cache/keep/deep"));
        assert!(below("/opt/tmp"));
        assert!(!below("/home"));
    }

    #[test]
    fn non_overlapping_paths_are_the_topmost_includes() {
        let s = set(vec![
            rule("/srv/www", Inc, true),
            rule("/srv", Inc, false),
            rule("/srv/www/x", Inc, true),
            rule("/opt", Exc, true),
            rule("/srv b", Inc, true),
            rule("/home/a", Inc, true),
            rule("/home/a", Inc, false),
        ]);
        assert_eq!(
            s.non_overlapping_paths(),
            vec![
                PathBuf::from("/home/a"),
                PathBuf::from("/srv"),
                PathBuf::from("/srv b")
            ]
        );
    }

    #[test]
    fn bad_rules_are_refused_by_number() {
        let rules = vec![
            rule("/srv", Inc, true),
            Rule {
                path: PathBuf::from("srv"),
                attributes: RuleAttributes::INCLUDE_RECURSIVE,
            },
        ];
        assert_eq!(
            ReplicationSet::new("s", rules, Utc::now())
                .unwrap_err()
                .to_string(),
            "rule 2: path \"srv\" is not absolute"
        );
        assert_eq!(
            ReplicationSet::new("", Vec::new(), Utc::now()),
            Err(SetError::Name(NameError::Empty))
        );
    }

    /// Paths over a three-letter alphabet, `/` to four levels deep.
    fn arb_path(max_depth: usize) -> impl Strategy<Value = PathBuf> {
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c"]), 0..=max_depth)
            .prop_map(|parts| PathBuf::from(format!("/{}", parts.join("/"))))
    }

    fn arb_rule() -> impl Strategy<Value = Rule> {
        (arb_path(3), any::<bool>(), any::<bool>()).prop_map(|(path, inc, recursive)| Rule {
            path,
            attributes: RuleAttributes {
                inclusion: if inc { Inc } else { Exc },
                recursive,
            },
        })
    }

    fn arb_rules() -> impl Strategy<Value = Vec<Rule>> {
        prop::collection::vec(arb_rule(), 0..7)
    }

    /// The semantics told another way: from the path upwards, the first ancestor (or the
    /// path itself) that has a rule reaching the path decides, by its last such rule.
    fn reference_includes(rules: &[Rule], path: &Path) -> bool {
        for (distance, ancestor) in path.ancestors().enumerate() {
            let deciding = rules
                .iter()
                .rev()
                .find(|r| r.path == ancestor && (r.attributes.recursive || distance <= 1));
            if let Some(r) = deciding {
                return r.attributes.inclusion == Inc;
            }
        }
        false
    }

    proptest! {
        #[test]
        fn includes_agrees_with_the_reference(rules in arb_rules(), path in arb_path(4)) {
            prop_assert_eq!(set(rules.clone()).includes(&path), reference_includes(&rules, &path));
        }

        /// Repeated `/`, `.` components and a trailing `/` do not change the answer.
        #[test]
        fn unnormalized_paths_are_judged_as_their_normal_form(rules in arb_rules(), path in arb_path(4)) {
            let s = set(rules);
            let messy = format!("{}/", path.display().to_string().replace('/', "//./"));
            prop_assert_eq!(s.includes(Path::new(&messy)), s.includes(&path), "{}", messy);
        }

        /// Under an Exc,Rec rule a path is in the set only through an Include that is
        /// more specific, or as specific and later.
        #[test]
        fn exclude_recursive_holds_unless_a_more_specific_include(rules in arb_rules(), path in arb_path(4)) {
            let s = set(rules.clone());
            for (i, exc) in rules.iter().enumerate() {
                let covered = exc.attributes == RuleAttributes::EXCLUDE_RECURSIVE
                    && path.starts_with(&exc.path);
                if covered && s.includes(&path) {
                    let depth = exc.path.as_os_str().len();
                    let overridden = rules.iter().enumerate().any(|(j, inc)| {
                        inc.attributes.inclusion == Inc
                            && inc.specificity_for(&path).is_some_and(|d| d > depth || (d == depth && j > i))
                    });
                    prop_assert!(overridden, "{} is in the set despite {}", path.display(), exc);
                }
            }
        }

        /// A rule on the path itself, added last, decides that path.
        #[test]
        fn a_last_rule_on_the_path_decides_it(rules in arb_rules(), path in arb_path(3), recursive in any::<bool>()) {
            let mut with = rules.clone();
            with.push(rule(path.to_str().unwrap(), Inc, recursive));
            prop_assert!(set(with).includes(&path));
            let mut with = rules;
            with.push(rule(path.to_str().unwrap(), Exc, recursive));
            prop_assert!(!set(with).includes(&path));
        }

        /// Order matters only between rules on the same path.
        #[test]
        fn rules_on_distinct_paths_may_come_in_any_order(rules in arb_rules(), path in arb_path(4)) {
            let mut distinct: Vec<Rule> = Vec::new();
            for r in rules {
                if !distinct.iter().any(|d| d.path == r.path) {
                    distinct.push(r);
                }
            }
            let forward = set(distinct.clone()).includes(&path);
            distinct.reverse();
            prop_assert_eq!(set(distinct).includes(&path), forward);
        }

        /// A directory is skipped only when nothing below it is in the set.
        #[test]
        fn may_include_below_is_never_wrong_to_skip(rules in arb_rules(), dir in arb_path(3), rest in arb_path(2)) {
            let s = set(rules);
            let below = dir.join(rest.strip_prefix("/").unwrap());
            if below != dir && s.includes(&below) {
                prop_assert!(s.may_include_below(&dir));
            }
        }

        /// Every included path lies under exactly one non-overlapping path.
        #[test]
        fn included_paths_lie_under_one_non_overlapping_path(rules in arb_rules(), path in arb_path(4)) {
            let s = set(rules);
            let tops = s.non_overlapping_paths();
            let holding = tops.iter().filter(|top| path.starts_with(top)).count();
            if s.includes(&path) {
                prop_assert_eq!(holding, 1);
            }
            prop_assert!(holding <= 1);
        }
    }
}
