//! One SNMPv2c request datagram → its response datagram, answered from a [`MibView`].

use rasn_snmp::v2::{GetBulkRequest, Pdu, Pdus, Response, VarBind, VarBindValue};
use rasn_snmp::v2c::Message;

use rasn::types::ObjectIdentifier;

use super::ber::{to_rasn_oid, to_rasn_value, to_rasn_varbind};
use crate::mib_view::{self, Lookup, MibView, NextAnswer};

/// The largest response sent: a GetBulk answer longer than this loses varbinds from its
/// end (RFC 3416 §4.2.3), anything else becomes a tooBig error.
pub const MAX_DATAGRAM: usize = 65_000;

/// The response to the request in `datagram`, or `None` when it gets no answer: not a
/// v2c message, a wrong `community`, or not a request.
///
/// Get, GetNext and GetBulk are answered from `view`; a Set is answered notWritable,
/// since every NSI object is read-only.
pub fn respond(datagram: &[u8], community: &[u8], view: &MibView) -> Option<Vec<u8>> {
    let request: Message<Pdus> = rasn::ber::decode(datagram).ok()?;
    if request.version != Message::<Pdus>::VERSION.into() || request.community != community {
        return None;
    }
    let (request_id, pdu) = match &request.data {
        Pdus::GetRequest(get) => (get.0.request_id, answer(&get.0, |oid| get_one(view, oid))),
        Pdus::GetNextRequest(next) => (
            next.0.request_id,
            answer(&next.0, |oid| next_one(view, oid)),
        ),
        Pdus::GetBulkRequest(bulk) => (bulk.0.request_id, bulk_answer(bulk, view)),
        Pdus::SetRequest(set) => (set.0.request_id, not_writable(&set.0)),
        _ => return None,
    };
    let mut pdu = pdu;
    pdu.request_id = request_id;
    encode(&request, pdu)
}

fn encode(request: &Message<Pdus>, mut pdu: Pdu) -> Option<Vec<u8>> {
    let bulk = matches!(request.data, Pdus::GetBulkRequest(_));
    loop {
        let message = Message {
            version: request.version.clone(),
            community: request.community.clone(),
            data: Pdus::Response(Response(pdu.clone())),
        };
        let bytes = rasn::ber::encode(&message).ok()?;
        if bytes.len() <= MAX_DATAGRAM {
            return Some(bytes);
        }
        if bulk && pdu.variable_bindings.len() > 1 {
            let keep = pdu.variable_bindings.len() / 2;
            pdu.variable_bindings.truncate(keep);
        } else {
            pdu.error_status = Pdu::ERROR_STATUS_TOO_BIG;
            pdu.error_index = 0;
            pdu.variable_bindings.clear();
        }
    }
}

fn view_oid(varbind: &VarBind) -> mib_view::Oid {
    mib_view::Oid::new(varbind.name.to_vec())
}

fn answer(request: &Pdu, one: impl Fn(&VarBind) -> VarBind) -> Pdu {
    Pdu {
        request_id: request.request_id,
        error_status: Pdu::ERROR_STATUS_NO_ERROR,
        error_index: 0,
        variable_bindings: request.variable_bindings.iter().map(one).collect(),
    }
}

fn get_one(view: &MibView, varbind: &VarBind) -> VarBind {
    let value = match view.get(&view_oid(varbind)) {
        Lookup::Value(value) => to_rasn_value(&value.into()),
        Lookup::NoSuchObject => VarBindValue::NoSuchObject,
        Lookup::NoSuchInstance => VarBindValue::NoSuchInstance,
    };
    VarBind {
        name: varbind.name.clone(),
        value,
    }
}

fn next_one(view: &MibView, varbind: &VarBind) -> VarBind {
    found(view.search(&view_oid(varbind), false, None), varbind)
}

/// A search's answer as a varbind; endOfMibView is named by where the search started.
fn found(answer: NextAnswer, asked: &VarBind) -> VarBind {
    match answer {
        NextAnswer::Value(oid, value) => to_rasn_varbind(oid.as_slice(), &value.into())
            .unwrap_or_else(|| end_of_view(asked.name.clone())),
        NextAnswer::EndOfMibView(start) => {
            end_of_view(to_rasn_oid(start.as_slice()).unwrap_or_else(|| asked.name.clone()))
        }
    }
}

fn end_of_view(name: ObjectIdentifier) -> VarBind {
    VarBind {
        name,
        value: VarBindValue::EndOfMibView,
    }
}

