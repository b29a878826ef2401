//! A replication set rule: an absolute path with the guide's attributes Inc or Exc, and
//! Rec or not (guide chapter 4, "Attributes").

use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Whether a rule puts the paths it matches in the set (the guide's Inc) or keeps them
/// out (Exc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inclusion {
    /// Inc: the specified path is included in the replication set.
    Include,
    /// Exc: the specified path is not included in the replication set.
    Exclude,
}

/// A rule's attributes: Inc or Exc, and Rec (applied to all subdirectories) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RuleAttributes {
    /// Inc or Exc.
    pub inclusion: Inclusion,
    /// Rec: the rule also applies to everything below its path, not only to the
    /// path's immediate children.
    pub recursive: bool,
}

impl RuleAttributes {
    /// Inc, Rec: the path and everything below it.
    pub const INCLUDE_RECURSIVE: RuleAttributes = RuleAttributes {
        inclusion: Inclusion::Include,
        recursive: true,
    };
    /// Exc, Rec: keeps the path and everything below it out.
    pub const EXCLUDE_RECURSIVE: RuleAttributes = RuleAttributes {
        inclusion: Inclusion::Exclude,
        recursive: true,
    };
}

impl fmt::Display for RuleAttributes {
    /// The guide's notation: `Inc, Rec`, `Exc, Rec`, `Inc`, `Exc`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.inclusion {
            Inclusion::Include => "Inc",
            Inclusion::Exclude => "Exc",
        })?;
        if self.recursive {
            f.write_str(", Rec")?;
        }
        Ok(())
    }
}

/// Why a rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The rule has no path.
    #[error("the rule has no path")]
    EmptyPath,
    /// The path does not start at `/`.
    #[error("path {0:?} is not absolute")]
    NotAbsolute(String),
    /// The path has a `..` component, which cannot be judged without the file system.
    #[error("path {0:?} has a `..` component")]
    ParentComponent(String),
    /// The path has a control character (NUL, newline, …).
    #[error("path {0:?} has a control character")]
    ControlCharacter(String),
    /// An attribute word of a rule spec is given twice or contradicts another.
    #[error("rule {spec:?}: attribute {word:?} repeats or contradicts another")]
    ConflictingAttribute {
        /// The whole spec.
        spec: String,
        /// The conflicting word.
        word: String,
    },
}

/// The attribute words of a rule spec (`PATH,inc,rec`), case-insensitive.
const INCLUDE_WORD: &str = "inc";
const EXCLUDE_WORD: &str = "exc";
const RECURSIVE_WORD: &str = "rec";
const NOT_RECURSIVE_WORD: &str = "norec";

/// One attribute word of a rule spec.
enum SpecWord {
    Inclusion(Inclusion),
    Recursive(bool),
}

/// One rule of a replication set: an absolute, normalized path and its attributes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rule {
    /// The absolute path the rule is about, without `.`, `..`, repeated or trailing `/`.
    pub path: PathBuf,
    /// Inc/Exc and Rec.
    pub attributes: RuleAttributes,
}

impl Rule {
    /// A rule for `path` (normalized: `.`, repeated and trailing `/` removed), refused
    /// if the path is not absolute or has `..` or a control character.
    pub fn new(path: impl AsRef<Path>, attributes: RuleAttributes) -> Result<Rule, RuleError> {
        Ok(Rule {
            path: normalize(path.as_ref())?,
            attributes,
        })
    }

    /// This rule with its path checked and normalized as [`Rule::new`] does.
    pub fn normalized(&self) -> Result<Rule, RuleError> {
        Rule::new(&self.path, self.attributes)
    }

