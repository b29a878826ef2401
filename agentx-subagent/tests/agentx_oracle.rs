//! The `agentx` crate as an oracle where it is sound: messages encoded by our codec
//! decode with it to the same content, and its encodings decode with ours to the same
//! content, for every PDU both sides have, in both byte orders.
//!
//! The oracle domain avoids its verified defects (see `agentx_defects.rs`): octets are
//! UTF-8, IpAddress octets are below 128, Response errors are the AgentX codes, uptimes
//! stay below 2^32 / 10, and its flag bits are set by hand (it sets no context flag).

// Each test file uses part of the shared strategies.
#[allow(dead_code)]
mod agentx_support;

use agentx::encodings as x;
use agentx::pdu as xp;
use agentx_support::{self as s, Domain};
use dtsubagent::agentx::{
    decode_frame, BulkRequest, ByteOrder, Close, CloseReason, Context, ErrorStatus, Message, Oid,
    Open, Pdu, Ping, RangeBound, Register, Request, Response, SearchRange, Unregister, Value,
    VarBind, VarBindList, DEFAULT_MAX_PAYLOAD,
};
use proptest::prelude::*;
use std::time::Duration;

const O: Domain = Domain::Oracle;

fn id(oid: &Oid, include: bool) -> x::ID {
    let mut id = x::ID::try_from(oid.as_slice().to_vec()).expect("at most 255 sub-ids");
    id.include = u8::from(include);
    id
}

fn oid(id: &x::ID) -> Oid {
    let text = id.to_string();
    if text.is_empty() {
        // The null OID prints as nothing.
        return Oid::default();
    }
    text.parse().expect("their OIDs print as dotted decimal")
}

fn text(octets: &[u8]) -> x::OctetString {
    x::OctetString(String::from_utf8(octets.to_vec()).expect("oracle domain is UTF-8"))
}

fn their_context(context: &Context) -> Option<x::Context> {
    context.as_deref().map(|c| x::Context(text(c)))
}

fn our_context(context: &Option<x::Context>) -> Context {
    context.as_ref().map(|c| c.0 .0.as_bytes().to_vec())
}

fn their_value(value: &Value) -> x::Value {
    match value {
        Value::Integer(v) => x::Value::Integer(*v),
        Value::OctetString(o) => x::Value::OctetString(text(o)),
        Value::Null => x::Value::Null,
        Value::ObjectIdentifier(o) => x::Value::ObjectIdentifier(id(o, false)),
        Value::IpAddress(ip) => x::Value::IpAddress(text(ip)),
        Value::Counter32(v) => x::Value::Counter32(*v),
        Value::Gauge32(v) => x::Value::Gauge32(*v),
        Value::TimeTicks(v) => x::Value::TimeTicks(*v as i32),
        Value::Opaque(o) => x::Value::Opaque(text(o)),
        Value::Counter64(v) => x::Value::Counter64(*v),
        Value::NoSuchObject => x::Value::NoSuchObject,
        Value::NoSuchInstance => x::Value::NoSuchInstance,
        Value::EndOfMibView => x::Value::EndOfMibView,
    }
}

fn our_value(value: &x::Value) -> Value {
    match value {
        x::Value::Integer(v) => Value::Integer(*v),
        x::Value::OctetString(o) => Value::OctetString(o.0.as_bytes().to_vec()),
        x::Value::Null => Value::Null,
        x::Value::ObjectIdentifier(i) => Value::ObjectIdentifier(oid(i)),
        x::Value::IpAddress(o) => Value::IpAddress(o.0.as_bytes().try_into().expect("four octets")),
        x::Value::Counter32(v) => Value::Counter32(*v),
        x::Value::Gauge32(v) => Value::Gauge32(*v),
        x::Value::TimeTicks(v) => Value::TimeTicks(*v as u32),
        x::Value::Opaque(o) => Value::Opaque(o.0.as_bytes().to_vec()),
        x::Value::Counter64(v) => Value::Counter64(*v),
        x::Value::NoSuchObject => Value::NoSuchObject,
        x::Value::NoSuchInstance => Value::NoSuchInstance,
        x::Value::EndOfMibView => Value::EndOfMibView,
    }
}

