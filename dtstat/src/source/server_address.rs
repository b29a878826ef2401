//! Where the engine's stats port is: `-Server ip port`, or StatsAddress and StatsPort
//! from the local DT.conf.

use std::fmt;
use std::net::IpAddr;

use logparse::dtconf::DtConf;

/// StatsPort's default (guide chapter 12): the port DTStat and the SNMP sub-agent read.
pub const DEFAULT_STATS_PORT: u16 = 1506;

/// StatsAddress's default: the engine serves statistics on the loopback address only.
pub const DEFAULT_STATS_ADDRESS: &str = "127.0.0.1";

/// A stats port to connect to: a host (an IP address or a name) and a TCP port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    /// IP address or host name.
    pub host: String,
    /// TCP port.
    pub port: u16,
}

impl ServerAddress {
    /// The local engine's stats port: StatsAddress and StatsPort from `conf`, else the
    /// defaults. An engine bound to every address (`0.0.0.0`, `::`) is reached on loopback.
    pub fn from_dt_conf(conf: &DtConf) -> ServerAddress {
        let host = match conf.get("StatsAddress").map(str::trim) {
            None | Some("") => DEFAULT_STATS_ADDRESS.to_string(),
            Some(text) => match text.parse::<IpAddr>() {
                Ok(ip) if ip.is_unspecified() && ip.is_ipv6() => "::1".to_string(),
                Ok(ip) if ip.is_unspecified() => DEFAULT_STATS_ADDRESS.to_string(),
                _ => text.to_string(),
            },
        };
        let port = conf
            .get("StatsPort")
            .and_then(|text| text.trim().parse().ok())
            .filter(|port| *port != 0)
            .unwrap_or(DEFAULT_STATS_PORT);
        ServerAddress { host, port }
    }
}

impl fmt::Display for ServerAddress {
    /// `host:port`, with an IPv6 address in brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dt_conf_settings_or_the_defaults() {
        let local = ServerAddress::from_dt_conf(&DtConf::parse(""));
        assert_eq!(local.to_string(), "127.0.0.1:1506");
        let conf = DtConf::parse("StatsAddress=10.0.0.7\nstatsport=2506\n");
        assert_eq!(
            ServerAddress::from_dt_conf(&conf).to_string(),
            "10.0.0.7:2506"
        );
        let any = DtConf::parse("StatsAddress=0.0.0.0\nStatsPort=junk\n");
        assert_eq!(
            ServerAddress::from_dt_conf(&any).to_string(),
            "127.0.0.1:1506"
        );
        let any6 = DtConf::parse("StatsAddress=::\n");
        assert_eq!(ServerAddress::from_dt_conf(&any6).to_string(), "[::1]:1506");
    }
}
