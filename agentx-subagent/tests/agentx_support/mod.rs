//! proptest strategies for AgentX messages, shared by the round-trip and oracle tests.
//!
//! `Domain::Oracle` keeps to what the `agentx` crate can represent (UTF-8 octets, ASCII
//! IpAddress octets, AgentX error codes, small uptimes) so it can be used as an oracle;
//! `Domain::Full` covers everything the RFC allows.

use dtsubagent::agentx::{
    BulkRequest, ByteOrder, Close, CloseReason, Context, ErrorStatus, Message, Oid, Open, Pdu,
    Ping, RangeBound, Register, Request, Response, SearchRange, Unregister, Value, VarBind,
    VarBindList,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// Which values to generate.
#[derive(Clone, Copy, Debug)]
pub enum Domain {
    /// Everything RFC 2741 allows.
    Full,
    /// Only what the `agentx` crate decodes soundly.
    Oracle,
}

pub fn byte_order() -> impl Strategy<Value = ByteOrder> {
    prop_oneof![Just(ByteOrder::LittleEndian), Just(ByteOrder::BigEndian)]
}

/// OIDs, half of them under 1.3.6.1.x so both prefix forms appear.
pub fn oid() -> impl Strategy<Value = Oid> {
    prop_oneof![
        vec(any::<u32>(), 0..10),
        (0u32..300, vec(any::<u32>(), 0..10)).prop_map(|(x, rest)| {
            let mut ids = vec![1, 3, 6, 1, x];
            ids.extend(rest);
            ids
        }),
    ]
    .prop_map(Oid::new)
}

pub fn octets(domain: Domain) -> BoxedStrategy<Vec<u8>> {
    match domain {
        Domain::Full => vec(any::<u8>(), 0..13).boxed(),
        Domain::Oracle => "[a-z0-9 éß]{0,9}".prop_map(String::into_bytes).boxed(),
    }
}

pub fn context(domain: Domain) -> impl Strategy<Value = Context> {
    option::of(octets(domain))
}

pub fn value(domain: Domain) -> impl Strategy<Value = Value> {
    let ip = match domain {
        Domain::Full => any::<[u8; 4]>().boxed(),
        Domain::Oracle => any::<[u8; 4]>().prop_map(|ip| ip.map(|b| b & 0x7f)).boxed(),
    };
    prop_oneof![
        any::<i32>().prop_map(Value::Integer),
        octets(domain).prop_map(Value::OctetString),
        Just(Value::Null),
        oid().prop_map(Value::ObjectIdentifier),
        ip.prop_map(Value::IpAddress),
        any::<u32>().prop_map(Value::Counter32),
        any::<u32>().prop_map(Value::Gauge32),
        any::<u32>().prop_map(Value::TimeTicks),
        octets(domain).prop_map(Value::Opaque),
        any::<u64>().prop_map(Value::Counter64),
        Just(Value::NoSuchObject),
        Just(Value::NoSuchInstance),
        Just(Value::EndOfMibView),
    ]
}

pub fn varbinds(domain: Domain) -> impl Strategy<Value = Vec<VarBind>> {
    vec(
        (oid(), value(domain)).prop_map(|(name, value)| VarBind::new(name, value)),
        0..5,
    )
}

pub fn ranges() -> impl Strategy<Value = Vec<SearchRange>> {
    vec(
        (oid(), any::<bool>(), oid()).prop_map(|(start, include, end)| SearchRange {
            start,
            include,
            end,
        }),
        0..5,
    )
}

fn range_bound() -> impl Strategy<Value = Option<RangeBound>> {
    option::of(
        (1u8.., any::<u32>()).prop_map(|(subid, upper_bound)| RangeBound { subid, upper_bound }),
    )
}

pub fn open(domain: Domain) -> impl Strategy<Value = Pdu> {
    (any::<u8>(), oid(), octets(domain))
        .prop_map(|(timeout, id, descr)| Pdu::Open(Open { timeout, id, descr }))
}

pub fn close() -> impl Strategy<Value = Pdu> {
    proptest::sample::select(CloseReason::ALL.to_vec())
        .prop_map(|reason| Pdu::Close(Close { reason }))
}

pub fn register(domain: Domain) -> impl Strategy<Value = Pdu> {
    (
        context(domain),
        any::<u8>(),
        any::<u8>(),
        oid(),
        range_bound(),
        any::<bool>(),
    )
        .prop_map(|(context, timeout, priority, subtree, range, instance)| {
            Pdu::Register(Register {
                context,
                timeout,
                priority,
                subtree,
                range,
                instance,
            })
        })
}

pub fn unregister(domain: Domain) -> impl Strategy<Value = Pdu> {
    (context(domain), any::<u8>(), oid(), range_bound()).prop_map(
        |(context, priority, subtree, range)| {
            Pdu::Unregister(Unregister {
                context,
                priority,
                subtree,
                range,
            })
        },
    )
}

fn request(domain: Domain) -> impl Strategy<Value = Request> {
    (context(domain), ranges()).prop_map(|(context, ranges)| Request { context, ranges })
}

pub fn get(domain: Domain) -> impl Strategy<Value = Pdu> {
    request(domain).prop_map(Pdu::Get)
}

pub fn get_next(domain: Domain) -> impl Strategy<Value = Pdu> {
    request(domain).prop_map(Pdu::GetNext)
}

pub fn get_bulk(domain: Domain) -> impl Strategy<Value = Pdu> {
    (context(domain), any::<u16>(), any::<u16>(), ranges()).prop_map(
        |(context, non_repeaters, max_repetitions, ranges)| {
            Pdu::GetBulk(BulkRequest {
                context,
                non_repeaters,
                max_repetitions,
                ranges,
            })
        },
    )
}

fn varbind_list(domain: Domain) -> impl Strategy<Value = VarBindList> {
    (context(domain), varbinds(domain))
        .prop_map(|(context, varbinds)| VarBindList { context, varbinds })
}

pub fn test_set(domain: Domain) -> impl Strategy<Value = Pdu> {
    varbind_list(domain).prop_map(Pdu::TestSet)
}

pub fn notify(domain: Domain) -> impl Strategy<Value = Pdu> {
    varbind_list(domain).prop_map(Pdu::Notify)
}

pub fn set_phase() -> impl Strategy<Value = Pdu> {
    prop_oneof![
        Just(Pdu::CommitSet),
        Just(Pdu::UndoSet),
        Just(Pdu::CleanupSet)
    ]
}

pub fn ping(domain: Domain) -> impl Strategy<Value = Pdu> {
    context(domain).prop_map(|context| Pdu::Ping(Ping { context }))
}

pub fn response(domain: Domain) -> impl Strategy<Value = Pdu> {
    let (errors, max_uptime) = match domain {
        Domain::Full => (ErrorStatus::ALL.to_vec(), u32::MAX),
        Domain::Oracle => (
            ErrorStatus::ALL
                .into_iter()
                .filter(|s| s.code() == 0 || s.code() >= 256)
                .collect(),
            u32::MAX / 10,
        ),
    };
    (
        0..=max_uptime,
        proptest::sample::select(errors),
        any::<u16>(),
        varbinds(domain),
    )
        .prop_map(|(sys_uptime, error, index, varbinds)| {
            Pdu::Response(Response {
                sys_uptime,
                error,
                index,
                varbinds,
            })
        })
}

/// A message around any strategy's PDU, in either byte order.
pub fn message(pdu: impl Strategy<Value = Pdu>) -> impl Strategy<Value = Message> {
    (any::<u32>(), any::<u32>(), any::<u32>(), byte_order(), pdu).prop_map(
        |(session_id, transaction_id, packet_id, byte_order, pdu)| Message {
            session_id,
            transaction_id,
            packet_id,
            byte_order,
            pdu,
        },
    )
}
