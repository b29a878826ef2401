//! `--delta` on screen: after each interval's differences, the per-second rates of the
//! counters that move data.

use std::io::{self, Write};

use crate::delta::Change;

/// Writes the RATES block of `change`: Kernel's generated operations and bytes, each
/// target's operations received and each connection's operations and bytes sent and
/// received, per second over the interval (nothing when the interval is not positive).
pub fn render_rates(change: &Change, out: &mut impl Write) -> io::Result<()> {
    if change.rate(0).is_none() {
        return Ok(());
    }
    let rate = |n: u64| change.rate(n).unwrap_or(0.0);
    let snapshot = &change.snapshot;
    let kernel = &snapshot.kernel;
    writeln!(
        out,
        "RATES:: per second over {:.1} s",
        change.interval_seconds
    )?;
    writeln!(
        out,
        "  KERNEL RepOpsGenerated: {:.1} RepBytesGenerated: {:.1} MirOpsGenerated: {:.1} MirBytesGenerated: {:.1}",
        rate(kernel.rep_ops_generated),
        rate(kernel.rep_bytes_generated),
        rate(kernel.mir_ops_generated),
        rate(kernel.mir_bytes_generated)
    )?;
    for target in &snapshot.targets {
        writeln!(
            out,
            "  TARGET {} Ops Received: {:.1} Mirror Ops Received: {:.1}",
            target.peer_address,
            rate(target.ops_received),
            rate(target.mirror_ops_received)
        )?;
    }
    for connection in &snapshot.connections {
        writeln!(
            out,
            "  CONNECTION {} conOpsTx: {:.1} conBytesTx: {:.1} conOpsRx: {:.1} conBytesRx: {:.1}",
            connection.connection_id,
            rate(connection.con_ops_tx),
            rate(connection.con_bytes_tx),
            rate(connection.con_ops_rx),
            rate(connection.con_bytes_rx)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::sts::{ConnectionStats, Snapshot};

    #[test]
    fn rates_divide_the_differences_by_the_interval() {
        let mut snapshot = Snapshot::default();
        snapshot.kernel.rep_ops_generated = 30;
        snapshot.connections.push(ConnectionStats {
            connection_id: 4,
            con_bytes_tx: 8192,
            ..ConnectionStats::default()
        });
        let change = Change {
            interval_seconds: 2.0,
            snapshot,
        };
        let mut out = Vec::new();
        render_rates(&change, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("RATES:: per second over 2.0 s\n"),
            "{text}"
        );
        assert!(text.contains("RepOpsGenerated: 15.0 "), "{text}");
        assert!(
            text.contains("CONNECTION 4 conOpsTx: 0.0 conBytesTx: 4096.0"),
            "{text}"
        );
        let mut none = Vec::new();
        let still = Change {
            interval_seconds: 0.0,
            snapshot: Snapshot::default(),
        };
        render_rates(&still, &mut none).unwrap();
        assert!(none.is_empty());
    }
}
