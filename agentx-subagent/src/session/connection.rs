//! One open AgentX session over one connection: Open, Register, the request loop with
//! Pings, and Close.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;
use tokio::time::{timeout, Instant};

use super::answer::answer;
use super::master::Transport;
use super::{SessionConfig, SessionError};
use crate::agentx::{
    decode_frame, ByteOrder, Close, CloseReason, ErrorStatus, Header, Message, Oid, Open, Pdu,
    PduType, Ping, Register, Response, DEFAULT_MAX_PAYLOAD, HEADER_LEN,
};
use crate::mib_view::{oids, MibView};
use crate::traps::Outbox;

/// Missed Ping answers after which the master counts as gone.
const MAX_UNANSWERED_PINGS: u32 = 3;

/// Why [`Connection::serve`] returned.
#[derive(Debug)]
pub enum Ended {
    /// The shutdown signal fired; the session is still open.
    Shutdown,
    /// The master closed the session or the connection failed.
    Lost(SessionError),
}

/// An open, registered AgentX session.
pub struct Connection {
    stream: Box<dyn Transport>,
    buffer: Vec<u8>,
    session_id: u32,
    next_packet_id: u32,
    /// How long to keep reading the socket after an answer.
    keep_listening: Duration,
    /// When the last request was answered, until the next read looks at it.
    answered_at: Option<std::time::Instant>,
}

impl Connection {
    /// Opens a session on `stream` and registers nsiDoubleTake, each step bounded by the
    /// configured response timeout.
    pub async fn open(
        stream: Box<dyn Transport>,
        config: &SessionConfig,
    ) -> Result<Self, SessionError> {
        let mut connection = Self {
            stream,
            buffer: Vec::new(),
            session_id: 0,
            next_packet_id: 0,
            keep_listening: config.keep_listening,
            answered_at: None,
        };
        let open = Pdu::Open(Open {
            timeout: config.timeout_seconds,
            id: Oid::from(oids::NSI_DOUBLE_TAKE),
            descr: config.description.clone().into_bytes(),
        });
        let opened = connection
            .call(open, "open", config.response_timeout)
            .await?;
        connection.session_id = opened.session_id;
        let subtree = Oid::from(oids::NSI_DOUBLE_TAKE);
        connection
            .call(
                Pdu::Register(Register::new(subtree)),
                "register",
                config.response_timeout,
            )
            .await?;
        Ok(connection)
    }

    /// The session ID the master gave.
    pub fn session_id(&self) -> u32 {
        self.session_id
    }