    /// Parses dtctl's rule spec `PATH[,inc|exc][,rec|norec]`: attribute words
    /// (case-insensitive, in any order, each kind at most once) are taken from the
    /// end, the rest is the path, which may itself contain commas. Omitted attributes
    /// default to `inc` and `rec`.
    pub fn from_spec(spec: &str) -> Result<Rule, RuleError> {
        let mut inclusion = None;
        let mut recursive = None;
        let mut path = spec;
        while let Some((rest, word)) = path.rsplit_once(',') {
            let attribute = match word.trim().to_ascii_lowercase().as_str() {
                INCLUDE_WORD => SpecWord::Inclusion(Inclusion::Include),
                EXCLUDE_WORD => SpecWord::Inclusion(Inclusion::Exclude),
                RECURSIVE_WORD => SpecWord::Recursive(true),
                NOT_RECURSIVE_WORD => SpecWord::Recursive(false),
                _ => break,
            };
            match attribute {
                SpecWord::Inclusion(i) if inclusion.is_none() => inclusion = Some(i),
                SpecWord::Recursive(r) if recursive.is_none() => recursive = Some(r),
                // Both kinds already given: the word is part of the path (`/a,inc,inc,rec`).
                _ if inclusion.is_some() && recursive.is_some() => break,
                _ => {
                    return Err(RuleError::ConflictingAttribute {
                        spec: spec.to_string(),
                        word: word.to_string(),
                    })
                }
            }
            path = rest;
        }
        Rule::new(
            path,
            RuleAttributes {
                inclusion: inclusion.unwrap_or(Inclusion::Include),
                recursive: recursive.unwrap_or(true),
            },
        )
    }

    /// The rule as a dtctl spec, both attributes spelled out, so that
    /// [`Rule::from_spec`] gives it back exactly.
    pub fn spec(&self) -> String {
        let inclusion = match self.attributes.inclusion {
            Inclusion::Include => INCLUDE_WORD,
            Inclusion::Exclude => EXCLUDE_WORD,
        };
        let recursion = if self.attributes.recursive {
            RECURSIVE_WORD
        } else {
            NOT_RECURSIVE_WORD
        };
        format!("{},{inclusion},{recursion}", self.path.display())
    }

    /// The rule's specificity when it matches `path`, `None` when it does not. A rule
    /// matches its own path and the paths below it; without Rec only its path and that
    /// directory's immediate children. Both paths must be normalized (as a rule's path
    /// is). The specificity is the length of the rule's path: rules matching one path
    /// all lie on its ancestors, so a longer path is a deeper one.
    pub fn specificity_for(&self, path: &Path) -> Option<usize> {
        let own = self.path.as_os_str().as_bytes();
        let below = path.as_os_str().as_bytes().strip_prefix(own)?;
        let below = match below {
            [] => below,
            // Below the root, the separator is the root's own `/`.
            _ if own == b"/" => below,
            [b'/', rest @ ..] => rest,
            _ => return None, // `/data` is no prefix of `/database`
        };
        if !self.attributes.recursive && below.contains(&b'/') {
            return None;
        }
        Some(own.len())
    }
}

impl fmt::Display for Rule {
    /// The guide's log notation, e.g. `/srv/data --> Inc, Rec`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} --> {}", self.path.display(), self.attributes)
    }
}

