//! Properties: a setting's value reads back from its DT.conf text, any DT.conf loads,
//! and a set survives a reload with the rest of the file intact.

use std::fs;

use engine::settings::{self, Kind, Setting, SettingsStore};
use proptest::prelude::*;

fn settings_of(keep: fn(&Kind) -> bool) -> Vec<&'static Setting> {
    settings::all().filter(|s| keep(&s.kind)).collect()
}

/// A number setting and a value inside its range.
fn number_in_range() -> impl Strategy<Value = (&'static Setting, u64)> {
    let numbers = settings_of(|k| matches!(k, Kind::Number { .. }));
    proptest::sample::select(numbers).prop_flat_map(|setting| {
        let Kind::Number { min, max, .. } = setting.kind else {
            unreachable!("only number settings are selected")
        };
        (Just(setting), min..=max)
    })
}

/// One DT.conf line: comments, blanks, known and unknown names, junk.
fn conf_line() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = settings::all().map(|s| s.name).collect();
    prop_oneof![
        "# [ -~]{0,20}",
        Just(String::new()),
        (proptest::sample::select(names), "[ -~]{0,12}").prop_map(|(n, v)| format!("{n}={v}")),
        ("[A-Za-z]{1,10}", "[0-9]{0,6}").prop_map(|(n, v)| format!("{n}={v}")),
        "[ -~]{0,30}",
    ]
}

proptest! {
    #[test]
    fn numbers_in_range_read_back((setting, n) in number_in_range()) {
        let value = setting.parse(&n.to_string()).unwrap();
        prop_assert_eq!(value.to_string(), n.to_string());
        prop_assert_eq!(setting.parse(&value.to_string()).unwrap(), value);
    }

    #[test]
    fn any_accepted_text_reads_back(
        setting in proptest::sample::select(settings::all().collect::<Vec<_>>()),
        text in "[ -~]{0,24}|[0-9]{1,21}",
    ) {
        if let Ok(value) = setting.parse(text.trim()) {
            prop_assert_eq!(setting.parse(&value.to_string()).unwrap(), value);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_conf_loads_and_a_set_survives_a_reload(
        lines in proptest::collection::vec(conf_line(), 0..12),
        (setting, n) in number_in_range(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("DT.conf");
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        fs::write(&path, &text).unwrap();
        let (store, warnings) = SettingsStore::load(&path).unwrap();
        for warning in &warnings {
            prop_assert!((1..=lines.len()).contains(&warning.line()), "{}", warning);
        }
        store.set(setting.name, &n.to_string()).unwrap();
        let (reloaded, _) = SettingsStore::load(&path).unwrap();
        prop_assert_eq!(reloaded.u64(setting.name), n);
        let after = fs::read_to_string(&path).unwrap();
        for comment in lines.iter().filter(|l| l.starts_with('#')) {
            prop_assert!(after.lines().any(|l| l == comment), "lost {:?}", comment);
        }
        let count = |t: &str| t.lines().count();
        prop_assert!(count(&after) == count(&text) || count(&after) == count(&text) + 1);
    }
}
