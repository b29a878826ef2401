//! The connection tables' columns: which Connection statistic each one serves.
//!
//! Both tables are indexed by `dtConnectionIndex`, the engine's connection ID:
//! `dtConnectionTable` (the vendor's 14 readable columns) and `dtConnectionExtTable`
//! (dtsuite's columns, AUGMENTS the vendor entry, so it has the same rows).

use std::net::{IpAddr, Ipv4Addr};

use logparse::sts::{ConnectionStats, Snapshot};

use super::mirror_status::MirrorStatus;
use super::oids;
use super::target_data_state::TargetDataState;
use super::value::Value;

/// Reads one column's value from a connection, at the snapshot's time.
pub(super) type ReadColumn = fn(&ConnectionStats, &Snapshot) -> Value;

/// `dtConnectionEntry`'s readable columns, in column order (column 1, the index, is not-accessible).
pub(super) const VENDOR_COLUMNS: [(u32, ReadColumn); 14] = [
    (oids::DTCON_IP_ADDRESS, |c, _| {
        Value::IpAddress(ipv4_of(c.con_peer_address))
    }),
    (oids::DTCON_CONNECT_TIME, connect_time),
    (oids::DTCON_STATE, |c, _| {
        Value::Integer(i32::try_from(c.con_state.value()).unwrap_or(0))
    }),
    (oids::DTCON_OPS_IN_CMD_QUEUE, |c, _| {
        Value::gauge32(c.con_ops_in_cmd_queue)
    }),
    (oids::DTCON_OPS_IN_ACK_QUEUE, |c, _| {
        Value::gauge32(c.con_ops_in_ack_queue)
    }),
    (oids::DTCON_OPS_IN_REP_QUEUE, |c, _| {
        Value::gauge32(c.con_ops_in_rep_queue)
    }),
    (oids::DTCON_OPS_IN_MIR_QUEUE, |c, _| {
        Value::gauge32(c.con_ops_in_mir_queue)
    }),
    (oids::DTCON_BYTES_IN_REP_QUEUE, |c, _| {
        Value::gauge32(c.con_bytes_in_rep_queue)
    }),
    (oids::DTCON_BYTES_IN_MIR_QUEUE, |c, _| {
        Value::gauge32(c.con_bytes_in_mir_queue)
    }),
    (oids::DTCON_OPS_TX, |c, _| Value::counter32(c.con_ops_tx)),
    (oids::DTCON_BYTES_TX, |c, _| {
        Value::counter32(c.con_bytes_tx)
    }),
    (oids::DTCON_OPS_RX, |c, _| Value::counter32(c.con_ops_rx)),
    (oids::DTCON_BYTES_RX, |c, _| {
        Value::counter32(c.con_bytes_rx)
    }),
    (oids::DTCON_RESENT_OP_COUNT, |c, _| {
        Value::counter32(c.con_resent_op_count)
    }),
];

/// `dtConnectionExtEntry`'s columns, in column order.
pub(super) const EXT_COLUMNS: [(u32, ReadColumn); 13] = [
    (oids::DTCON_BYTES_COMPRESSED_TX, |c, _| {
        Value::counter32(c.con_bytes_compressed_tx)
    }),
    (oids::DTCON_HC_OPS_TX, |c, _| Value::Counter64(c.con_ops_tx)),
    (oids::DTCON_HC_BYTES_TX, |c, _| {
        Value::Counter64(c.con_bytes_tx)
    }),
    (oids::DTCON_HC_OPS_RX, |c, _| Value::Counter64(c.con_ops_rx)),
    (oids::DTCON_HC_BYTES_RX, |c, _| {
        Value::Counter64(c.con_bytes_rx)
    }),
    (oids::DTCON_HC_RESENT_OP_COUNT, |c, _| {
        Value::Counter64(c.con_resent_op_count)
    }),
    (oids::DTCON_HC_BYTES_COMPRESSED_TX, |c, _| {
        Value::Counter64(c.con_bytes_compressed_tx)
    }),
    (oids::DTCON_REPLICATION_SET_NAME, |c, _| {
        Value::OctetString(display_string(&c.replication_set))
    }),
    (oids::DTCON_TARGET_NAME, |c, _| {
        Value::OctetString(display_string(&c.target_name))
    }),
    (oids::DTCON_TARGET_DATA_STATE, |c, _| {
        Value::Integer(TargetDataState::of(c).value())
    }),
    (oids::DTCON_MIRROR_STATUS, |c, _| {
        Value::Integer(MirrorStatus::of(c).value())
    }),
    (oids::DTCON_MIRROR_PERCENT, |c, _| {
        Value::Gauge32(mirror_percent(c.con_mirror_percent))
    }),
    (oids::DTCON_RECOVERY_POINT_LAG, |c, _| {
        Value::gauge32(c.con_rpl)
    }),
];

