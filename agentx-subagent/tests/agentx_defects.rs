//! One test per verified defect of the `agentx` crate (0.1.1): each shows it going
//! wrong on bytes or values that RFC 2741 allows, and our codec getting them right.

use agentx::encodings as x;
use agentx::pdu as xp;
use dtsubagent::agentx::{
    decode_frame, ByteOrder, DecodeError, ErrorStatus, Message, Oid, Pdu, PduType, Ping, Register,
    Request, Response, SearchRange, Value, VarBind, DEFAULT_MAX_PAYLOAD, HEADER_LEN,
};
use std::panic::catch_unwind;
use std::time::Duration;

fn message(byte_order: ByteOrder, pdu: Pdu) -> Message {
    Message {
        session_id: 1,
        transaction_id: 2,
        packet_id: 3,
        byte_order,
        pdu,
    }
}

fn response(sys_uptime: u32, error: ErrorStatus, varbinds: Vec<VarBind>) -> Message {
    message(
        ByteOrder::LittleEndian,
        Pdu::Response(Response {
            sys_uptime,
            error,
            index: 0,
            varbinds,
        }),
    )
}

fn ours(bytes: &[u8]) -> Result<Message, DecodeError> {
    let (msg, used) = decode_frame(bytes, DEFAULT_MAX_PAYLOAD)?.expect("whole frame");
    assert_eq!(used, bytes.len());
    Ok(msg)
}

fn oid(text: &str) -> Oid {
    text.parse().expect("test OID")
}

/// Defect 1: sysUpTime × 10 in `u32` — a panic in debug builds after 49.7 days of master uptime.
#[test]
fn response_uptime_past_49_days() {
    let uptime = 0x2000_0000; // about 62 days in hundredths of a second
    let bytes = response(uptime, ErrorStatus::NoError, vec![])
        .encode()
        .unwrap();
    let theirs = catch_unwind(|| xp::Response::from_bytes(&bytes));
    if cfg!(debug_assertions) {
        assert!(theirs.is_err(), "overflow checks make it panic");
    } else {
        let wrapped = theirs.expect("no overflow checks").expect("decodes");
        let right = Duration::from_millis(u64::from(uptime) * 10);
        assert_ne!(wrapped.sys_uptime, right, "release builds wrap");
    }
    let Pdu::Response(r) = ours(&bytes).unwrap().pdu else {
        panic!("not a Response")
    };
    assert_eq!(r.sys_uptime, uptime);
}

/// Defect 2: the SNMP error codes 1–18 (notWritable …) do not decode, so a Set cannot be refused properly.
#[test]
fn snmp_error_codes_1_to_18() {
    for status in ErrorStatus::ALL
        .into_iter()
        .filter(|s| (1..=18).contains(&s.code()))
    {
        let bytes = response(0, status, vec![]).encode().unwrap();
        assert!(xp::Response::from_bytes(&bytes).is_err(), "{status:?}");
        let Pdu::Response(r) = ours(&bytes).unwrap().pdu else {
            panic!("not a Response")
        };
        assert_eq!(r.error, status);
    }
    let bytes = response(0, ErrorStatus::NotWritable, vec![])
        .encode()
        .unwrap();
    assert_eq!(bytes[HEADER_LEN + 4..HEADER_LEN + 6], [17, 0]);
}

/// Defect 3: octet strings must be UTF-8 — binary octets and IpAddress 192.168.1.1 fail.
#[test]
fn binary_octets_and_ip_address() {
    for value in [
        Value::OctetString(vec![0xff, 0x00, 0x80]),
        Value::Opaque(vec![0x9f, 0x78, 0x04]),
        Value::IpAddress([192, 168, 1, 1]),
    ] {
        let vb = VarBind::new(oid("1.3.6.1.4.1.2592.3.1.0"), value);
        let bytes = response(0, ErrorStatus::NoError, vec![vb.clone()])
            .encode()
            .unwrap();
        assert!(xp::Response::from_bytes(&bytes).is_err(), "{vb:?}");
        let Pdu::Response(r) = ours(&bytes).unwrap().pdu else {
            panic!("not a Response")
        };
        assert_eq!(r.varbinds, vec![vb]);
    }
}

/// Defect 4: decoders ignore the payload length — a Get and a Ping in one buffer read as one Get.
#[test]
fn payload_length_bounds_the_pdu() {
    let get = message(
        ByteOrder::LittleEndian,
        Pdu::Get(Request {
            context: None,
            ranges: vec![SearchRange {
                start: oid("1.3.6.1.4.1.2592.3.1.0"),
                include: false,
                end: Oid::default(),
            }],
        }),
    );
    let ping = message(ByteOrder::LittleEndian, Pdu::Ping(Ping::default()));
    let first = get.encode().unwrap();
    let mut buf = first.clone();
    buf.extend(ping.encode().unwrap());

    let theirs = xp::Get::from_bytes(&buf);
    assert!(
        !matches!(&theirs, Ok(g) if g.sr.len() == 1),
        "their Get swallows the Ping: {theirs:?}"
    );

    let (msg, used) = decode_frame(&buf, DEFAULT_MAX_PAYLOAD).unwrap().unwrap();
    assert_eq!((msg, used), (get, first.len()));
    let (next, _) = decode_frame(&buf[used..], DEFAULT_MAX_PAYLOAD)
        .unwrap()
        .unwrap();
    assert_eq!(next, ping);
}

