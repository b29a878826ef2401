//! NSI-MIB loadable by Net-SNMP: `snmptranslate` resolves one of its objects.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use super::outcome::{Check, Outcome};

/// An object of NSI-MIB and its OID.
const PROBE: (&str, &str) = ("NSI-MIB::dtUpTime", ".1.3.6.1.4.1.2592.3.2.1");

/// Runs `snmptranslate -M DIRS -m NSI-MIB -On NSI-MIB::dtUpTime`: DIRS is `base_dir`
/// (the IETF base MIBs) and `mib_dir` when a base is given, else `mib_dir` added to
/// Net-SNMP's default search path.
pub fn check(mib_dir: &Path, base_dir: Option<&Path>) -> Check {
    let mut dirs = OsString::new();
    match base_dir {
        Some(base) => {
            dirs.push(base);
            dirs.push(":");
        }
        None => dirs.push("+"),
    }
    dirs.push(mib_dir);
    let name = format!("NSI-MIB in {}", mib_dir.display());
    let output = Command::new("snmptranslate")
        .arg("-M")
        .arg(&dirs)
        .args(["-m", "NSI-MIB", "-On", PROBE.0])
        .output();
    let outcome = match output {
        Err(err) => Outcome::Fail(format!(
            "cannot run snmptranslate ({err}); install the Debian package snmp"
        )),
        Ok(out) if String::from_utf8_lossy(&out.stdout).trim() == PROBE.1 => {
            Outcome::Pass(format!("snmptranslate resolves {} to {}", PROBE.0, PROBE.1))
        }
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr
                .lines()
                .find(|line| !line.starts_with("MIB search path"))
                .unwrap_or("no output");
            Outcome::Fail(format!(
                "snmptranslate cannot load it ({first}); are the IETF base MIBs \
                 (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF) in the search path? see --base-mib-dir"
            ))
        }
    };
    Check::new(name, outcome)
}
