//! `format_message`: placeholder substitution as Windows expands event messages.

use logparse::catalog::{engine_event, format_message, EventId};
use proptest::prelude::*;

#[test]
fn fills_numbered_placeholders() {
    assert_eq!(
        format_message("%1 (%2) for %3", &["BETA", "10.0.0.2", "Set"]),
        "BETA (10.0.0.2) for Set"
    );
    assert_eq!(format_message("%1 and %1", &["x"]), "x and x");
}

#[test]
fn ten_is_the_tenth_argument_not_the_first_then_zero() {
    let args = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
    assert_eq!(format_message("%10|%1|%11", &args), "j|a|k");
    assert_eq!(format_message("%10", &["a"]), "%10");
    assert_eq!(format_message("%100", &args), "j0");
    assert_eq!(format_message("%1%0", &["a"]), "a%0");
}

#[test]
fn missing_arguments_stay_visible() {
    assert_eq!(
        format_message("%1 then %3 then %2", &["one", "two"]),
        "one then %3 then two"
    );
    assert_eq!(format_message("%1", &[]), "%1");
    assert_eq!(format_message("%99", &[]), "%99");
}

#[test]
fn percent_n_is_a_newline() {
    let event = engine_event(EventId(6009)).expect("6009 is listed");
    assert_eq!(
        event.format(&["disk full", "access denied"]),
        "Could not log the following message:\ndisk full\n---\nError:\naccess denied."
    );
    let failed = engine_event(EventId(6102)).expect("6102 is listed");
    assert_eq!(
        failed.format(&["web", "7", "ALPHA"]),
        "The job \"web\" (ID 7) has failed to provision a replica for ALPHA.\n\n"
    );
}

#[test]
fn other_percent_signs_are_untouched() {
    assert_eq!(format_message("50% done", &["x"]), "50% done");
    assert_eq!(format_message("%%1 %x %", &["x"]), "%x %x %");
    assert_eq!(format_message("100%", &[]), "100%");
}

#[test]
fn arguments_are_not_rescanned() {
    assert_eq!(format_message("%1 %2", &["%2", "b"]), "%2 b");
    assert_eq!(format_message("[%1]", &["line%nbreak"]), "[line%nbreak]");
    assert_eq!(format_message("%1é%2", &["ü", "ß"]), "üéß");
}

proptest! {
    #[test]
    fn text_without_percent_is_copied(text in "[^%]*", args in prop::collection::vec(".*", 0..4)) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        prop_assert_eq!(format_message(&text, &args), text);
    }

    #[test]
    fn without_arguments_only_newlines_change(template in "(%|[0-9n]|[a-z ]|é){0,40}") {
        prop_assert_eq!(format_message(&template, &[]), template.replace("%n", "\n"));
    }

    #[test]
    fn placeholders_take_their_numbered_argument(
        pieces in prop::collection::vec(("([a-zé .,()][^%]*)?", 1..=12usize), 0..8),
        tail in "([a-zé .,()][^%]*)?",
    ) {
        let args: Vec<String> = (1..=12).map(|n| format!("<{n}>")).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut template = String::new();
        let mut expected = String::new();
        for (text, number) in &pieces {
            template.push_str(text);
            template.push_str(&format!("%{number}"));
            expected.push_str(text);
            expected.push_str(args[number - 1]);
        }
        template.push_str(&tail);
        expected.push_str(&tail);
        prop_assert_eq!(format_message(&template, &args), expected);
    }
}