/// The longest DisplayString (RFC 2579: `SIZE (0..255)`).
const DISPLAY_STRING_MAX: usize = 255;

/// `dtconConnectTime`: how long the connection has been established at the snapshot's
/// time (the guide: time the connection has been active); 0 if it is not established.
fn connect_time(connection: &ConnectionStats, snapshot: &Snapshot) -> Value {
    let millis = connection
        .connect_time
        .map_or(0, |since| (snapshot.timestamp - since).num_milliseconds());
    Value::time_ticks_from_millis(millis)
}

/// An IpAddress for the peer: IPv4 as is, an IPv4-mapped IPv6 address as its IPv4
/// form, any other IPv6 address as 0.0.0.0 (IpAddress holds only IPv4).
fn ipv4_of(address: IpAddr) -> Ipv4Addr {
    match address {
        IpAddr::V4(v4) => v4,
        IpAddr::V6(v6) => v6.to_ipv4_mapped().unwrap_or(Ipv4Addr::UNSPECIFIED),
    }
}

/// A name as a DisplayString: its UTF-8 bytes, cut at 255 bytes on a character boundary.
fn display_string(name: &str) -> Vec<u8> {
    let mut end = name.len().min(DISPLAY_STRING_MAX);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.as_bytes()[..end].to_vec()
}

/// The mirror's whole percent complete, rounded down, within 0..=100 (NaN counts as 0).
fn mirror_percent(percent: f64) -> u32 {
    if percent.is_nan() {
        0
    } else {
        percent.clamp(0.0, 100.0).floor() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    #[test]
    fn columns_are_in_strictly_increasing_order() {
        for columns in [&VENDOR_COLUMNS[..], &EXT_COLUMNS[..]] {
            for pair in columns.windows(2) {
                assert!(pair[0].0 < pair[1].0);
            }
        }
        assert_eq!(VENDOR_COLUMNS[0].0, oids::DT_CONNECTION_INDEX_COLUMN + 1);
    }

    #[test]
    fn peer_addresses_fit_ip_address() {
        let v4 = Ipv4Addr::new(10, 0, 0, 7);
        assert_eq!(ipv4_of(IpAddr::V4(v4)), v4);
        assert_eq!(ipv4_of(IpAddr::V6(v4.to_ipv6_mapped())), v4);
        assert_eq!(
            ipv4_of(IpAddr::V6(Ipv6Addr::LOCALHOST)),
            Ipv4Addr::UNSPECIFIED
        );
    }

    #[test]
    fn display_strings_stop_at_255_bytes_on_a_character() {
        assert_eq!(display_string("set1"), b"set1".to_vec());
        let long = "é".repeat(200);
        let cut = display_string(&long);
        assert_eq!(cut.len(), 254);
        assert!(std::str::from_utf8(&cut).is_ok());
    }

    #[test]
    fn mirror_percent_is_whole_and_bounded() {
        assert_eq!(mirror_percent(99.9), 99);
        assert_eq!(mirror_percent(100.0), 100);
        assert_eq!(mirror_percent(250.0), 100);
        assert_eq!(mirror_percent(-1.0), 0);
        assert_eq!(mirror_percent(f64::NAN), 0);
    }
}
