//! The catalogue's tables against the guide's own counts and a few entries' exact text.

use logparse::catalog::*;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn engine_events_hold_every_row_of_the_guide() {
    let events = engine_events();
    assert_eq!(events.len(), 277);
    let distinct: BTreeSet<EventId> = events.iter().map(|event| event.id).collect();
    assert_eq!(distinct.len(), 273);

    let mut per_id: BTreeMap<EventId, usize> = BTreeMap::new();
    for event in events {
        *per_id.entry(event.id).or_default() += 1;
    }
    let twice: Vec<u32> = per_id
        .iter()
        .filter(|(_, count)| **count > 1)
        .map(|(id, count)| {
            assert_eq!(*count, 2, "event {id}");
            id.0
        })
        .collect();
    assert_eq!(twice, [4097, 4098, 8192, 10000]);
}

#[test]
fn engine_event_levels_match_the_guide() {
    let count = |level| {
        engine_events()
            .iter()
            .filter(|event| event.level == level)
            .count()
    };
    assert_eq!(count(EventLevel::Information), 106);
    assert_eq!(count(EventLevel::Warning), 49);
    assert_eq!(count(EventLevel::Error), 119);
    assert_eq!(count(EventLevel::Success), 3);
}

#[test]
fn engine_events_are_sorted_by_id() {
    for pair in engine_events().windows(2) {
        assert!(
            pair[0].id <= pair[1].id,
            "{} before {}",
            pair[0].id,
            pair[1].id
        );
    }
}

#[test]
fn mirror_start_reads_as_in_the_guide() {
    let event = engine_event(EventId(4019)).expect("4019 is listed");
    assert_eq!(
        event.template,
        "Service has started a mirror to %1 (%2) for Replication Set %3, ID: %4"
    );
    assert_eq!(event.level, EventLevel::Information);
    assert_eq!(event.source, "Double-Take");
    assert_eq!(event.event_log, "Application");
    assert_eq!(
        event.format(&["BETA", "172.31.206.201", "FilesAndFolders", "2"]),
        "Service has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2"
    );
}

#[test]
fn other_engine_events_keep_their_exact_text() {
    let auto_reconnect_failed = engine_event(EventId(4011)).expect("4011 is listed");
    assert_eq!(auto_reconnect_failed.level, EventLevel::Error);
    assert_eq!(
        auto_reconnect_failed.template,
        "Auto-reconnect has failed connecting Replication Set %1 to %2 (%3)"
    );

    let counter = engine_event(EventId(1004)).expect("1004 is listed");
    assert_eq!(
        counter.template,
        "The Double-Take counter DLL could not read the \"First Counter\" value under the Double-Take\\Performance Key."
    );
    assert_eq!(counter.source, "DTCounters");

    let expired = engine_event(EventId(1)).expect("1 is listed");
    assert_eq!(
        expired.response,
        "Contact your vendor to purchase either a single or site license."
    );

    assert_eq!(engine_event(EventId(4006)), None);
    assert_eq!(engine_event(EventId(0)), None);
}

#[test]
fn informational_is_read_as_information_and_success_is_kept() {
    for id in 6052..=6059 {
        let event = engine_event(EventId(id)).expect("6052-6059 are listed");
        assert_eq!(event.level, EventLevel::Information, "event {id}");
    }
    let completed = engine_event(EventId(210)).expect("210 is listed");
    assert_eq!(completed.level, EventLevel::Success);
    assert_eq!(completed.level.dtl_type(), 2);
}

#[test]
fn duplicated_ids_prefer_the_engine_entry() {
    let all: Vec<_> = engine_events_with_id(EventId(10000)).collect();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].event_log, "System");

    let preferred = engine_event(EventId(10000)).expect("10000 is listed");
    assert_eq!(preferred.event_log, "Application");
    assert_eq!(preferred.level, EventLevel::Error);
    assert_eq!(
        preferred.template,
        "Connect failed to node %1 for resource %2. Adding node to reconnect list."
    );

    let wmi = engine_event(EventId(4097)).expect("4097 is listed");
    assert!(wmi
        .template
        .starts_with("Failed to initialize WMI support."));
    assert_eq!(wmi.level, EventLevel::Warning);
    let filter = engine_events_with_id(EventId(4097))
        .nth(1)
        .expect("second 4097");
    assert!(filter
        .template
        .starts_with("The file system filter failed to load."));
    assert_eq!(filter.level, EventLevel::Error);

    assert_eq!(engine_events_with_id(EventId(4019)).count(), 1);
    assert_eq!(engine_events_with_id(EventId(4006)).count(), 0);
}

