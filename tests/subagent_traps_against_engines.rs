//! The whole path of the traps: two real engines replicating, the source's LogDir and
//! stats port read by a real `dtsubagent`, an AgentX session with a private snmpd whose
//! `trap2sink` is a private snmptrapd. A start of the sub-agent while the engine runs
//! sends dttrapKernelStarted; a mirror raises dttrapMirrorStart (27) and dttrapMirrorEnd
//! (31) with the varbinds of their NOTIFICATION-TYPE.

#[allow(dead_code)] // shared by the end-to-end tests; this one uses part of it
#[path = "support/engine_process.rs"]
mod engine_process;
#[allow(dead_code)]
#[path = "../agentx-subagent/tests/snmpd_support/mod.rs"]
mod snmpd_support;
#[path = "../agentx-subagent/tests/snmptrapd_support/mod.rs"]
mod snmptrapd_support;
#[allow(dead_code)]
#[path = "../agentx-subagent/tests/subagent_support/mod.rs"]
mod subagent_support;
#[path = "support/workspace_bin.rs"]
mod workspace_bin;

use std::time::Duration;

use engine_process::Engine;
use snmpd_support::{eventually, free_udp_port, Snmpd};
use snmptrapd_support::Snmptrapd;
use subagent_support::Subagent;
use workspace_bin::workspace_bin;

const WAIT: Duration = Duration::from_secs(20);
const SYS_UP_TIME: &str = ".1.3.6.1.2.1.1.3.0 = ";
const DT_NOTIFY_EVENT_ID: &str = ".1.3.6.1.4.1.2592.3.9.1.0 = Gauge32: ";
const DT_NOTIFY_CONNECTION_ID: &str = ".1.3.6.1.4.1.2592.3.9.3.0 = Gauge32: ";
const DT_SOURCE_STATE: &str = ".1.3.6.1.4.1.2592.3.3.1.0 = INTEGER: ";
const DT_TARGET_STATE: &str = ".1.3.6.1.4.1.2592.3.4.1.0 = INTEGER: ";
const KERNEL_STARTED: u32 = 1;
const MIRROR_START: u32 = 27;
const MIRROR_END: u32 = 31;