fn their_varbinds(vbs: &[VarBind]) -> x::VarBindList {
    x::VarBindList(
        vbs.iter()
            .map(|vb| x::VarBind::new(id(&vb.name, false), their_value(&vb.value)))
            .collect(),
    )
}

fn our_varbinds(vbs: &x::VarBindList) -> Vec<VarBind> {
    vbs.0
        .iter()
        .map(|vb| VarBind::new(oid(&vb.name), our_value(&vb.data)))
        .collect()
}

fn their_ranges(ranges: &[SearchRange]) -> x::SearchRangeList {
    x::SearchRangeList(
        ranges
            .iter()
            .map(|r| x::SearchRange::new(id(&r.start, r.include), id(&r.end, false)))
            .collect(),
    )
}

fn our_ranges(ranges: &x::SearchRangeList) -> Vec<SearchRange> {
    ranges
        .0
        .iter()
        .map(|r| SearchRange {
            start: oid(&r.start),
            include: r.start.include == 1,
            end: oid(&r.end),
        })
        .collect()
}

fn their_close(reason: CloseReason) -> xp::CloseReason {
    xp::CloseReason::from_byte(reason.code()).expect("same codes 1-6")
}

fn their_error(error: ErrorStatus) -> xp::ResError {
    let bytes = error.code().to_le_bytes();
    xp::ResError::from_bytes(&bytes, &agentx::ByteOrder::LittleEndian).expect("AgentX codes")
}

fn our_error(error: &xp::ResError) -> ErrorStatus {
    let bytes = error.to_bytes(&agentx::ByteOrder::LittleEndian);
    ErrorStatus::from_code(u16::from_le_bytes(bytes)).expect("AgentX codes")
}

/// Their header for our message, with flag bit values set by hand.
fn their_header(msg: &Message) -> xp::Header {
    let ty = xp::Type::from_byte(msg.pdu.pdu_type().code()).expect("same type codes");
    let mut h = xp::Header::new(ty);
    h.session_id = msg.session_id;
    h.transaction_id = msg.transaction_id;
    h.packet_id = msg.packet_id;
    if msg.byte_order == ByteOrder::BigEndian {
        h.flags |= 1 << xp::NETWORK_BYTE_ORDER;
    }
    let context = match &msg.pdu {
        Pdu::Register(r) => &r.context,
        Pdu::Unregister(u) => &u.context,
        Pdu::Get(q) | Pdu::GetNext(q) => &q.context,
        Pdu::GetBulk(b) => &b.context,
        Pdu::TestSet(l) | Pdu::Notify(l) => &l.context,
        Pdu::Ping(p) => &p.context,
        _ => &None,
    };
    if context.is_some() {
        h.flags |= 1 << xp::NON_DEFAULT_CONTEXT;
    }
    if matches!(&msg.pdu, Pdu::Register(r) if r.instance) {
        h.flags |= 1 << xp::INSTANCE_REGISTRATION;
    }
    h
}

fn secs(timeout: u8) -> Duration {
    Duration::from_secs(u64::from(timeout))
}

fn timeout(d: Duration) -> u8 {
    u8::try_from(d.as_secs()).expect("their timeouts come from a byte")
}

fn range_parts(range: Option<RangeBound>) -> (u8, Option<u32>) {
    range.map_or((0, None), |r| (r.subid, Some(r.upper_bound)))
}

fn our_range(subid: u8, upper_bound: Option<u32>) -> Option<RangeBound> {
    upper_bound.map(|upper_bound| RangeBound { subid, upper_bound })
}

