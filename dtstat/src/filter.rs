//! The guide's `-IP`, `-Start` and `-Stop` filters: which snapshots, connections and
//! targets an export keeps.
//!
//! Time zone: `-Start`/`-Stop` are wall-clock times of the machine running DTStat (the
//! zone the guide's screen shows), converted once to UTC with [`local_to_utc`]; the
//! filter then compares UTC instants, so a `.sts` file recorded elsewhere filters by the
//! same instants whatever zone it is read in.

use std::net::IpAddr;

use chrono::{DateTime, Local, LocalResult, NaiveDateTime, TimeZone, Utc};
use logparse::sts::{ConnectionStats, Snapshot, TargetStats};
use thiserror::Error;

/// The guide's `-Start`/`-Stop` form, `mm/dd/yyyyhh:mm`.
const GUIDE_TIME: &str = "%m/%d/%Y%H:%M";
/// The same with a space between date and time, `mm/dd/yyyy hh:mm`.
const GUIDE_TIME_SPACED: &str = "%m/%d/%Y %H:%M";

/// A `-Start`/`-Stop` value that is not a time.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FilterError {
    /// The text is not `mm/dd/yyyyhh:mm` (or `mm/dd/yyyy hh:mm`).
    #[error("invalid date and time {0:?}: expected mm/dd/yyyyhh:mm")]
    BadTime(String),
    /// The wall-clock time is skipped by a daylight-saving change in the local zone.
    #[error("{0} does not exist in the local time zone (daylight-saving gap)")]
    NoSuchLocalTime(NaiveDateTime),
}

/// What `-IP`, `-Start` and `-Stop` keep; the default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `-IP`: peer addresses to keep; empty keeps every address.
    pub ips: Vec<IpAddr>,
    /// `-Start`: snapshots taken before this instant are left out.
    pub start: Option<DateTime<Utc>>,
    /// `-Stop`: snapshots taken after this instant are left out.
    pub stop: Option<DateTime<Utc>>,
}

impl Filter {
    /// Whether a snapshot taken at `timestamp` is within `-Start`..=`-Stop`.
    pub fn keeps_time(&self, timestamp: DateTime<Utc>) -> bool {
        self.start.is_none_or(|start| timestamp >= start)
            && self.stop.is_none_or(|stop| timestamp <= stop)
    }

    /// Whether `-IP` keeps a connection, by its conPeerAddress.
    pub fn keeps_connection(&self, connection: &ConnectionStats) -> bool {
        self.keeps_address(connection.con_peer_address)
    }

    /// Whether `-IP` keeps a Target section, by its PeerAddress.
    pub fn keeps_target(&self, target: &TargetStats) -> bool {
        self.keeps_address(target.peer_address)
    }

    /// The snapshot with only the connections and targets `-IP` keeps, or `None` when
    /// `-Start`/`-Stop` leave it out.
    pub fn apply(&self, mut snapshot: Snapshot) -> Option<Snapshot> {
        if !self.keeps_time(snapshot.timestamp) {
            return None;
        }
        if !self.ips.is_empty() {
            snapshot.connections.retain(|c| self.keeps_connection(c));
            snapshot.targets.retain(|t| self.keeps_target(t));
        }
        Some(snapshot)
    }

    /// An IPv4 address and its IPv4-mapped IPv6 form are the same peer.
    fn keeps_address(&self, address: IpAddr) -> bool {
        self.ips.is_empty()
            || self
                .ips
                .iter()
                .any(|ip| ip.to_canonical() == address.to_canonical())
    }
}

/// Reads a `-Start`/`-Stop` value, `mm/dd/yyyyhh:mm` or `mm/dd/yyyy hh:mm`, as wall-clock time.
pub fn parse_guide_time(text: &str) -> Result<NaiveDateTime, FilterError> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, GUIDE_TIME)
        .or_else(|_| NaiveDateTime::parse_from_str(text, GUIDE_TIME_SPACED))
        .map_err(|_| FilterError::BadTime(text.to_owned()))
}

/// The UTC instant of a wall-clock time in the local zone; in a daylight-saving overlap,
/// the earlier of the two instants.
pub fn local_to_utc(wall_clock: NaiveDateTime) -> Result<DateTime<Utc>, FilterError> {
    match Local.from_local_datetime(&wall_clock) {
        LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => Ok(time.to_utc()),
        LocalResult::None => Err(FilterError::NoSuchLocalTime(wall_clock)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap_or_default()
    }

    #[test]
    fn start_and_stop_are_inclusive_bounds() {
        let filter = Filter {
            start: Some(at(100)),
            stop: Some(at(200)),
            ..Filter::default()
        };
        assert!(!filter.keeps_time(at(99)));
        assert!(filter.keeps_time(at(100)));
        assert!(filter.keeps_time(at(200)));
        assert!(!filter.keeps_time(at(201)));
        assert!(Filter::default().keeps_time(at(0)));
    }

    #[test]
    fn ip_filter_matches_mapped_ipv6_and_keeps_all_when_empty() {
        let v4: IpAddr = "10.10.1.104"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        let mapped: IpAddr = "::ffff:10.10.1.104"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        let filter = Filter {
            ips: vec![v4],
            ..Filter::default()
        };
        let mut connection = ConnectionStats {
            con_peer_address: mapped,
            ..ConnectionStats::default()
        };
        assert!(filter.keeps_connection(&connection));
        connection.con_peer_address = "10.10.1.105"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        assert!(!filter.keeps_connection(&connection));
        assert!(Filter::default().keeps_connection(&connection));
    }

    #[test]
    fn guide_time_parses_both_forms_and_rejects_others() {
        let expected = NaiveDateTime::parse_from_str("2010-11-10 12:48", "%Y-%m-%d %H:%M");
        assert_eq!(parse_guide_time("11/10/201012:48").ok(), expected.ok());
        assert_eq!(parse_guide_time("11/10/2010 12:48").ok(), expected.ok());
        assert_eq!(
            parse_guide_time("2010-11-10"),
            Err(FilterError::BadTime("2010-11-10".into()))
        );
        assert!(parse_guide_time("13/10/201012:48").is_err());
    }
}
