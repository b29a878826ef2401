//! What a setting's value may be, how DT.conf text is read as one, and how the range
//! is described to users.

use std::net::IpAddr;
use std::path::PathBuf;

use super::value::SettingValue;

/// Upper bound for counts and times the guide leaves open ("any integer"): they are
/// kept as 32-bit numbers.
pub const OPEN_COUNT: u64 = u32::MAX as u64;

/// Upper bound for sizes the guide limits only by disk space.
pub const OPEN_SIZE: u64 = u64::MAX;

/// One enumerated value of a setting and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The number written in DT.conf.
    pub value: u64,
    /// What it selects, in a few words.
    pub meaning: &'static str,
}

/// What a setting's value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number from `min` to `max`; `special`, outside that range, is also accepted.
    Number {
        /// The least value accepted.
        min: u64,
        /// The greatest value accepted.
        max: u64,
        /// A value outside `min..=max` with a meaning of its own (e.g. 0 for "no limit").
        special: Option<Choice>,
    },
    /// One of the listed numbers.
    Choice(&'static [Choice]),
    /// `0` or `1`, with what each means.
    Flag {
        /// What `0` means.
        off: &'static str,
        /// What `1` means.
        on: &'static str,
    },
    /// A whole number of MB, or `Unlimited`.
    MegabytesOrUnlimited,
    /// A directory; a relative one is taken from DT.conf's directory.
    Path,
    /// A file name without a directory.
    FileName,
    /// Any text on one line (possibly empty).
    Text,
    /// An IPv4 or IPv6 address.
    Address,
    /// The guide only describes it (no longer used, reserved or internal): any value is
    /// accepted and ignored.
    NoLongerUsed,
}

impl Kind {
    /// Reads `text` (already trimmed) as a value of this kind, if it is one.
    pub fn parse(&self, text: &str) -> Option<SettingValue> {
        if text.chars().any(char::is_control) {
            return None;
        }
        match *self {
            Kind::Number { min, max, special } => {
                let n = whole_number(text)?;
                let in_range = (min..=max).contains(&n) || special.is_some_and(|s| s.value == n);
                in_range.then_some(SettingValue::Number(n))
            }
            Kind::Choice(choices) => {
                let n = whole_number(text)?;
                choices
                    .iter()
                    .any(|c| c.value == n)
                    .then_some(SettingValue::Number(n))
            }
            Kind::Flag { .. } => match text {
                "0" => Some(SettingValue::Flag(false)),
                "1" => Some(SettingValue::Flag(true)),
                _ => None,
            },
            Kind::MegabytesOrUnlimited if text.eq_ignore_ascii_case(UNLIMITED) => {
                Some(SettingValue::Unlimited)
            }
            Kind::MegabytesOrUnlimited => whole_number(text).map(SettingValue::Number),
            Kind::Path => (!text.is_empty()).then(|| SettingValue::Path(PathBuf::from(text))),
            Kind::FileName => {
                let plain = !text.is_empty() && text != "." && text != ".." && !text.contains('/');
                plain.then(|| SettingValue::Text(text.to_owned()))
            }
            Kind::Address => text.parse::<IpAddr>().ok().map(SettingValue::Address),
            Kind::Text | Kind::NoLongerUsed => Some(SettingValue::Text(text.to_owned())),
        }
    }

    /// What is allowed, worded to follow "must be".
    pub fn allowed(&self) -> String {
        match *self {
            Kind::Number { min, max, special } => {
                let range = match (min, max) {
                    (0, OPEN_SIZE) => "a whole number".to_owned(),
                    (_, OPEN_SIZE) => format!("a whole number of at least {min}"),
                    _ => format!("between {min} and {max}"),
                };
                match special {
                    Some(s) => format!("{range}, or {} ({})", s.value, s.meaning),
                    None => range,
                }
            }
            Kind::Choice(choices) => {
                let values: Vec<String> = choices.iter().map(|c| c.value.to_string()).collect();
                match values.as_slice() {
                    [only] => only.clone(),
                    _ => format!("one of {}", values.join(", ")),
                }
            }
            Kind::Flag { .. } => "0 or 1".to_owned(),
            Kind::MegabytesOrUnlimited => format!("a whole number of MB or {UNLIMITED}"),
            Kind::Path => "a path".to_owned(),
            Kind::FileName => "a file name without '/'".to_owned(),
            Kind::Address => "an IPv4 or IPv6 address".to_owned(),
            Kind::Text | Kind::NoLongerUsed => "text without control characters".to_owned(),
        }
    }

