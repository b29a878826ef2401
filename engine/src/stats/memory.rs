//! Memory in use by the engine, reported as System Allocator, Total Bytes.
//!
//! The product reports what its own allocator holds; dtsuite has no allocator of its
//! own, so it reports the process's resident set size (VmRSS of `/proc/self/status`).

/// The engine's resident memory in bytes, or `None` where `/proc` cannot tell.
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    vm_rss_bytes(&status)
}

/// The `VmRSS:` line of a `/proc/<pid>/status` text, in bytes (the kernel writes kB).
fn vm_rss_bytes(status: &str) -> Option<u64> {
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kib = line.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()?;
    kib.checked_mul(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_rss_in_bytes() {
        let status = "Name:\tdtengine\nVmPeak:\t  20000 kB\nVmRSS:\t    5120 kB\nThreads:\t4\n";
        assert_eq!(vm_rss_bytes(status), Some(5 * 1024 * 1024));
        assert_eq!(vm_rss_bytes("Name:\tx\n"), None);
        assert_eq!(vm_rss_bytes("VmRSS:\tlots kB\n"), None);
    }

    #[test]
    fn this_process_has_resident_memory() {
        assert!(resident_bytes().is_some_and(|bytes| bytes > 0));
    }
}