#[test]
fn id_ranges_cover_the_engine_and_job_events() {
    let in_range = |range: &std::ops::RangeInclusive<EventId>| {
        engine_events()
            .iter()
            .filter(|event| range.contains(&event.id))
            .count()
    };
    assert_eq!(in_range(&ENGINE_OWN_EVENT_IDS), 114);
    assert_eq!(in_range(&JOB_EVENT_IDS), 55);
    assert!(ENGINE_OWN_EVENT_IDS.contains(&EventId(4411)));
    assert!(!ENGINE_OWN_EVENT_IDS.contains(&EventId(4412)));
}

#[test]
fn every_template_fills_completely_with_enough_arguments() {
    let args: Vec<String> = (1..=99).map(|n| format!("<{n}>")).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for event in engine_events() {
        let text = event.format(&args);
        assert!(!text.contains('%'), "event {}: {text}", event.id);
    }
}

#[test]
fn linux_job_events_are_5700_to_5718() {
    let events = linux_job_events();
    assert_eq!(events.len(), 19);
    let ids: Vec<EventId> = events.iter().map(|event| event.id).collect();
    let expected: Vec<EventId> = (5700..=5718).map(EventId).collect();
    assert_eq!(ids, expected);
    assert!(events
        .iter()
        .all(|event| LINUX_JOB_EVENT_IDS.contains(&event.id)));
    assert_eq!(linux_job_event(EventId(5699)), None);
    assert_eq!(linux_job_event(EventId(5719)), None);
}

#[test]
fn linux_target_engine_events_read_as_in_the_guide() {
    let down = linux_job_event(EventId(5716)).expect("5716 is listed");
    assert_eq!(
        down.message,
        "The target/appliance engine is down or not reachable."
    );
    assert_eq!(down.level, EventLevel::Error);
    assert!(down
        .required_response
        .starts_with("Verify the Double-Take service is running on the target."));

    let up = linux_job_event(EventId(5717)).expect("5717 is listed");
    assert_eq!(
        up.message,
        "The target/appliance engine is up and reachable."
    );
    assert_eq!(up.level, EventLevel::Information);
    assert_eq!(up.required_response, "No action required.");

    let deleted = linux_job_event(EventId(5704)).expect("5704 is listed");
    assert_eq!(deleted.message, "The job has been deleted");
    assert_eq!(deleted.level, EventLevel::Warning);
}

#[test]
fn error_codes_hold_every_code_sorted_and_unique() {
    let codes = error_codes();
    assert_eq!(codes.len(), 179);
    for pair in codes.windows(2) {
        assert!(
            pair[0].code < pair[1].code,
            "{} before {}",
            pair[0].code,
            pair[1].code
        );
    }
    assert_eq!(
        error_message(ErrorCode(2200)),
        Some("E-mail notification is functioning properly")
    );
    assert_eq!(error_message(ErrorCode(100)), None);
    assert_eq!(error_message(ErrorCode(3010)), None);
}

#[test]
fn named_error_codes_match_their_messages() {
    let named = [
        (ErrorCode::UNKNOWN_ERROR_CODE, 1, "Unknown error code ("),
        (
            ErrorCode::INVALID_PARAMETER,
            101,
            "Invalid parameter was supplied",
        ),
        (
            ErrorCode::CONNECTION_DOES_NOT_EXIST,
            107,
            "Connection does not exist",
        ),
        (
            ErrorCode::SERVER_NOT_RESPONDING,
            110,
            "Server is not responding",
        ),
        (ErrorCode::JOB_DOES_NOT_EXIST, 123, "Job does not exist"),
        (
            ErrorCode::INVALID_STATISTICS_FILE,
            143,
            "Invalid statistics file",
        ),
        (ErrorCode::CONNECTION_FAILED, 145, "Connection failed"),
    ];
    for (code, number, message) in named {
        assert_eq!(code, ErrorCode(number));
        let text = code.message().expect("named codes are listed");
        assert!(text.starts_with(message), "{code}: {text}");
    }
    assert_eq!(
        error_message(ErrorCode(143)),
        Some("Invalid statistics file")
    );
    assert_eq!(
        error_entry(ErrorCode::CONNECTION_FAILED).map(|entry| entry.code),
        Some(ErrorCode(145))
    );
}

