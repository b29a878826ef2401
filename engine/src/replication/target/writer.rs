//! The session's writer task: the only one that writes to the socket. It sends the
//! reader's and the queue's notices and the applier's answers as they come, flushes
//! whenever nothing more is waiting, and sends `KeepAlive` after a sixth of
//! NetworkTimeout of sending nothing.

use std::time::Duration;

use tokio::io::AsyncWrite;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::replication::protocol::{FrameError, FrameWriter, Message};

/// What the session asks its writer to send.
#[derive(Debug)]
pub(super) enum Outgoing {
    /// A message (`KeepAliveAck`, `TargetPaused`, `PauseMirror`, …).
    Message(Message),
    /// `Goodbye` with this reason, then the end of the stream.
    Goodbye(String),
    /// The end of the stream, without a word.
    Close,
}

/// Writes until told to stop; an error ends the session.
pub(super) async fn write_loop<W: AsyncWrite + Unpin>(
    mut writer: FrameWriter<W>,
    mut notices: mpsc::UnboundedReceiver<Outgoing>,
    mut answers: mpsc::Receiver<Message>,
    keep_alive_interval: Duration,
) -> Result<(), FrameError> {
    let mut answers_open = true;
    let mut last_sent = Instant::now();
    loop {
        tokio::select! {
            biased;
            notice = notices.recv() => match notice {
                Some(Outgoing::Message(message)) => {
                    writer.write(&message).await?;
                }
                Some(Outgoing::Goodbye(reason)) => {
                    writer.write(&Message::Goodbye { reason }).await?;
                    return writer.shutdown().await;
                }
                Some(Outgoing::Close) | None => return writer.shutdown().await,
            },
            answer = answers.recv(), if answers_open => match answer {
                Some(message) => {
                    writer.write(&message).await?;
                }
                None => {
                    answers_open = false;
                    continue;
                }
            },
            () = tokio::time::sleep_until(last_sent + keep_alive_interval) => {
                writer.write(&Message::KeepAlive).await?;
            }
        }
        last_sent = Instant::now();
        if notices.is_empty() && answers.is_empty() {
            writer.flush().await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::protocol::FrameReader;

    #[tokio::test]
    async fn sends_in_order_keeps_alive_and_says_goodbye() {
        let (ours, theirs) = tokio::io::duplex(1 << 16);
        let (notice_tx, notices) = mpsc::unbounded_channel();
        let (answer_tx, answers) = mpsc::channel(4);
        let task = tokio::spawn(write_loop(
            FrameWriter::new(ours),
            notices,
            answers,
            Duration::from_millis(20),
        ));
        let mut reader = FrameReader::new(theirs);
        answer_tx.send(Message::Ack { up_to_seq: 1 }).await.unwrap();
        assert_eq!(
            reader.read().await.unwrap(),
            Some(Message::Ack { up_to_seq: 1 })
        );
        assert_eq!(reader.read().await.unwrap(), Some(Message::KeepAlive));
        notice_tx
            .send(Outgoing::Message(Message::TargetPaused))
            .unwrap();
        notice_tx.send(Outgoing::Goodbye("bye".into())).unwrap();
        assert_eq!(reader.read().await.unwrap(), Some(Message::TargetPaused));
        let mut rest = Vec::new();
        while let Some(message) = reader.read().await.unwrap() {
            rest.push(message);
        }
        assert_eq!(
            rest.last(),
            Some(&Message::Goodbye {
                reason: "bye".into()
            })
        );
        task.await.unwrap().unwrap();
    }
}