/// Defect 5a: the flag constants are bit positions; used as values they set the wrong bit.
#[test]
fn flag_constants_are_bit_positions() {
    assert_eq!(xp::NETWORK_BYTE_ORDER, 4);
    assert_eq!(dtsubagent::agentx::header::NETWORK_BYTE_ORDER, 0x10);
    let mut ping = xp::Ping::new();
    ping.header.flags = xp::NETWORK_BYTE_ORDER; // what the RFC's flag name suggests
    ping.header.session_id = 1;
    let bytes = ping.to_bytes().unwrap();
    assert_eq!(
        bytes[2], 0x04,
        "ANY_INDEX set instead of NETWORK_BYTE_ORDER"
    );
    assert_eq!(bytes[4..8], [1, 0, 0, 0], "still little-endian");
    assert_eq!(
        ours(&bytes),
        Err(DecodeError::FlagNotAllowed {
            flag: 0x04,
            pdu: PduType::Ping
        })
    );
}

/// Defect 5b: a context does not set NON_DEFAULT_CONTEXT, so its own encoding loses it.
#[test]
fn context_sets_its_flag() {
    let mut get = xp::Get::new(x::SearchRangeList(vec![]));
    get.context = Some(x::Context(x::OctetString("ctx".into())));
    let bytes = get.to_bytes().unwrap();
    assert_eq!(bytes[2] & 0x08, 0);
    let decoded = xp::Get::from_bytes(&bytes)
        .map(|g| g.context)
        .ok()
        .flatten();
    assert_ne!(
        decoded, get.context,
        "their context does not survive their own round trip"
    );

    let msg = message(
        ByteOrder::BigEndian,
        Pdu::Get(Request {
            context: Some(b"ctx".to_vec()),
            ranges: vec![],
        }),
    );
    let bytes = msg.encode().unwrap();
    assert_eq!(bytes[2], 0x18);
    assert_eq!(ours(&bytes), Ok(msg));
}

/// Defect 6: `Register::new` uses priority 0, not the RFC's default 127.
#[test]
fn register_default_priority() {
    let subtree = "1.3.6.1.4.1.2592.3";
    assert_eq!(xp::Register::new(subtree.parse().unwrap()).priority, 0);
    let ours = Register::new(oid(subtree));
    assert_eq!(ours.priority, 127);
    let bytes = message(ByteOrder::LittleEndian, Pdu::Register(ours))
        .encode()
        .unwrap();
    assert_eq!(bytes[HEADER_LEN + 1], 127);
}

/// Defect 7: a Response without VarBinds comes back with an empty list it never had.
#[test]
fn response_without_varbinds() {
    let mut theirs = xp::Response::new();
    theirs.header.session_id = 1;
    theirs.header.transaction_id = 2;
    theirs.header.packet_id = 3;
    assert_eq!(theirs.vb, None);
    let bytes = theirs.to_bytes().unwrap();
    assert_eq!(
        xp::Response::from_bytes(&bytes).unwrap().vb,
        Some(x::VarBindList(vec![]))
    );
    let msg = response(0, ErrorStatus::NoError, vec![]);
    assert_eq!(msg.encode().unwrap(), bytes);
    assert_eq!(ours(&bytes), Ok(msg));
}

/// Defect 8a: TimeTicks is signed, so values from 2^31 (about 248 days) turn negative.
#[test]
fn time_ticks_are_unsigned() {
    let ticks = 3_000_000_000;
    let vb = VarBind::new(oid("1.3.6.1.2.1.1.3.0"), Value::TimeTicks(ticks));
    let bytes = response(0, ErrorStatus::NoError, vec![vb.clone()])
        .encode()
        .unwrap();
    let theirs = xp::Response::from_bytes(&bytes).unwrap().vb.unwrap();
    assert!(matches!(theirs.0[0].data, x::Value::TimeTicks(t) if t < 0));
    let Pdu::Response(r) = ours(&bytes).unwrap().pdu else {
        panic!("not a Response")
    };
    assert_eq!(r.varbinds, vec![vb]);
}

/// Defect 8b: an OID of 255 sub-identifiers after an `internet` prefix decodes to 260 and
/// then panics when re-encoded; ours refuses it as longer than 128.
#[test]
fn long_prefixed_oid() {
    let mut payload = vec![0u8; 8]; // sysUpTime, error, index
    payload.extend([5, 0, 0, 0]); // Null VarBind
    payload.extend([255, 4, 0, 0]); // n_subid 255, prefix 4
    payload.extend(std::iter::repeat_n([1u8, 0, 0, 0], 255).flatten());
    let mut bytes = vec![1, 18, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
    bytes.extend(u32::try_from(payload.len()).unwrap().to_le_bytes());
    bytes.extend(payload);

    let mut theirs = xp::Response::from_bytes(&bytes).expect("theirs accepts it");
    assert!(catch_unwind(move || theirs.to_bytes()).is_err());
    assert_eq!(ours(&bytes), Err(DecodeError::OidTooLong(260)));
}

/// Defect 8c: the version byte is not checked.
#[test]
fn version_checked() {
    let mut bytes = message(ByteOrder::LittleEndian, Pdu::Ping(Ping::default()))
        .encode()
        .unwrap();
    bytes[0] = 2;
    assert_eq!(xp::Ping::from_bytes(&bytes).unwrap().header.version, 2);
    assert_eq!(ours(&bytes), Err(DecodeError::UnsupportedVersion(2)));
}
