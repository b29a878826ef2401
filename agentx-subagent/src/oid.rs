//! An OBJECT IDENTIFIER as its sub-identifiers, ordered numerically (never as text): the
//! one OID type of the MIB view, the AgentX codec and the standalone agent.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// An OBJECT IDENTIFIER: its sub-identifiers in order.
///
/// Ordering is the SNMP one: sub-identifier by sub-identifier as numbers, a prefix
/// before everything under it (`1.3.6.1.4.1.2592.3.2` < `….2.0` < `….10`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Oid(Vec<u32>);

/// Why a dotted-decimal text is not an OID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OidParseError {
    /// The text has no sub-identifier at all.
    #[error("an OID needs at least one sub-identifier")]
    Empty,
    /// One part is not a decimal number that fits 32 bits.
    #[error("sub-identifier {part:?} is not a number from 0 to 4294967295")]
    BadSubId {
        /// The offending part of the text.
        part: String,
    },
}

impl Oid {
    /// The OID with these sub-identifiers.
    pub fn new(sub_ids: impl Into<Vec<u32>>) -> Self {
        Oid(sub_ids.into())
    }

    /// The OID `base` followed by `suffix`.
    pub fn join(base: &[u32], suffix: &[u32]) -> Self {
        let mut sub_ids = Vec::with_capacity(base.len() + suffix.len());
        sub_ids.extend_from_slice(base);
        sub_ids.extend_from_slice(suffix);
        Oid(sub_ids)
    }

    /// The sub-identifiers.
    pub fn as_slice(&self) -> &[u32] {
        &self.0
    }

    /// Whether this is the null OID (no sub-identifiers; AgentX's "no end bound").
    pub fn is_null(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether this OID lies under `prefix` (or equals it).
    pub fn starts_with(&self, prefix: &[u32]) -> bool {
        self.0.starts_with(prefix)
    }
}

impl From<&[u32]> for Oid {
    fn from(sub_ids: &[u32]) -> Self {
        Oid(sub_ids.to_vec())
    }
}

impl fmt::Display for Oid {
    /// Dotted decimal without a leading dot, as `snmptranslate -On` prints after its dot.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, sub_id) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{sub_id}")?;
        }
        Ok(())
    }
}

impl FromStr for Oid {
    type Err = OidParseError;

    /// Parses dotted decimal, with or without one leading dot (`.1.3.6.1`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.strip_prefix('.').unwrap_or(text);
        if text.is_empty() {
            return Err(OidParseError::Empty);
        }
        text.split('.')
            .map(|part| {
                part.parse::<u32>()
                    .ok()
                    .filter(|_| part.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| OidParseError::BadSubId {
                        part: part.to_owned(),
                    })
            })
            .collect::<Result<Vec<u32>, _>>()
            .map(Oid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn order_is_numeric_with_prefixes_first() {
        let parse = |s: &str| s.parse::<Oid>().expect("valid OID");
        assert!(parse("1.3.6.1.2") < parse("1.3.6.1.10"));
        assert!(parse("1.3.6") < parse("1.3.6.0"));
        assert!(parse("1.3.6.1.4.1.2592.3.2.9") < parse("1.3.6.1.4.1.2592.3.2.10"));
    }

    #[test]
    fn bad_text_is_refused() {
        assert_eq!("".parse::<Oid>(), Err(OidParseError::Empty));
        assert_eq!(".".parse::<Oid>(), Err(OidParseError::Empty));
        for bad in ["1..2", "1.x", "1.+2", "1.4294967296", "1.2."] {
            assert!(bad.parse::<Oid>().is_err(), "{bad} accepted");
        }
        assert_eq!(".1.3".parse::<Oid>(), Ok(Oid::new([1, 3])));
    }

    proptest! {
        #[test]
        fn text_round_trips(sub_ids in proptest::collection::vec(any::<u32>(), 1..20)) {
            let oid = Oid::new(sub_ids);
            prop_assert_eq!(oid.to_string().parse::<Oid>(), Ok(oid));
        }

        #[test]
        fn order_matches_numeric_sub_id_order(
            a in proptest::collection::vec(0u32..20, 0..6),
            b in proptest::collection::vec(0u32..20, 0..6),
        ) {
            // RFC 2578 §7.7's rule, spelled out: first differing sub-identifier decides,
            // else the shorter OID comes first.
            let expected = a
                .iter()
                .zip(&b)
                .find(|(x, y)| x != y)
                .map(|(x, y)| x.cmp(y))
                .unwrap_or(a.len().cmp(&b.len()));
            prop_assert_eq!(Oid::new(a).cmp(&Oid::new(b)), expected);
        }
    }
}
