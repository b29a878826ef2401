//! Golden bytes laid out by hand from RFC 2741 §6: our encoder writes them and our
//! decoder reads them back.

use dtsubagent::agentx::{
    decode_frame, ByteOrder, ErrorStatus, Message, Oid, Open, Pdu, Register, Request, Response,
    SearchRange, Value, VarBind, DEFAULT_MAX_PAYLOAD,
};

fn oid(text: &str) -> Oid {
    text.parse().expect("test OID")
}

fn check(msg: Message, golden: &[u8]) {
    assert_eq!(
        msg.encode().expect("encodes"),
        golden,
        "encoding of {msg:?}"
    );
    let (back, used) = decode_frame(golden, DEFAULT_MAX_PAYLOAD)
        .expect("decodes")
        .expect("complete");
    assert_eq!(used, golden.len());
    assert_eq!(back, msg);
}

#[test]
fn open_big_endian() {
    let golden = [
        1, 1, 0x10, 0, // version, Open, NETWORK_BYTE_ORDER, reserved
        0, 0, 0, 0, // session
        0, 0, 0, 0, // transaction
        0, 0, 0, 1, // packet
        0, 0, 0, 24, // payload length
        5, 0, 0, 0, // timeout, reserved
        2, 4, 0, 0, // n_subid 2, prefix 4 (1.3.6.1.4), include 0
        0, 0, 0, 1, 0, 0, 0x0a, 0x20, // .1.2592
        0, 0, 0, 2, b'd', b't', 0, 0, // descr "dt", padded
    ];
    let msg = Message {
        session_id: 0,
        transaction_id: 0,
        packet_id: 1,
        byte_order: ByteOrder::BigEndian,
        pdu: Pdu::Open(Open {
            timeout: 5,
            id: oid("1.3.6.1.4.1.2592"),
            descr: b"dt".to_vec(),
        }),
    };
    check(msg, &golden);
}

#[test]
fn response_not_writable_little_endian() {
    let golden = [
        1, 18, 0, 0, // version, Response, little-endian
        7, 0, 0, 0, // session
        8, 0, 0, 0, // transaction
        9, 0, 0, 0, // packet
        36, 0, 0, 0, // payload length
        0x10, 0xf1, 0x08, 0, // sysUpTime 586000
        17, 0, 1, 0, // notWritable, index 1
        67, 0, 0, 0, // TimeTicks, reserved
        4, 2, 0, 0, // n_subid 4, prefix 2 (1.3.6.1.2)
        1, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, // .1.1.3.0
        0x10, 0xf1, 0x08, 0, // 586000
    ];
    let msg = Message {
        session_id: 7,
        transaction_id: 8,
        packet_id: 9,
        byte_order: ByteOrder::LittleEndian,
        pdu: Pdu::Response(Response {
            sys_uptime: 586_000,
            error: ErrorStatus::NotWritable,
            index: 1,
            varbinds: vec![VarBind::new(
                oid("1.3.6.1.2.1.1.3.0"),
                Value::TimeTicks(586_000),
            )],
        }),
    };
    check(msg, &golden);
}

#[test]
fn get_next_with_context_big_endian() {
    let golden = [
        1, 6, 0x18, 0, // GetNext, NETWORK_BYTE_ORDER | NON_DEFAULT_CONTEXT
        0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, // session, transaction, packet
        0, 0, 0, 40, // payload length
        0, 0, 0, 2, b'c', b'1', 0, 0, // context "c1"
        3, 4, 1, 0, 0, 0, 0, 1, 0, 0, 0x0a, 0x20, 0, 0, 0, 3, // start, include
        3, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0x0a, 0x20, 0, 0, 0, 4, // end
    ];
    let msg = Message {
        session_id: 3,
        transaction_id: 4,
        packet_id: 5,
        byte_order: ByteOrder::BigEndian,
        pdu: Pdu::GetNext(Request {
            context: Some(b"c1".to_vec()),
            ranges: vec![SearchRange {
                start: oid("1.3.6.1.4.1.2592.3"),
                include: true,
                end: oid("1.3.6.1.4.1.2592.4"),
            }],
        }),
    };
    check(msg, &golden);
}

#[test]
fn register_default_priority_little_endian() {
    let golden = [
        1, 3, 0, 0, // Register
        1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, // session, transaction, packet
        20, 0, 0, 0, // payload length
        0, 127, 0, 0, // timeout, priority 127, range_subid 0, reserved
        3, 4, 0, 0, 1, 0, 0, 0, 0x20, 0x0a, 0, 0, 3, 0, 0, 0, // nsiDoubleTake
    ];
    let msg = Message {
        session_id: 1,
        transaction_id: 0,
        packet_id: 2,
        byte_order: ByteOrder::LittleEndian,
        pdu: Pdu::Register(Register::new(oid("1.3.6.1.4.1.2592.3"))),
    };
    check(msg, &golden);
}
