//! Our values ⇄ rasn-snmp's varbind values.

use rasn::types::{FixedOctetString, Integer, ObjectIdentifier, OctetString};
use rasn_smi::v1::{Counter, Gauge, TimeTicks};
use rasn_smi::v2::{ApplicationSyntax, Counter64, ObjectSyntax, SimpleSyntax};
use rasn_snmp::v2::{VarBind, VarBindValue};

use crate::agentx::Value;

/// An OID for rasn; `None` for one BER cannot carry (fewer than two arcs, a bad first arc).
pub fn to_rasn_oid(sub_ids: &[u32]) -> Option<ObjectIdentifier> {
    ObjectIdentifier::new(sub_ids.to_vec())
}

/// The varbind value rasn-snmp encodes for `value` (Opaque is sent as an OCTET STRING
/// of the same bytes: the view never holds one).
pub fn to_rasn_value(value: &Value) -> VarBindValue {
    let application = |syntax| VarBindValue::Value(ObjectSyntax::ApplicationWide(syntax));
    let simple = |syntax| VarBindValue::Value(ObjectSyntax::Simple(syntax));
    match value {
        Value::Integer(v) => simple(SimpleSyntax::Integer(Integer::from(*v))),
        Value::OctetString(v) | Value::Opaque(v) => {
            simple(SimpleSyntax::String(OctetString::from(v.clone())))
        }
        Value::Null => VarBindValue::Unspecified,
        Value::ObjectIdentifier(oid) => match to_rasn_oid(oid.as_slice()) {
            Some(oid) => simple(SimpleSyntax::ObjectId(oid)),
            None => VarBindValue::Unspecified,
        },
        Value::IpAddress(octets) => application(ApplicationSyntax::Address(
            rasn_smi::v1::IpAddress(FixedOctetString::from(*octets)),
        )),
        Value::Counter32(v) => application(ApplicationSyntax::Counter(Counter(*v))),
        Value::Gauge32(v) => application(ApplicationSyntax::Unsigned(Gauge(*v))),
        Value::TimeTicks(v) => application(ApplicationSyntax::Ticks(TimeTicks(*v))),
        Value::Counter64(v) => application(ApplicationSyntax::BigCounter(Counter64(*v))),
        Value::NoSuchObject => VarBindValue::NoSuchObject,
        Value::NoSuchInstance => VarBindValue::NoSuchInstance,
        Value::EndOfMibView => VarBindValue::EndOfMibView,
    }
}

/// A rasn varbind named `name` holding `value`; `None` when `name` is not a BER OID.
pub fn to_rasn_varbind(name: &[u32], value: &Value) -> Option<VarBind> {
    Some(VarBind {
        name: to_rasn_oid(name)?,
        value: to_rasn_value(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_map_to_their_snmp_types() {
        assert_eq!(
            to_rasn_value(&Value::TimeTicks(7)),
            VarBindValue::Value(ObjectSyntax::ApplicationWide(ApplicationSyntax::Ticks(
                TimeTicks(7)
            )))
        );
        assert_eq!(
            to_rasn_value(&Value::Counter64(u64::MAX)),
            VarBindValue::Value(ObjectSyntax::ApplicationWide(
                ApplicationSyntax::BigCounter(Counter64(u64::MAX))
            ))
        );
        assert_eq!(
            to_rasn_value(&Value::NoSuchInstance),
            VarBindValue::NoSuchInstance
        );
        assert!(to_rasn_varbind(&[7], &Value::Null).is_none());
    }
}