fn bulk_answer(request: &GetBulkRequest, view: &MibView) -> Pdu {
    let bulk = &request.0;
    let oids: Vec<mib_view::Oid> = bulk.variable_bindings.iter().map(view_oid).collect();
    let non_repeaters = usize::try_from(bulk.non_repeaters).unwrap_or(usize::MAX);
    let max_repetitions = usize::try_from(bulk.max_repetitions).unwrap_or(usize::MAX);
    let answers = view.bulk(non_repeaters, max_repetitions, &oids);
    let split = non_repeaters.min(bulk.variable_bindings.len());
    let repeaters = bulk.variable_bindings.len() - split;
    let variable_bindings = answers
        .into_iter()
        .enumerate()
        .filter_map(|(at, answer)| {
            // The answer's position tells which requested varbind it continues.
            let asked = if at < split {
                at
            } else {
                split + (at - split) % repeaters.max(1)
            };
            bulk.variable_bindings
                .get(asked)
                .map(|asked| found(answer, asked))
        })
        .collect();
    Pdu {
        request_id: bulk.request_id,
        error_status: Pdu::ERROR_STATUS_NO_ERROR,
        error_index: 0,
        variable_bindings,
    }
}

fn not_writable(request: &Pdu) -> Pdu {
    Pdu {
        request_id: request.request_id,
        error_status: Pdu::ERROR_STATUS_NOT_WRITABLE,
        error_index: u32::from(!request.variable_bindings.is_empty()),
        variable_bindings: request.variable_bindings.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rasn_snmp::v2::{BulkPdu, GetRequest, SetRequest};

    fn request(community: &str, data: Pdus) -> Vec<u8> {
        let message = Message {
            version: Message::<Pdus>::VERSION.into(),
            community: community.as_bytes().to_vec().into(),
            data,
        };
        rasn::ber::encode(&message).unwrap()
    }

    fn pdu(oids: &[&[u32]]) -> Pdu {
        Pdu {
            request_id: 77,
            error_status: 0,
            error_index: 0,
            variable_bindings: oids
                .iter()
                .map(|oid| VarBind {
                    name: to_rasn_oid(oid).unwrap(),
                    value: VarBindValue::Unspecified,
                })
                .collect(),
        }
    }

    fn response(bytes: &[u8]) -> Pdu {
        let message: Message<Pdus> = rasn::ber::decode(bytes).unwrap();
        match message.data {
            Pdus::Response(Response(pdu)) => pdu,
            other => panic!("not a response: {other:?}"),
        }
    }

    const UP_TIME: &[u32] = &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 1, 0];

    #[test]
    fn get_answers_with_the_request_id_and_a_wrong_community_is_ignored() {
        let view = MibView::engine_down();
        let bytes = request("public", Pdus::GetRequest(GetRequest(pdu(&[UP_TIME]))));
        assert!(respond(&bytes, b"private", &view).is_none());
        let answer = response(&respond(&bytes, b"public", &view).unwrap());
        assert_eq!(answer.request_id, 77);
        assert_eq!(answer.variable_bindings.len(), 1);
        assert!(matches!(
            answer.variable_bindings[0].value,
            VarBindValue::Value(_)
        ));
    }

    #[test]
    fn set_is_not_writable() {
        let view = MibView::engine_down();
        let bytes = request("public", Pdus::SetRequest(SetRequest(pdu(&[UP_TIME]))));
        let answer = response(&respond(&bytes, b"public", &view).unwrap());
        assert_eq!(answer.error_status, Pdu::ERROR_STATUS_NOT_WRITABLE);
        assert_eq!(answer.error_index, 1);
    }

    #[test]
    fn bulk_past_the_end_is_end_of_mib_view() {
        let view = MibView::engine_down();
        let bulk = BulkPdu {
            request_id: 5,
            non_repeaters: 0,
            max_repetitions: 3,
            variable_bindings: pdu(&[&[1, 3, 6, 1, 4, 1, 2592, 4]]).variable_bindings,
        };
        let bytes = request("public", Pdus::GetBulkRequest(GetBulkRequest(bulk)));
        let answer = response(&respond(&bytes, b"public", &view).unwrap());
        assert_eq!(answer.request_id, 5);
        assert!(!answer.variable_bindings.is_empty());
        assert!(answer
            .variable_bindings
            .iter()
            .all(|vb| vb.value == VarBindValue::EndOfMibView));
    }

    proptest! {
        #[test]
        fn arbitrary_datagrams_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = respond(&bytes, b"public", &MibView::engine_down());
        }
    }
}
