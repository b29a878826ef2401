//! The screen text against golden files made from the guide's sample values.

mod core_support;

use dtstat::screen::{render, Clock, Level, Screen};
use logparse::sts::{ConnectionStats, Snapshot};

use core_support::{guide_sample, series};

fn rendered(snapshot: &Snapshot, level: Level) -> String {
    let mut out = Vec::new();
    render(snapshot, level, Clock::Utc, &mut out).expect("writes to memory");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn level_2_is_the_guides_sample() {
    assert_eq!(
        rendered(&guide_sample(), Level::Guide),
        include_str!("golden/guide_sample_level2.txt")
    );
}

#[test]
fn level_1_is_kernel_and_connections() {
    assert_eq!(
        rendered(&guide_sample(), Level::Summary),
        include_str!("golden/guide_sample_level1.txt")
    );
}

#[test]
fn level_3_adds_identity_and_recovery_point() {
    assert_eq!(
        rendered(&guide_sample(), Level::Full),
        include_str!("golden/guide_sample_level3.txt")
    );
}

#[test]
fn every_peer_and_connection_gets_its_section() {
    let mut snapshot = guide_sample();
    let mut second_target = snapshot.targets[0].clone();
    second_target.peer_address = "10.10.1.105".parse().expect("address");
    snapshot.targets.push(second_target);
    snapshot.connections.push(ConnectionStats {
        con_peer_address: "fd00::7".parse().expect("address"),
        con_mirror_percent: 37.25,
        ..Default::default()
    });
    snapshot.source = None;
    let text = rendered(&snapshot, Level::Guide);
    assert_eq!(text.matches("TARGET:: PeerAddress: ").count(), 2);
    assert!(text.contains("TARGET:: PeerAddress: 10.10.1.105 LocalAddress: 10.10.1.104\n"));
    assert_eq!(text.matches("CONNECTION:: conPeerAddress: ").count(), 2);
    assert!(text.contains("CONNECTION:: conPeerAddress: fd00::7\n  connectTime: none\n"));
    assert!(
        text.contains("  conMirrorPercent: 37.2%\n")
            || text.contains("  conMirrorPercent: 37.3%\n")
    );
    assert!(
        !text.contains("SOURCE::"),
        "no SOURCE section when not a source"
    );
}

#[test]
fn the_screen_prints_only_snapshots_that_change_statistics() {
    let snapshots = series(&[true, false, false, true, false]);
    let mut screen = Screen::new(Vec::new(), Level::Summary, Clock::Utc);
    let printed: Vec<bool> = snapshots
        .iter()
        .map(|s| screen.show(s).expect("writes to memory"))
        .collect();
    assert_eq!(printed, [true, false, false, true, false]);
    let text = String::from_utf8(screen.into_inner()).expect("UTF-8");
    assert_eq!(
        text.matches("=====\n").count(),
        4,
        "two blocks of two rules"
    );
    assert!(text.contains("11/10/2010 12:48:06:2040"));
    assert!(text.contains("11/10/2010 12:48:09:2040"));
}
