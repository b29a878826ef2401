//! Notifications as SNMPv2-Trap-PDUs to a trap sink.

use std::net::{SocketAddr, UdpSocket};

use rasn_snmp::v2::{Pdu, Pdus, Trap};
use rasn_snmp::v2c::Message;

use super::ber::to_rasn_varbind;
use super::error::StandaloneError;
use crate::traps::Notification;

/// Sends v2c traps from an ephemeral loopback-or-any UDP port to one sink.
#[derive(Debug)]
pub struct TrapSender {
    socket: UdpSocket,
    sink: SocketAddr,
    community: Vec<u8>,
    next_request_id: i32,
}

impl TrapSender {
    /// A sender to `sink` (e.g. from `--trap-sink udp:127.0.0.1:162`) with `community`.
    pub fn new(sink: SocketAddr, community: &[u8]) -> Result<Self, StandaloneError> {
        let local: SocketAddr = if sink.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            ([0u16; 8], 0).into()
        };
        Ok(TrapSender {
            socket: UdpSocket::bind(local)?,
            sink,
            community: community.to_vec(),
            next_request_id: 1,
        })
    }

    /// The BER bytes of `notification` as a v2c SNMPv2-Trap-PDU (varbinds in order).
    pub fn encode(&self, notification: &Notification) -> Result<Vec<u8>, StandaloneError> {
        let variable_bindings = notification
            .varbinds
            .iter()
            .filter_map(|vb| to_rasn_varbind(vb.name.as_slice(), &vb.value))
            .collect();
        let message = Message {
            version: Message::<Pdus>::VERSION.into(),
            community: self.community.clone().into(),
            data: Pdus::Trap(Trap(Pdu {
                request_id: self.next_request_id,
                error_status: Pdu::ERROR_STATUS_NO_ERROR,
                error_index: 0,
                variable_bindings,
            })),
        };
        rasn::ber::encode(&message).map_err(|err| StandaloneError::Encode(err.to_string()))
    }

    /// Sends `notification` once (traps are not acknowledged).
    pub fn send(&mut self, notification: &Notification) -> Result<(), StandaloneError> {
        let bytes = self.encode(notification)?;
        self.next_request_id = self.next_request_id.wrapping_add(1).max(1);
        self.socket.send_to(&bytes, self.sink)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentx::{Oid, Value, VarBind};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_trap_decodes_to_the_notification_varbinds(
            trap_number in 1u32..=40,
            text in ".{0,40}",
            up_time in any::<u32>(),
            big in any::<u64>(),
        ) {
            let name = |tail: &[u32]| Oid::join(&[1, 3, 6, 1, 4, 1, 2592], tail);
            let notification = Notification {
                trap_number,
                seq: 1,
                varbinds: vec![
                    VarBind::new(name(&[0, 0]), Value::TimeTicks(up_time)),
                    VarBind::new(name(&[3, 9, 2, 0]), Value::OctetString(text.clone().into_bytes())),
                    VarBind::new(name(&[3, 7, 2, 0]), Value::Counter64(big)),
                ],
            };
            let sender = TrapSender::new(([127, 0, 0, 1], 9).into(), b"public").unwrap();
            let bytes = sender.encode(&notification).unwrap();
            let message: Message<Pdus> = rasn::ber::decode(&bytes).unwrap();
            prop_assert_eq!(&message.community[..], b"public");
            let Pdus::Trap(Trap(pdu)) = message.data else {
                return Err(TestCaseError::fail("not an SNMPv2-Trap-PDU"));
            };
            let expected: Vec<_> = notification
                .varbinds
                .iter()
                .filter_map(|vb| to_rasn_varbind(vb.name.as_slice(), &vb.value))
                .collect();
            prop_assert_eq!(expected.len(), 3);
            prop_assert_eq!(pdu.variable_bindings, expected);
        }
    }
}