#[test]
fn traps_are_numbered_1_to_40() {
    let numbers: Vec<u32> = traps().iter().map(|trap| trap.number).collect();
    assert_eq!(numbers, (1..=40).collect::<Vec<_>>());
    let names: BTreeSet<&str> = traps().iter().map(|trap| trap.name).collect();
    assert_eq!(names.len(), 40);
    assert!(traps().iter().all(|trap| trap.name.starts_with("dttrap")));
    assert_eq!(trap_by_number(0), None);
    assert_eq!(trap_by_number(41), None);
}

#[test]
fn kernel_started_is_trap_1() {
    let trap = trap_by_name("dttrapKernelStarted").expect("listed");
    assert_eq!(trap.number, 1);
    assert_eq!(trap.notification_oid(), [1, 3, 6, 1, 4, 1, 2592, 0, 1]);
    assert_eq!(trap.raised_by, [EventId(4000)]);
    assert_eq!(trap.confidence, Some(Confidence::High));
    assert_eq!(ENTERPRISE_OID, [1, 3, 6, 1, 4, 1, 2592]);
    assert_eq!(
        trap_by_number(40).map(Trap::notification_oid),
        Some([1, 3, 6, 1, 4, 1, 2592, 0, 40])
    );
}

#[test]
fn mirror_start_is_raised_by_4019() {
    let raised: Vec<&str> = traps_raised_by(EventId(4019))
        .map(|trap| trap.name)
        .collect();
    assert_eq!(raised, ["dttrapMirrorStart"]);
    let trap = trap_by_name("dttrapMirrorStart").expect("listed");
    assert_eq!(trap.number, 27);
    assert_eq!(trap.description, "Mirroring has started");
    assert_eq!(
        trap.mib_description,
        "Mirroring was started on a connection."
    );
}

#[test]
fn both_spellings_of_misspelt_traps_are_found() {
    for (mib, guide, number) in [
        ("dttrapConnectionSucceded", "dttrapConnectionSucceeded", 11),
        ("dttrapVerficationFailure", "dttrapVerificationFailure", 34),
    ] {
        let trap = trap_by_name(mib).expect("MIB spelling");
        assert_eq!(trap.number, number);
        assert_eq!(trap.name, mib);
        assert_eq!(trap.guide_name, Some(guide));
        assert_eq!(trap_by_name(guide).map(|trap| trap.number), Some(number));
    }
    assert_eq!(trap_by_name("dttrapkernelstarted"), None);
    assert_eq!(trap_by_name(""), None);
}

#[test]
fn only_traps_21_and_24_are_missing_from_the_guide() {
    let mib_only: Vec<u32> = traps()
        .iter()
        .filter(|trap| trap.guide_name.is_none())
        .map(|trap| trap.number)
        .collect();
    assert_eq!(mib_only, [21, 24]);
    let shutdown = trap_by_number(24).expect("listed");
    assert_eq!(shutdown.description, shutdown.mib_description);
    assert_eq!(
        shutdown.description,
        "Auto disconnect was forced to shut down Double-Take."
    );
}

#[test]
fn trap_mappings_are_consistent() {
    for trap in traps() {
        assert_eq!(
            trap.raised_by.is_empty(),
            trap.confidence.is_none(),
            "{}",
            trap.name
        );
        for id in trap.raised_by {
            assert!(
                engine_event(*id).is_some(),
                "{} raised by unknown {id}",
                trap.name
            );
            assert!(
                traps_raised_by(*id).any(|raised| raised.number == trap.number),
                "{} not found from {id}",
                trap.name
            );
        }
    }
    let unmapped: Vec<u32> = traps()
        .iter()
        .filter(|trap| trap.raised_by.is_empty())
        .map(|trap| trap.number)
        .collect();
    assert_eq!(unmapped, [3, 9, 10, 17, 21, 24, 34]);
}

#[test]
fn an_event_may_raise_several_traps() {
    let mut raised: Vec<(u32, Option<Confidence>)> = traps_raised_by(EventId(4014))
        .map(|trap| (trap.number, trap.confidence))
        .collect();
    raised.sort_by_key(|(number, _)| *number);
    assert_eq!(
        raised,
        [(13, Some(Confidence::Medium)), (19, Some(Confidence::Low))]
    );
    let failover: Vec<u32> = [6010, 6213, 6300]
        .into_iter()
        .flat_map(|id| traps_raised_by(EventId(id)).map(|trap| trap.number))
        .collect();
    assert_eq!(failover, [38, 38, 38]);
    assert_eq!(traps_raised_by(EventId(4006)).count(), 0);
}