    /// Answers the master's requests from the newest view until shutdown or loss,
    /// pinging every `ping_interval`, and sends the `outbox`'s notifications as Notify
    /// PDUs, one at a time: each is handed over only once the master has answered it,
    /// so one lost with the connection is sent again in the next session.
    pub async fn serve<F>(
        &mut self,
        views: &watch::Receiver<Arc<MibView>>,
        outbox: Option<&Outbox>,
        ping_interval: Duration,
        shutdown: &mut F,
    ) -> Ended
    where
        F: std::future::Future<Output = ()> + Unpin,
    {
        let mut ping = tokio::time::interval_at(Instant::now() + ping_interval, ping_interval);
        let mut unanswered = 0u32;
        // The packet ID of the Notify the master has not answered yet.
        let mut notifying: Option<u32> = None;
        loop {
            if notifying.is_none() {
                if let Some(notification) = outbox.and_then(Outbox::front) {
                    match self.send(notification.to_pdu()).await {
                        Ok(packet_id) => notifying = Some(packet_id),
                        Err(e) => return Ended::Lost(e),
                    }
                }
            }
            let more = async {
                match outbox {
                    Some(outbox) if notifying.is_none() => outbox.waiting().await,
                    _ => std::future::pending().await,
                }
            };
            tokio::select! {
                () = &mut *shutdown => return Ended::Shutdown,
                () = more => {}
                _ = ping.tick() => {
                    if unanswered >= MAX_UNANSWERED_PINGS {
                        return Ended::Lost(SessionError::Timeout("ping"));
                    }
                    unanswered += 1;
                    if let Err(e) = self.send(Pdu::Ping(Ping { context: None })).await {
                        return Ended::Lost(e);
                    }
                }
                received = self.receive() => {
                    let message = match received {
                        Ok(message) => message,
                        Err(e) => return Ended::Lost(e),
                    };
                    match &message.pdu {
                        Pdu::Close(_) => return Ended::Lost(SessionError::ClosedByMaster),
                        Pdu::Response(response) => {
                            unanswered = 0;
                            if notifying == Some(message.packet_id) {
                                notifying = None;
                                if response.error != ErrorStatus::NoError {
                                    log::error!(
                                        "the master refused a notification: {:?}",
                                        response.error
                                    );
                                }
                                if let Some(outbox) = outbox {
                                    if let Err(e) = outbox.handed_over() {
                                        log::error!("{e}");
                                    }
                                }
                            }
                        }
                        pdu => {
                            let view = Arc::clone(&views.borrow());
                            if let Some(response) = answer(&view, pdu) {
                                let reply = Message {
                                    pdu: Pdu::Response(response),
                                    ..message
                                };
                                if let Err(e) = self.write(&reply).await {
                                    return Ended::Lost(e);
                                }
                                self.answered_at = Some(std::time::Instant::now());
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sends Close (reasonShutdown) and waits briefly for its answer.
    pub async fn close(mut self, response_timeout: Duration) {
        let close = Pdu::Close(Close {
            reason: CloseReason::Shutdown,
        });
        // The master may already be gone; closing is best effort.
        let _ = self.call(close, "close", response_timeout).await;
    }

    /// Sends `pdu` and waits for the Response with its packet ID.
    async fn call(
        &mut self,
        pdu: Pdu,
        step: &'static str,
        limit: Duration,
    ) -> Result<Message, SessionError> {
        let packet_id = self.send(pdu).await?;
        let wait = async {
            loop {
                let message = self.receive().await?;
                if let Pdu::Response(response) = &message.pdu {
                    if message.packet_id == packet_id {
                        if response.error != ErrorStatus::NoError {
                            return Err(SessionError::Refused {
                                step,
                                status: response.error,
                            });
                        }
                        return Ok(message);
                    }
                }
            }
        };
        timeout(limit, wait)
            .await
            .map_err(|_| SessionError::Timeout(step))?
    }

    /// Sends `pdu` in this session with a new packet ID, which it returns.
    async fn send(&mut self, pdu: Pdu) -> Result<u32, SessionError> {
        self.next_packet_id = self.next_packet_id.wrapping_add(1);
        let message = Message {
            session_id: self.session_id,
            transaction_id: 0,
            packet_id: self.next_packet_id,
            byte_order: ByteOrder::BigEndian,
            pdu,
        };
        self.write(&message).await?;
        Ok(self.next_packet_id)
    }

    async fn write(&mut self, message: &Message) -> Result<(), SessionError> {
        let bytes = message.encode()?;
        self.stream.write_all(&bytes).await?;
        self.stream.flush().await?;
        Ok(())
    }

    /// The next message from the master; cancel-safe (bytes read stay buffered).
    async fn receive(&mut self) -> Result<Message, SessionError> {
        loop {
            let decoded = match decode_frame(&self.buffer, DEFAULT_MAX_PAYLOAD) {
                Ok(decoded) => decoded,
                Err(e) => Some(response_without_varbinds(&self.buffer).ok_or(e)?),
            };
            if let Some((message, used)) = decoded {
                self.buffer.drain(..used);
                return Ok(message);
            }
            if self.read_arrived_soon()? {
                continue;
            }
            if self.stream.read_buf(&mut self.buffer).await? == 0 {
                return Err(SessionError::ConnectionClosed);
            }
        }
    }

    /// Within the keep-listening time after the last answer, reads the socket until bytes
    /// arrive (true) or the time is up (false), yielding the CPU between reads.
    fn read_arrived_soon(&mut self) -> Result<bool, SessionError> {
        let Some(answered_at) = self.answered_at.take() else {
            return Ok(false);
        };
        let mut chunk = [0u8; 2048];
        while answered_at.elapsed() < self.keep_listening {
            match self.stream.read_arrived(&mut chunk) {
                Ok(0) => return Err(SessionError::ConnectionClosed),
                Ok(n) => {
                    self.buffer.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                // Nothing yet: let whatever else is runnable here go first (often the
                // master itself, woken on this CPU by the answer just sent).
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::yield_now(),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(false)
    }
}

/// Net-SNMP 5.9's master answers a Notify by echoing its varbinds with an include byte
/// set, which RFC 2741 §5.1 allows only in search ranges, so the codec refuses that
/// Response. Only a Response's IDs and error matter here: such a complete Response frame
/// is taken without its varbinds.
fn response_without_varbinds(buffer: &[u8]) -> Option<(Message, usize)> {
    let header = Header::decode(buffer.get(..HEADER_LEN)?.try_into().ok()?).ok()?;
    if header.pdu_type != PduType::Response {
        return None;
    }
    let used = HEADER_LEN.checked_add(usize::try_from(header.payload_length).ok()?)?;
    let payload = buffer.get(HEADER_LEN..used)?;
    let byte_order = header.byte_order();
    let number = |at: usize, len: usize| -> Option<u32> {
        let bytes = payload.get(at..at + len)?;
        Some(bytes.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b))).map(|big| match byte_order {
            ByteOrder::BigEndian => big,
            ByteOrder::LittleEndian => big.swap_bytes() >> (8 * (4 - len)),
        })
    };
    let error = ErrorStatus::from_code(u16::try_from(number(4, 2)?).ok()?)?;
    let response = Response {
        sys_uptime: number(0, 4)?,
        error,
        index: u16::try_from(number(6, 2)?).ok()?,
        varbinds: Vec::new(),
    };
    let message = Message {
        session_id: header.session_id,
        transaction_id: header.transaction_id,
        packet_id: header.packet_id,
        byte_order,
        pdu: Pdu::Response(response),
    };
    Some((message, used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentx::{Request, Response, SearchRange, Value};
    use crate::session::Master;

    /// The fake master's side: reads one message.
    async fn read(master: &mut (impl AsyncReadExt + Unpin), buffer: &mut Vec<u8>) -> Message {
        loop {
            if let Some((message, used)) = decode_frame(buffer, DEFAULT_MAX_PAYLOAD).unwrap() {
                buffer.drain(..used);
                return message;
            }
            assert_ne!(
                master.read_buf(buffer).await.unwrap(),
                0,
                "sub-agent hung up"
            );
        }
    }

    async fn reply(master: &mut (impl AsyncWriteExt + Unpin), to: &Message, session_id: u32) {
        let response = Message {
            session_id,
            pdu: Pdu::Response(Response::default()),
            ..to.clone()
        };
        master.write_all(&response.encode().unwrap()).await.unwrap();
    }

    #[tokio::test]
    async fn opens_registers_answers_gets_and_pings_until_the_master_is_silent() {
        let (ours, mut master) = tokio::io::duplex(1 << 16);
        let mut config = SessionConfig::new(Master::Tcp("127.0.0.1:1".into()));
        config.response_timeout = Duration::from_secs(5);
        let fake = tokio::spawn(async move {
            let mut buffer = Vec::new();
            let open = read(&mut master, &mut buffer).await;
            assert!(matches!(open.pdu, Pdu::Open(_)));
            reply(&mut master, &open, 9).await;
            let register = read(&mut master, &mut buffer).await;
            let Pdu::Register(r) = &register.pdu else {
                panic!("expected Register, got {register:?}");
            };
            assert_eq!(r.subtree.as_slice(), oids::NSI_DOUBLE_TAKE);
            assert_eq!(register.session_id, 9);
            reply(&mut master, &register, 9).await;
            let up_time = Oid::join(oids::DT_UP_TIME, &[0]);
            let get = Message {
                session_id: 9,
                transaction_id: 4,
                packet_id: 77,
                byte_order: ByteOrder::LittleEndian,
                pdu: Pdu::Get(Request {
                    context: None,
                    ranges: vec![SearchRange {
                        start: up_time.clone(),
                        include: false,
                        end: Oid::default(),
                    }],
                }),
            };
            master.write_all(&get.encode().unwrap()).await.unwrap();
            let answer = read(&mut master, &mut buffer).await;
            assert_eq!(
                (answer.transaction_id, answer.packet_id, answer.byte_order),
                (4, 77, ByteOrder::LittleEndian)
            );
            let Pdu::Response(response) = answer.pdu else {
                panic!("expected Response, got {answer:?}");
            };
            assert_eq!(response.varbinds[0].value, Value::TimeTicks(0));
            // Pings keep coming; answered ones keep the session, then silence ends it.
            let ping = read(&mut master, &mut buffer).await;
            assert!(matches!(ping.pdu, Pdu::Ping(_)));
            reply(&mut master, &ping, 9).await;
            let mut pings = 0;
            while pings < MAX_UNANSWERED_PINGS {
                if matches!(read(&mut master, &mut buffer).await.pdu, Pdu::Ping(_)) {
                    pings += 1;
                }
            }
            master
        });
        let mut connection = Connection::open(Box::new(ours), &config).await.unwrap();
        assert_eq!(connection.session_id(), 9);
        let (_publish, views) = watch::channel(Arc::new(MibView::engine_down()));
        let mut never = std::future::pending::<()>();
        let ended = timeout(
            Duration::from_secs(5),
            connection.serve(&views, None, Duration::from_millis(20), &mut never),
        )
        .await
        .unwrap();
        assert!(
            matches!(ended, Ended::Lost(SessionError::Timeout("ping"))),
            "{ended:?}"
        );
        fake.await.unwrap();
    }

    #[test]
    fn a_response_with_an_include_byte_in_a_varbind_is_taken_without_varbinds() {
        for byte_order in [ByteOrder::BigEndian, ByteOrder::LittleEndian] {
            let name = Oid::new(vec![1, 3, 6, 1, 2, 1, 1, 3, 0]);
            let echoed = Message {
                session_id: 4,
                transaction_id: 5,
                packet_id: 6,
                byte_order,
                pdu: Pdu::Response(Response {
                    sys_uptime: 0x0102_0304,
                    error: ErrorStatus::NotWritable,
                    index: 3,
                    varbinds: vec![crate::agentx::VarBind::new(
                        name,
                        crate::agentx::Value::TimeTicks(1),
                    )],
                }),
            };
            let mut bytes = echoed.encode().unwrap();
            // The varbind's name: header, 8 bytes of Response, 4 of varbind type; then
            // n_subid, prefix, include.
            bytes[HEADER_LEN + 8 + 4 + 2] = 1;
            bytes.extend_from_slice(&[0xff; 3]);
            assert!(decode_frame(&bytes, DEFAULT_MAX_PAYLOAD).is_err());
            let (message, used) = response_without_varbinds(&bytes).unwrap();
            assert_eq!(used, bytes.len() - 3);
            let Pdu::Response(response) = &message.pdu else {
                panic!("not a Response: {message:?}");
            };
            assert_eq!(
                (response.sys_uptime, response.error, response.index),
                (0x0102_0304, ErrorStatus::NotWritable, 3)
            );
            assert_eq!((message.session_id, message.packet_id), (4, 6));
            assert!(response.varbinds.is_empty());
            let mut ping = Message {
                pdu: Pdu::Ping(Ping { context: None }),
                ..message
            }
            .encode()
            .unwrap();
            ping.push(0);
            assert!(response_without_varbinds(&ping).is_none());
            assert!(response_without_varbinds(&bytes[..used - 1]).is_none());
        }
    }

    fn get_up_time(session_id: u32, packet_id: u32) -> Vec<u8> {
        let up_time = Oid::join(oids::DT_UP_TIME, &[0]);
        Message {
            session_id,
            transaction_id: packet_id,
            packet_id,
            byte_order: ByteOrder::BigEndian,
            pdu: Pdu::Get(Request {
                context: None,
                ranges: vec![SearchRange {
                    start: up_time,
                    include: false,
                    end: Oid::default(),
                }],
            }),
        }
        .encode()
        .unwrap()
    }

    /// Two runtime threads: the session keeps its thread busy while it keeps listening.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn keeping_listening_after_an_answer_loses_no_byte_of_what_follows() {
        let (ours, mut master) = tokio::net::UnixStream::pair().unwrap();
        let mut config = SessionConfig::new(Master::Tcp("127.0.0.1:1".into()));
        config.keep_listening = Duration::from_millis(50);
        let fake = tokio::spawn(async move {
            let mut buffer = Vec::new();
            let open = read(&mut master, &mut buffer).await;
            reply(&mut master, &open, 5).await;
            let register = read(&mut master, &mut buffer).await;
            reply(&mut master, &register, 5).await;
            let mut answered = Vec::new();
            master.write_all(&get_up_time(5, 1)).await.unwrap();
            answered.push(read(&mut master, &mut buffer).await.packet_id);
            // Right after an answer, while the session keeps listening: a request in
            // two pieces, then one whole.
            let second = get_up_time(5, 2);
            let (head, tail) = second.split_at(7);
            master.write_all(head).await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
            master.write_all(tail).await.unwrap();
            answered.push(read(&mut master, &mut buffer).await.packet_id);
            master.write_all(&get_up_time(5, 3)).await.unwrap();
            answered.push(read(&mut master, &mut buffer).await.packet_id);
            // Long after the last answer: through the runtime again.
            tokio::time::sleep(Duration::from_millis(120)).await;
            master.write_all(&get_up_time(5, 4)).await.unwrap();
            answered.push(read(&mut master, &mut buffer).await.packet_id);
            answered
        });
        let mut connection = Connection::open(Box::new(ours), &config).await.unwrap();
        let (_publish, views) = watch::channel(Arc::new(MibView::engine_down()));
        let mut never = std::future::pending::<()>();
        let ended = timeout(
            Duration::from_secs(10),
            connection.serve(&views, None, Duration::from_secs(60), &mut never),
        )
        .await
        .unwrap();
        assert!(
            matches!(ended, Ended::Lost(SessionError::ConnectionClosed)),
            "{ended:?}"
        );
        assert_eq!(fake.await.unwrap(), [1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn a_refused_registration_is_an_error() {
        let (ours, mut master) = tokio::io::duplex(1 << 16);
        let config = SessionConfig::new(Master::Tcp("127.0.0.1:1".into()));
        let fake = tokio::spawn(async move {
            let mut buffer = Vec::new();
            let open = read(&mut master, &mut buffer).await;
            reply(&mut master, &open, 3).await;
            let register = read(&mut master, &mut buffer).await;
            let refusal = Message {
                pdu: Pdu::Response(Response {
                    error: ErrorStatus::DuplicateRegistration,
                    ..Response::default()
                }),
                ..register
            };
            master.write_all(&refusal.encode().unwrap()).await.unwrap();
            master
        });
        let result = Connection::open(Box::new(ours), &config).await;
        assert!(matches!(
            result,
            Err(SessionError::Refused {
                step: "register",
                status: ErrorStatus::DuplicateRegistration
            })
        ));
        fake.await.unwrap();
    }
}
