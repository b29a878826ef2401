//! Lists of message IDs and ID ranges, as LogViewer's `-INCLUDE`/`-EXCLUDE` take them.
//!
//! The guide's syntax: a comma-separated list of IDs or ranges, no spaces inside the
//! list, a range written `begin-end` (inclusive), e.g. `200,400-500,10000-15000`.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// Why an ID list could not be read; names the offending item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdListError {
    /// The list, or an item between two commas, is empty.
    #[error("empty item in ID list {list:?}")]
    EmptyItem {
        /// The whole list as given.
        list: String,
    },
    /// An item is not a number or `begin-end` range of numbers.
    #[error("{item:?} in ID list {list:?} is not an ID or a begin-end range")]
    NotAnId {
        /// The offending item.
        item: String,
        /// The whole list as given.
        list: String,
    },
    /// A range whose end is below its beginning.
    #[error("range {item:?} in ID list {list:?} ends before it begins")]
    Reversed {
        /// The offending item.
        item: String,
        /// The whole list as given.
        list: String,
    },
}

/// A set of message IDs given as single IDs and inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdList {
    /// Sorted, merged, non-overlapping inclusive ranges.
    ranges: Vec<RangeInclusive<u32>>,
}

impl IdList {
    /// Whether `id` is in the list.
    pub fn contains(&self, id: u32) -> bool {
        // Ranges are sorted and disjoint: find the last range starting at or before `id`.
        let after = self.ranges.partition_point(|r| *r.start() <= id);
        after > 0 && id <= *self.ranges[after - 1].end()
    }

    /// The merged inclusive ranges, in ascending order.
    pub fn ranges(&self) -> &[RangeInclusive<u32>] {
        &self.ranges
    }
}

impl FromStr for IdList {
    type Err = IdListError;

    fn from_str(list: &str) -> Result<Self, Self::Err> {
        let mut ranges = Vec::new();
        for item in list.split(',') {
            if item.is_empty() {
                return Err(IdListError::EmptyItem { list: list.into() });
            }
            let not_an_id = || IdListError::NotAnId {
                item: item.into(),
                list: list.into(),
            };
            let number = |s: &str| -> Result<u32, IdListError> {
                if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(not_an_id());
                }
                s.parse().map_err(|_| not_an_id())
            };
            let range = match item.split_once('-') {
                Some((begin, end)) => {
                    let (begin, end) = (number(begin)?, number(end)?);
                    if end < begin {
                        return Err(IdListError::Reversed {
                            item: item.into(),
                            list: list.into(),
                        });
                    }
                    begin..=end
                }
                None => {
                    let id = number(item)?;
                    id..=id
                }
            };
            ranges.push(range);
        }
        ranges.sort_by_key(|r| *r.start());
        let mut merged: Vec<RangeInclusive<u32>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if *range.start() <= last.end().saturating_add(1) => {
                    let end = (*last.end()).max(*range.end());
                    *last = *last.start()..=end;
                }
                _ => merged.push(range),
            }
        }
        Ok(IdList { ranges: merged })
    }
}

impl fmt::Display for IdList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if r.start() == r.end() {
                write!(f, "{}", r.start())?;
            } else {
                write!(f, "{}-{}", r.start(), r.end())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn guide_example_parses() {
        let list: IdList = "200,400-500,10000-15000".parse().unwrap();
        for id in [200, 400, 450, 500, 10000, 15000] {
            assert!(list.contains(id), "{id}");
        }
        for id in [0, 199, 201, 399, 501, 9999, 15001, u32::MAX] {
            assert!(!list.contains(id), "{id}");
        }
        assert_eq!(list.to_string(), "200,400-500,10000-15000");
    }

    #[test]
    fn overlapping_and_adjacent_items_merge() {
        let list: IdList = "5-9,1-3,4,8-12,12".parse().unwrap();
        assert_eq!(list.ranges(), &[1..=12]);
    }

    #[test]
    fn bad_items_are_named() {
        let err = "200,,300".parse::<IdList>().unwrap_err();
        assert!(matches!(err, IdListError::EmptyItem { .. }));
        let err = "200,4x0".parse::<IdList>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"4x0\" in ID list \"200,4x0\" is not an ID or a begin-end range"
        );
        assert!(matches!(
            "500-400".parse::<IdList>(),
            Err(IdListError::Reversed { .. })
        ));
        assert!(matches!(
            "1-2-3".parse::<IdList>(),
            Err(IdListError::NotAnId { .. })
        ));
        assert!(matches!(
            " 200".parse::<IdList>(),
            Err(IdListError::NotAnId { .. })
        ));
        assert!(matches!(
            "99999999999".parse::<IdList>(),
            Err(IdListError::NotAnId { .. })
        ));
        assert!("".parse::<IdList>().is_err());
    }

    proptest! {
        #[test]
        fn contains_matches_the_items(items in prop::collection::vec((0u32..2000, 0u32..50), 1..10), probe in 0u32..2100) {
            let text: Vec<String> = items.iter().map(|(a, len)| format!("{a}-{}", a + len)).collect();
            let list: IdList = text.join(",").parse().unwrap();
            let expected = items.iter().any(|(a, len)| probe >= *a && probe <= a + len);
            prop_assert_eq!(list.contains(probe), expected);
            let reparsed: IdList = list.to_string().parse().unwrap();
            prop_assert_eq!(reparsed, list);
        }
    }
}