/// The traps numbered `number` in snmptrapd's output, each as the text of its varbinds.
fn traps(output: &str, number: u32) -> Vec<String> {
    let oid = format!("OID: .1.3.6.1.4.1.2592.0.{number}");
    output
        .split(SYS_UP_TIME)
        .skip(1)
        .filter(|trap| {
            trap.match_indices(&oid).any(|(at, _)| {
                !trap[at + oid.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            })
        })
        .map(str::to_owned)
        .collect()
}

/// The number after `prefix` in `trap`.
fn number_after(trap: &str, prefix: &str) -> Option<u32> {
    let (_, after) = trap.split_once(prefix)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Waits until snmptrapd has logged `count` traps numbered `number`; returns them.
fn wait_for_traps(trapd: &Snmptrapd, number: u32, count: usize) -> Vec<String> {
    eventually(WAIT, || {
        let found = traps(&trapd.output(), number);
        (found.len() >= count).then_some(found)
    })
    .unwrap_or_else(|| {
        panic!(
            "fewer than {count} traps {number} at snmptrapd: {}",
            trapd.output()
        )
    })
}

#[test]
fn a_mirror_on_real_engines_reaches_snmptrapd_through_snmpd_and_dtsubagent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let trapd = Snmptrapd::start(&root.join("trapd"));
    let snmpd = Snmpd::start(
        &root.join("snmpd"),
        free_udp_port(),
        &format!("trap2sink {} public\n", trapd.address()),
    );
    let source = Engine::start(&root.join("source"), "");
    let target = Engine::start(&root.join("target"), "");
    let data = root.join("data");
    std::fs::create_dir(&data).expect("data dir");
    for i in 0..20u8 {
        std::fs::write(data.join(format!("f{i}")), vec![i; 10_000]).expect("a data file");
    }

    let master = snmpd.master();
    let stats = format!("127.0.0.1:{}", source.stats);
    let log_dir = source.log_dir().display().to_string();
    let state_dir = root.join("state").display().to_string();
    let _subagent = Subagent::start_program(
        &workspace_bin("dtsubagent", "dtsubagent"),
        &[
            "--config",
            "/dev/null",
            "--master",
            &master,
            "--stats",
            &stats,
            "--log-dir",
            &log_dir,
            "--state-dir",
            &state_dir,
        ],
        &root.join("dtsubagent.stderr"),
    );
    // The engine runs: the start sends dttrapKernelStarted (event 4000), once, with the
    // source and target states (the engine's, not 0).
    let started = wait_for_traps(&trapd, KERNEL_STARTED, 1);
    assert_eq!(number_after(&started[0], DT_NOTIFY_EVENT_ID), Some(4000));
    for state in [DT_SOURCE_STATE, DT_TARGET_STATE] {
        let value = number_after(&started[0], state);
        assert!(value.is_some_and(|v| v > 0), "{state}: {}", started[0]);
    }

    let job = source.create_job("Data", &data, &target, &root.join("replica"));
    source.dtctl_ok(&["job", "start", &job]);
    source.wait_for_target_data_ok(&job, Duration::from_secs(30));
    let first_end = wait_for_traps(&trapd, MIRROR_END, 1);
    let connection = number_after(&first_end[0], DT_NOTIFY_CONNECTION_ID)
        .unwrap_or_else(|| panic!("no dtNotifyConnectionId: {}", first_end[0]));
    let first_start = wait_for_traps(&trapd, MIRROR_START, 1);
    for (trap, event) in [(&first_start[0], 4019), (&first_end[0], 4023)] {
        assert_eq!(
            number_after(trap, DT_NOTIFY_EVENT_ID),
            Some(event),
            "{trap}"
        );
        assert_eq!(
            number_after(trap, DT_NOTIFY_CONNECTION_ID),
            Some(connection),
            "{trap}"
        );
    }

    // Once the sub-agent's view has the connection's row, a second mirror's traps carry
    // its columns too: address, state, mirror status and percent.
    let address = format!(".1.3.6.1.4.1.2592.3.6.2.1.2.{connection}");
    let served = eventually(WAIT, || {
        let out = snmpd.tool("snmpget", &["-t", "0.5", "-r", "0"], &[&address]);
        String::from_utf8_lossy(&out.stdout)
            .contains("IpAddress: 127.0.0.1")
            .then_some(())
    });
    assert!(served.is_some(), "connection {connection} is never served");
    source.dtctl_ok(&["mirror", "start", "--full", &job]);
    let ends = wait_for_traps(&trapd, MIRROR_END, 2);
    let starts = wait_for_traps(&trapd, MIRROR_START, 2);
    // The mirror's status and percent are the event's own (In Progress, 0 at a start;
    // Idle, 100 at the end), not the previous snapshot's.
    for (trap, event, status, percent) in [(&starts[1], 4019, 2, 0), (&ends[1], 4023, 4, 100)] {
        assert_eq!(
            number_after(trap, DT_NOTIFY_EVENT_ID),
            Some(event),
            "{trap}"
        );
        assert_eq!(
            number_after(trap, DT_NOTIFY_CONNECTION_ID),
            Some(connection),
            "{trap}"
        );
        assert!(
            trap.contains(&format!("{address} = IpAddress: 127.0.0.1")),
            "{trap}"
        );
        for column in [
            format!(".1.3.6.1.4.1.2592.3.6.2.1.4.{connection} = INTEGER: "),
            format!(".1.3.6.1.4.1.2592.3.8.1.1.11.{connection} = INTEGER: {status}"),
            format!(".1.3.6.1.4.1.2592.3.8.1.1.12.{connection} = Gauge32: {percent}"),
        ] {
            assert!(trap.contains(&column), "{column} missing: {trap}");
        }
    }
    let output = trapd.output();
    assert_eq!(traps(&output, KERNEL_STARTED).len(), 1, "{output}");
    assert_eq!(traps(&output, MIRROR_START).len(), 2, "{output}");
    assert_eq!(traps(&output, MIRROR_END).len(), 2, "{output}");
}
