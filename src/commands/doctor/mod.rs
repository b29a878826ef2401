//! `dtsuite doctor`: checks a host for the suite — settings files parse, the engine's
//! ports are free or held by a dtengine, snmpd's AgentX socket answers, Net-SNMP loads
//! NSI-MIB, and the mail relay greets — one pass/fail line each.

mod dtconf;
mod mib;
mod outcome;
mod ports;
mod smtp;
mod subagent;

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use outcome::Check;

/// Check this host for the suite: one line per check, exit status 1 when any fails.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  dtsuite doctor --config /etc/DT/DT.conf --mib-dir /usr/share/snmp/mibs"
)]
pub struct DoctorArgs {
    /// DT.conf to check [default: $DT_CONF, else /etc/DT/DT.conf]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// dtsubagent's settings file [default: /etc/DT/dtsubagent.conf]
    #[arg(long, value_name = "FILE")]
    subagent_config: Option<PathBuf>,

    /// The notifier's settings file (TOML) [default: /etc/DT/dtnotify.toml]
    #[arg(long, value_name = "FILE")]
    notify_config: Option<PathBuf>,

    /// The folder holding NSI-MIB.txt
    #[arg(long, value_name = "DIR", default_value = "/usr/share/snmp/mibs")]
    mib_dir: PathBuf,

    /// The folder holding the IETF base MIBs NSI-MIB imports (SNMPv2-SMI, -TC, -CONF)
    /// [default: Net-SNMP's own search path]
    #[arg(long, value_name = "DIR")]
    base_mib_dir: Option<PathBuf>,
}

/// The notifier's default settings file.
const DEFAULT_NOTIFY_CONFIG: &str = "/etc/DT/dtnotify.toml";

/// Runs `dtsuite doctor`.
pub fn run(args: DoctorArgs) -> anyhow::Result<()> {
    let mut checks: Vec<Check> = Vec::new();
    let (config, explicit) = match args.config {
        Some(path) => (path, true),
        None => (logparse::dtconf::DtConf::default_path(), false),
    };
    let (conf_check, settings) = dtconf::check(&config, explicit);
    checks.push(conf_check);
    if let Some(settings) = settings {
        checks.extend(ports::check(&settings));
    }
    let (subagent_config, explicit) = match args.subagent_config {
        Some(path) => (path, true),
        None => (
            PathBuf::from(dtsubagent::config::DEFAULT_CONFIG_FILE),
            false,
        ),
    };
    checks.extend(subagent::check(&subagent_config, explicit));
    checks.push(mib::check(&args.mib_dir, args.base_mib_dir.as_deref()));
    let (notify_config, explicit) = match args.notify_config {
        Some(path) => (path, true),
        None => (PathBuf::from(DEFAULT_NOTIFY_CONFIG), false),
    };
    checks.extend(smtp::check(&notify_config, explicit));

    for check in &checks {
        println!("{check}");
    }
    let failed = checks.iter().filter(|c| c.failed()).count();
    if failed > 0 {
        bail!("{failed} of {} checks failed", checks.len());
    }
    println!("all {} checks passed or were skipped", checks.len());
    Ok(())
}