/// `path` without `.`, repeated and trailing `/`, or why it cannot be a rule's path.
fn normalize(path: &Path) -> Result<PathBuf, RuleError> {
    let shown = || path.to_string_lossy().into_owned();
    if path.as_os_str().is_empty() {
        return Err(RuleError::EmptyPath);
    }
    if !path.has_root() {
        return Err(RuleError::NotAbsolute(shown()));
    }
    if path.to_string_lossy().chars().any(char::is_control) {
        return Err(RuleError::ControlCharacter(shown()));
    }
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => return Err(RuleError::ParentComponent(shown())),
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    Ok(normal)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn paths_are_normalized_and_checked() {
        let r = Rule::new("/srv//data/./x/", RuleAttributes::INCLUDE_RECURSIVE).unwrap();
        assert_eq!(r.path, PathBuf::from("/srv/data/x"));
        let bad = |p: &str| Rule::new(p, RuleAttributes::INCLUDE_RECURSIVE).unwrap_err();
        assert_eq!(bad(""), RuleError::EmptyPath);
        assert_eq!(bad("srv/data"), RuleError::NotAbsolute("srv/data".into()));
        assert_eq!(
            bad("/srv/../etc"),
            RuleError::ParentComponent("/srv/../etc".into())
        );
        assert_eq!(
            bad("/srv/a\nb"),
            RuleError::ControlCharacter("/srv/a\nb".into())
        );
        assert_eq!(
            bad("/srv/a\0b"),
            RuleError::ControlCharacter("/srv/a\0b".into())
        );
    }

    #[test]
    fn shown_in_the_guides_notation() {
        assert_eq!(
            rule("/", Inclusion::Exclude, true).to_string(),
            "/ --> Exc, Rec"
        );
        assert_eq!(
            rule("/PerfLogs", Inclusion::Include, false).to_string(),
            "/PerfLogs --> Inc"
        );
    }

    #[test]
    fn specs_parse_with_defaults_and_any_order() {
        assert_eq!(
            Rule::from_spec("/data").unwrap(),
            rule("/data", Inclusion::Include, true)
        );
        assert_eq!(
            Rule::from_spec("/data,EXC").unwrap(),
            rule("/data", Inclusion::Exclude, true)
        );
        assert_eq!(
            Rule::from_spec("/data, norec , inc").unwrap(),
            rule("/data", Inclusion::Include, false)
        );
        assert_eq!(
            Rule::from_spec("/a,b,exc,norec").unwrap(),
            rule("/a,b", Inclusion::Exclude, false)
        );
        assert_eq!(
            Rule::from_spec("/a,inc,inc,rec").unwrap(),
            rule("/a,inc", Inclusion::Include, true)
        );
        assert_eq!(
            Rule::from_spec("/a,inc,exc"),
            Err(RuleError::ConflictingAttribute {
                spec: "/a,inc,exc".into(),
                word: "inc".into()
            })
        );
        assert_eq!(
            Rule::from_spec("data,inc"),
            Err(RuleError::NotAbsolute("data".into()))
        );
        assert_eq!(Rule::from_spec(",inc"), Err(RuleError::EmptyPath));
    }

    #[test]
    fn non_recursive_rules_match_their_path_and_immediate_children() {
        let r = rule("/data", Inclusion::Include, false);
        assert_eq!(r.specificity_for(Path::new("/data")), Some(5));
        assert_eq!(r.specificity_for(Path::new("/data/f")), Some(5));
        assert_eq!(r.specificity_for(Path::new("/data/d/f")), None);
        assert_eq!(r.specificity_for(Path::new("/database")), None);
        let r = rule("/data", Inclusion::Include, true);
        assert_eq!(r.specificity_for(Path::new("/data/d/f")), Some(5));
        assert_eq!(r.specificity_for(Path::new("/")), None);
        let root = rule("/", Inclusion::Include, false);
        assert_eq!(root.specificity_for(Path::new("/")), Some(1));
        assert_eq!(root.specificity_for(Path::new("/etc")), Some(1));
        assert_eq!(root.specificity_for(Path::new("/etc/passwd")), None);
    }

    fn arb_rule() -> impl Strategy<Value = Rule> {
        let component = prop_oneof![
            "[a-z]{1,4}",
            Just("inc".to_string()),
            Just("x,rec".to_string()),
            Just(",".to_string()),
            "[ -~&&[^/]]{1,6}",
        ]
        .prop_filter("not . or ..", |c| c != "." && c != "..");
        (
            prop::collection::vec(component, 0..5),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(parts, include, recursive)| {
                let inclusion = if include {
                    Inclusion::Include
                } else {
                    Inclusion::Exclude
                };
                rule(&format!("/{}", parts.join("/")), inclusion, recursive)
            })
    }

    proptest! {
        #[test]
        fn spec_round_trips(r in arb_rule()) {
            prop_assert_eq!(Rule::from_spec(&r.spec()).unwrap(), r);
        }

        #[test]
        fn json_round_trips(r in arb_rule()) {
            let json = serde_json::to_string(&r).unwrap();
            prop_assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), r);
        }

        #[test]
        fn from_spec_never_panics(s in "\\PC{0,40}") {
            let _ = Rule::from_spec(&s);
        }
    }
}