    /// The values or range as `dtctl options` lists them, e.g. `1 - 999` or
    /// `0 never, 1 always, 2 if older`.
    pub fn values_text(&self) -> String {
        match *self {
            Kind::Number { min, max, special } => {
                let range = match max {
                    OPEN_SIZE => format!("{min} or more"),
                    _ => format!("{min} - {max}"),
                };
                match special {
                    Some(s) => format!("{range}; {} {}", s.value, s.meaning),
                    None => range,
                }
            }
            Kind::Choice(choices) => choices
                .iter()
                .map(|c| format!("{} {}", c.value, c.meaning))
                .collect::<Vec<_>>()
                .join(", "),
            Kind::Flag { off, on } => format!("0 {off}, 1 {on}"),
            Kind::MegabytesOrUnlimited => format!("MB, or {UNLIMITED}"),
            Kind::Path => "path".to_owned(),
            Kind::FileName => "file name".to_owned(),
            Kind::Address => "IP address".to_owned(),
            Kind::Text => "text".to_owned(),
            Kind::NoLongerUsed => "no longer used".to_owned(),
        }
    }
}

/// The word DT.conf uses for no limit (`QJournalSpaceMax`).
pub const UNLIMITED: &str = "Unlimited";

/// A decimal number of ASCII digits only (no sign, no separators) that fits in `u64`.
fn whole_number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: Kind = Kind::Number {
        min: 1025,
        max: 65535,
        special: None,
    };
    const TCP_BUFFER: Kind = Kind::Number {
        min: 4096,
        max: 7_500_000,
        special: Some(Choice {
            value: 0,
            meaning: "automatic tuning",
        }),
    };

    #[test]
    fn numbers_are_plain_decimal_in_range() {
        assert_eq!(PORT.parse("1500"), Some(SettingValue::Number(1500)));
        assert_eq!(PORT.parse("01500"), Some(SettingValue::Number(1500)));
        for bad in [
            "", "+1500", "-1", "1 500", "1,500", "0x5dc", "1024", "65536", "1500.0",
        ] {
            assert_eq!(PORT.parse(bad), None, "{bad:?}");
        }
        let open = Kind::Number {
            min: 0,
            max: OPEN_SIZE,
            special: None,
        };
        assert_eq!(
            open.parse("18446744073709551615"),
            Some(SettingValue::Number(u64::MAX))
        );
        assert_eq!(open.parse("18446744073709551616"), None);
    }

    #[test]
    fn a_special_value_is_accepted_outside_the_range() {
        assert_eq!(TCP_BUFFER.parse("0"), Some(SettingValue::Number(0)));
        assert_eq!(TCP_BUFFER.parse("1"), None);
        assert_eq!(
            TCP_BUFFER.allowed(),
            "between 4096 and 7500000, or 0 (automatic tuning)"
        );
        assert_eq!(
            TCP_BUFFER.values_text(),
            "4096 - 7500000; 0 automatic tuning"
        );
    }

    #[test]
    fn text_kinds() {
        assert_eq!(
            Kind::FileName.parse("DbTake.db").map(|v| v.to_string()),
            Some("DbTake.db".into())
        );
        for bad in ["", ".", "..", "a/b", "/abs"] {
            assert_eq!(Kind::FileName.parse(bad), None, "{bad:?}");
        }
        assert_eq!(Kind::Path.parse(""), None);
        assert_eq!(Kind::Path.parse("log\u{7}"), None);
        assert_eq!(
            Kind::Text.parse(""),
            Some(SettingValue::Text(String::new()))
        );
        assert_eq!(Kind::Text.parse("a\tb"), None);
        assert_eq!(
            Kind::Address.parse("::1"),
            Some(SettingValue::Address("::1".parse().unwrap()))
        );
        assert_eq!(Kind::Address.parse("localhost"), None);
        assert_eq!(
            Kind::MegabytesOrUnlimited.parse("unlimited"),
            Some(SettingValue::Unlimited)
        );
        assert_eq!(
            Kind::MegabytesOrUnlimited.parse("0"),
            Some(SettingValue::Number(0))
        );
        assert_eq!(Kind::MegabytesOrUnlimited.parse("lots"), None);
    }

    #[test]
    fn choices_and_flags() {
        let overwrite = Kind::Choice(&[
            Choice {
                value: 0,
                meaning: "never",
            },
            Choice {
                value: 1,
                meaning: "always",
            },
            Choice {
                value: 2,
                meaning: "if older",
            },
        ]);
        assert_eq!(overwrite.parse("2"), Some(SettingValue::Number(2)));
        assert_eq!(overwrite.parse("3"), None);
        assert_eq!(overwrite.allowed(), "one of 0, 1, 2");
        assert_eq!(overwrite.values_text(), "0 never, 1 always, 2 if older");
        let flag = Kind::Flag {
            off: "overwrite",
            on: "save",
        };
        assert_eq!(flag.parse("1"), Some(SettingValue::Flag(true)));
        assert_eq!(flag.parse("true"), None);
        assert_eq!(flag.values_text(), "0 overwrite, 1 save");
    }
}
