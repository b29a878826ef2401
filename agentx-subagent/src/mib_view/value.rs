//! The SMIv2 values the NSI subtree holds, and the conversions from the engine's
//! 64-bit statistics into them.

use std::net::Ipv4Addr;

/// One object instance's value, typed as the MIB declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// INTEGER / Integer32 (the states and enumerations).
    Integer(i32),
    /// OCTET STRING (DisplayString names).
    OctetString(Vec<u8>),
    /// IpAddress (IPv4 only).
    IpAddress(Ipv4Addr),
    /// Counter32: the engine's count modulo 2^32.
    Counter32(u32),
    /// Gauge32: the engine's level, held at 2^32 − 1 when it is larger.
    Gauge32(u32),
    /// TimeTicks: hundredths of a second, modulo 2^32.
    TimeTicks(u32),
    /// Counter64: the engine's count, exact.
    Counter64(u64),
}

impl Value {
    /// A Counter32 from a 64-bit count: RFC 2578 counters wrap, so the value is `count mod 2^32`.
    pub fn counter32(count: u64) -> Self {
        Value::Counter32((count & u64::from(u32::MAX)) as u32)
    }

    /// A Gauge32 from a 64-bit level: RFC 2578 gauges latch at their maximum instead of wrapping.
    pub fn gauge32(level: u64) -> Self {
        Value::Gauge32(u32::try_from(level).unwrap_or(u32::MAX))
    }

    /// TimeTicks from a duration in milliseconds: hundredths of a second modulo 2^32
    /// (RFC 2578 §7.1.8); a negative duration (clock skew) counts as zero.
    pub fn time_ticks_from_millis(millis: i64) -> Self {
        let hundredths = u64::try_from(millis / 10).unwrap_or(0);
        Value::TimeTicks((hundredths & u64::from(u32::MAX)) as u32)
    }
}

/// What a Get finds at one OID (RFC 3416 §4.2.1, RFC 2741 §7.2.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The instance exists; here is its value.
    Value(Value),
    /// No object of the MIB has this OID as an instance (or the object is not-accessible).
    NoSuchObject,
    /// The object exists, but not this instance (e.g. a connection index with no row).
    NoSuchInstance,
}

/// The value as it travels in an AgentX VarBind (and, through it, in an SNMP one).
impl From<Value> for crate::agentx::Value {
    fn from(value: Value) -> crate::agentx::Value {
        use crate::agentx::Value as Wire;
        match value {
            Value::Integer(v) => Wire::Integer(v),
            Value::OctetString(v) => Wire::OctetString(v),
            Value::IpAddress(v) => Wire::IpAddress(v.octets()),
            Value::Counter32(v) => Wire::Counter32(v),
            Value::Gauge32(v) => Wire::Gauge32(v),
            Value::TimeTicks(v) => Wire::TimeTicks(v),
            Value::Counter64(v) => Wire::Counter64(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counter32_wraps_at_2_pow_32() {
        assert_eq!(
            Value::counter32(u64::from(u32::MAX)),
            Value::Counter32(u32::MAX)
        );
        assert_eq!(Value::counter32(1 << 32), Value::Counter32(0));
        assert_eq!(Value::counter32((1 << 32) + 7), Value::Counter32(7));
    }

    #[test]
    fn gauge32_latches_at_its_maximum() {
        assert_eq!(Value::gauge32(5), Value::Gauge32(5));
        assert_eq!(Value::gauge32(1 << 32), Value::Gauge32(u32::MAX));
        assert_eq!(Value::gauge32(u64::MAX), Value::Gauge32(u32::MAX));
    }

    #[test]
    fn time_ticks_are_hundredths_and_never_negative() {
        // The guide's sample: 1:37:40 is 586000 ticks.
        assert_eq!(
            Value::time_ticks_from_millis((60 + 37) * 60_000 + 40_000),
            Value::TimeTicks(586_000)
        );
        assert_eq!(Value::time_ticks_from_millis(-5_000), Value::TimeTicks(0));
        assert_eq!(
            Value::time_ticks_from_millis((1 << 32) * 10 + 30),
            Value::TimeTicks(3)
        );
    }

    proptest! {
        #[test]
        fn counter32_is_the_count_modulo_2_pow_32(count in any::<u64>()) {
            let Value::Counter32(v) = Value::counter32(count) else {
                return Err(TestCaseError::fail("not a Counter32"));
            };
            prop_assert_eq!(u64::from(v), count % (1u64 << 32));
        }
    }
}