/// Encodes our message with their codec.
fn encode_with_theirs(msg: &Message) -> Vec<u8> {
    let header = their_header(msg);
    let bytes = match &msg.pdu {
        Pdu::Open(o) => xp::Open {
            header,
            timeout: secs(o.timeout),
            id: id(&o.id, false),
            descr: text(&o.descr),
        }
        .to_bytes(),
        Pdu::Close(c) => xp::Close {
            header,
            reason: their_close(c.reason),
        }
        .to_bytes(),
        Pdu::Register(r) => {
            let (range_subid, upper_bound) = range_parts(r.range);
            xp::Register {
                header,
                context: their_context(&r.context),
                timeout: secs(r.timeout),
                priority: r.priority,
                range_subid,
                subtree: id(&r.subtree, false),
                upper_bound,
            }
            .to_bytes()
        }
        Pdu::Unregister(u) => {
            let (range_subid, upper_bound) = range_parts(u.range);
            xp::Unregister {
                header,
                context: their_context(&u.context),
                priority: u.priority,
                range_subid,
                subtree: id(&u.subtree, false),
                upper_bound,
            }
            .to_bytes()
        }
        Pdu::Get(q) => xp::Get {
            header,
            context: their_context(&q.context),
            sr: their_ranges(&q.ranges),
        }
        .to_bytes(),
        Pdu::GetNext(q) => xp::GetNext {
            header,
            context: their_context(&q.context),
            sr: their_ranges(&q.ranges),
        }
        .to_bytes(),
        Pdu::GetBulk(b) => xp::GetBulk {
            header,
            context: their_context(&b.context),
            non_repeaters: b.non_repeaters,
            max_repetitions: b.max_repetitions,
            sr: their_ranges(&b.ranges),
        }
        .to_bytes(),
        Pdu::TestSet(l) => xp::TestSet {
            header,
            context: their_context(&l.context),
            vb: their_varbinds(&l.varbinds),
        }
        .to_bytes(),
        Pdu::CommitSet => xp::CommitSet { header }.to_bytes(),
        Pdu::UndoSet => xp::UndoSet { header }.to_bytes(),
        Pdu::CleanupSet => xp::CleanupSet { header }.to_bytes(),
        Pdu::Notify(l) => xp::Notify {
            header,
            context: their_context(&l.context),
            vb: their_varbinds(&l.varbinds),
        }
        .to_bytes(),
        Pdu::Ping(p) => xp::Ping {
            header,
            context: their_context(&p.context),
        }
        .to_bytes(),
        Pdu::Response(r) => xp::Response {
            header,
            sys_uptime: Duration::from_millis(u64::from(r.sys_uptime) * 10),
            res_error: their_error(r.error),
            res_index: r.index,
            vb: (!r.varbinds.is_empty()).then(|| their_varbinds(&r.varbinds)),
        }
        .to_bytes(),
    };
    bytes.expect("their encoder accepts the oracle domain")
}

