//! The commands the demo prints to look further: the same data through the suite's
//! other surfaces, with full paths so that they run as printed.

use std::path::Path;

use super::layout::Layout;
use super::snmp::SnmpMode;

/// What the hints need besides the layout.
#[derive(Debug)]
pub struct HintContext<'a> {
    /// Where the binaries are.
    pub bin_dir: &'a Path,
    /// The folder holding NSI-MIB.txt.
    pub mib_dir: &'a Path,
    /// How NSI-MIB is served.
    pub snmp: &'a SnmpMode,
    /// The job's GUID.
    pub job: &'a str,
}

/// The hint lines: a title line, then each command on a line of its own starting with
/// `$ `.
pub fn hints(layout: &Layout, cx: &HintContext<'_>) -> Vec<String> {
    let bin = |name: &str| cx.bin_dir.join(name).display().to_string();
    let source_log = layout.source.log_dir();
    let mut lines = vec![
        "Look further (copy and paste):".to_string(),
        "  the NSI-MIB, over SNMP:".to_string(),
        format!(
            "$ snmpwalk -v2c -c public -M +{} -m +NSI-MIB {} NSI-MIB::nsiDoubleTake",
            cx.mib_dir.display(),
            cx.snmp.agent_address()
        ),
        "  the same by number, for hosts without the IETF base MIBs NSI-MIB imports:".to_string(),
        format!(
            "$ snmpwalk -v2c -c public -On {} .1.3.6.1.4.1.2592",
            cx.snmp.agent_address()
        ),
        "  the statistics file, as DTStat shows it, and live from the stats port:".to_string(),
        format!(
            "$ {} -f {}",
            bin("dtstat"),
            source_log.join("statistic.sts").display()
        ),
        format!(
            "$ {} -Server 127.0.0.1 {}",
            bin("dtstat"),
            layout.source.stats
        ),
        "  the source engine's log, followed (Ctrl-C stops):".to_string(),
        format!("$ {} -path {}", bin("logviewer"), source_log.display()),
        "  the job, through the management port:".to_string(),
        format!(
            "$ {} --engine {} job show {}",
            bin("dtctl"),
            layout.source.management_address(),
            cx.job
        ),
    ];
    lines.push(format!(
        "  the mails dtnotify wrote for the job's events (one .eml file each; settings in {}):",
        layout.notify_conf.display()
    ));
    lines.push(format!("$ ls {}", layout.outbox.display()));
    lines
}
