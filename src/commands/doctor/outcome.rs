//! One check's result and its printed line.

use std::fmt;

/// How a check came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It holds; what was found.
    Pass(String),
    /// It does not; what is wrong.
    Fail(String),
    /// Not checked (nothing to check on this host); why.
    Skip(String),
}

/// A named check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked, e.g. `DT.conf /etc/DT/DT.conf`.
    pub name: String,
    /// How it came out.
    pub outcome: Outcome,
}

impl Check {
    /// A check named `name` with `outcome`.
    pub fn new(name: impl Into<String>, outcome: Outcome) -> Check {
        Check {
            name: name.into(),
            outcome,
        }
    }

    /// Whether it failed.
    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Fail(_))
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (word, detail) = match &self.outcome {
            Outcome::Pass(d) => ("pass", d),
            Outcome::Fail(d) => ("FAIL", d),
            Outcome::Skip(d) => ("skip", d),
        };
        write!(f, "{word}  {}: {detail}", self.name)
    }
}