/// Decodes bytes with their codec (the PDU type taken from `like`) into our types.
fn decode_with_theirs(bytes: &[u8], like: &Message) -> Message {
    fn ok<T>(r: std::io::Result<T>) -> T {
        r.expect("their decoder accepts our encoding")
    }
    let (header, pdu) = match &like.pdu {
        Pdu::Open(_) => {
            let o = ok(xp::Open::from_bytes(bytes));
            let pdu = Pdu::Open(Open {
                timeout: timeout(o.timeout),
                id: oid(&o.id),
                descr: o.descr.0.into_bytes(),
            });
            (o.header, pdu)
        }
        Pdu::Close(_) => {
            let c = ok(xp::Close::from_bytes(bytes));
            let reason = CloseReason::from_code(c.reason.to_byte()).expect("1-6");
            (c.header, Pdu::Close(Close { reason }))
        }
        Pdu::Register(_) => {
            let r = ok(xp::Register::from_bytes(bytes));
            let pdu = Pdu::Register(Register {
                context: our_context(&r.context),
                timeout: timeout(r.timeout),
                priority: r.priority,
                subtree: oid(&r.subtree),
                range: our_range(r.range_subid, r.upper_bound),
                instance: r.header.flags & (1 << xp::INSTANCE_REGISTRATION) != 0,
            });
            (r.header, pdu)
        }
        Pdu::Unregister(_) => {
            let u = ok(xp::Unregister::from_bytes(bytes));
            let pdu = Pdu::Unregister(Unregister {
                context: our_context(&u.context),
                priority: u.priority,
                subtree: oid(&u.subtree),
                range: our_range(u.range_subid, u.upper_bound),
            });
            (u.header, pdu)
        }
        Pdu::Get(_) => {
            let g = ok(xp::Get::from_bytes(bytes));
            let pdu = Pdu::Get(Request {
                context: our_context(&g.context),
                ranges: our_ranges(&g.sr),
            });
            (g.header, pdu)
        }
        Pdu::GetNext(_) => {
            let g = ok(xp::GetNext::from_bytes(bytes));
            let pdu = Pdu::GetNext(Request {
                context: our_context(&g.context),
                ranges: our_ranges(&g.sr),
            });
            (g.header, pdu)
        }
        Pdu::GetBulk(_) => {
            let g = ok(xp::GetBulk::from_bytes(bytes));
            let pdu = Pdu::GetBulk(BulkRequest {
                context: our_context(&g.context),
                non_repeaters: g.non_repeaters,
                max_repetitions: g.max_repetitions,
                ranges: our_ranges(&g.sr),
            });
            (g.header, pdu)
        }
        Pdu::TestSet(_) => {
            let t = ok(xp::TestSet::from_bytes(bytes));
            let pdu = Pdu::TestSet(VarBindList {
                context: our_context(&t.context),
                varbinds: our_varbinds(&t.vb),
            });
            (t.header, pdu)
        }
        Pdu::CommitSet => (ok(xp::CommitSet::from_bytes(bytes)).header, Pdu::CommitSet),
        Pdu::UndoSet => (ok(xp::UndoSet::from_bytes(bytes)).header, Pdu::UndoSet),
        Pdu::CleanupSet => (
            ok(xp::CleanupSet::from_bytes(bytes)).header,
            Pdu::CleanupSet,
        ),
        Pdu::Notify(_) => {
            let n = ok(xp::Notify::from_bytes(bytes));
            let pdu = Pdu::Notify(VarBindList {
                context: our_context(&n.context),
                varbinds: our_varbinds(&n.vb),
            });
            (n.header, pdu)
        }
        Pdu::Ping(_) => {
            let p = ok(xp::Ping::from_bytes(bytes));
            let pdu = Pdu::Ping(Ping {
                context: our_context(&p.context),
            });
            (p.header, pdu)
        }
        Pdu::Response(_) => {
            let r = ok(xp::Response::from_bytes(bytes));
            let uptime = u32::try_from(r.sys_uptime.as_millis() / 10).expect("32-bit uptime");
            let pdu = Pdu::Response(Response {
                sys_uptime: uptime,
                error: our_error(&r.res_error),
                index: r.res_index,
                varbinds: r.vb.as_ref().map(our_varbinds).unwrap_or_default(),
            });
            (r.header, pdu)
        }
    };
    let byte_order = if header.flags & (1 << xp::NETWORK_BYTE_ORDER) != 0 {
        ByteOrder::BigEndian
    } else {
        ByteOrder::LittleEndian
    };
    Message {
        session_id: header.session_id,
        transaction_id: header.transaction_id,
        packet_id: header.packet_id,
        byte_order,
        pdu,
    }
}

fn check(msg: &Message) -> Result<(), TestCaseError> {
    // Ours encodes, theirs decodes.
    let ours = msg.encode().expect("encodes");
    prop_assert_eq!(&decode_with_theirs(&ours, msg), msg);
    // Theirs encodes, ours decodes.
    let theirs = encode_with_theirs(msg);
    let (back, used) = decode_frame(&theirs, DEFAULT_MAX_PAYLOAD)
        .map_err(|e| TestCaseError::fail(format!("ours refused theirs: {e}")))?
        .ok_or_else(|| TestCaseError::fail("incomplete"))?;
    prop_assert_eq!(used, theirs.len());
    prop_assert_eq!(&back, msg);
    Ok(())
}

proptest! {
    #[test]
    fn open(m in s::message(s::open(O))) { check(&m)?; }
    #[test]
    fn close(m in s::message(s::close())) { check(&m)?; }
    #[test]
    fn register(m in s::message(s::register(O))) { check(&m)?; }
    #[test]
    fn unregister(m in s::message(s::unregister(O))) { check(&m)?; }
    #[test]
    fn get(m in s::message(s::get(O))) { check(&m)?; }
    #[test]
    fn get_next(m in s::message(s::get_next(O))) { check(&m)?; }
    #[test]
    fn get_bulk(m in s::message(s::get_bulk(O))) { check(&m)?; }
    #[test]
    fn test_set(m in s::message(s::test_set(O))) { check(&m)?; }
    #[test]
    fn commit_undo_cleanup(m in s::message(s::set_phase())) { check(&m)?; }
    #[test]
    fn notify(m in s::message(s::notify(O))) { check(&m)?; }
    #[test]
    fn ping(m in s::message(s::ping(O))) { check(&m)?; }
    #[test]
    fn response(m in s::message(s::response(O))) { check(&m)?; }
}
