//! One stats-port client: the `.sts` header, the current snapshot, then one snapshot per
//! interval, each written whole, until the client goes, stalls, or the server stops.
//!
//! Two tasks serve a client: this one takes snapshots on the client's schedule and reads
//! its requests; a writer task drains the client's [`SnapshotSlot`] into the socket. The
//! snapshot taker never waits for the socket, so a slow client only loses snapshots.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use logparse::sts::{encode_header, encode_record};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::{Interval, MissedTickBehavior};

use super::client_request::{requested_interval, MAX_REQUEST_LINE};
use super::model::StatsModel;
use super::server_counters::ClientRegistration;
use super::snapshot_slot::SnapshotSlot;

/// A client whose socket accepts no data for this many of its intervals is disconnected…
pub const STALL_INTERVALS: u32 = 10;
/// …but never sooner than after this long.
pub const MIN_STALL_TIME: Duration = Duration::from_secs(1);

/// Why a writer task ended before its slot was closed.
#[derive(Debug)]
enum WriteEnd {
    /// The socket accepted nothing for the stall time.
    Stalled,
    /// The socket failed (usually: the client went away).
    Failed,
}

/// Serves `stream` until the client goes, stalls, sends an over-long request line, or
/// `shutdown` becomes true.
pub(super) async fn serve_client(
    stream: TcpStream,
    model: Arc<StatsModel>,
    mut interval: Duration,
    registration: ClientRegistration,
    mut shutdown: watch::Receiver<bool>,
) {
    let registration = Arc::new(registration);
    let (mut reader, writer) = stream.into_split();
    let slot = Arc::new(SnapshotSlot::default());
    let (interval_tx, interval_rx) = watch::channel(interval);
    let mut writer_task = tokio::spawn(write_stream(
        writer,
        Arc::clone(&slot),
        interval_rx,
        Arc::clone(&registration),
    ));
    offer_snapshot(&model, &slot, &registration);
    let mut ticker = snapshot_ticker(interval);
    let mut request = Vec::with_capacity(MAX_REQUEST_LINE);
    let mut chunk = [0u8; 128];
    let mut reading = true;
    let writer_ended = loop {
        tokio::select! {
            _ = shutdown.wait_for(|stop| *stop) => break false,
            end = &mut writer_task => {
                if let Ok(Err(WriteEnd::Stalled)) = end {
                    registration.stalled();
                }
                break true;
            }
            read = reader.read(&mut chunk), if reading => {
                let n = match read {
                    // The client closed its sending side; it may still be reading.
                    Ok(0) | Err(_) => {
                        reading = false;
                        continue;
                    }
                    Ok(n) => n,
                };
                let mut asked = None;
                for &byte in &chunk[..n] {
                    if byte == b'\n' {
                        asked = requested_interval(&request).or(asked);
                        request.clear();
                    } else {
                        request.push(byte);
                    }
                }
                if request.len() > MAX_REQUEST_LINE {
                    break false;
                }
                if let Some(asked) = asked.filter(|asked| *asked != interval) {
                    interval = asked;
                    interval_tx.send_replace(asked);
                    registration.set_interval(asked);
                    ticker = snapshot_ticker(asked);
                }
            }
            _ = ticker.tick() => offer_snapshot(&model, &slot, &registration),
        }
    };
    slot.close();
    if !writer_ended {
        // On shutdown (or a misbehaving client) the stream may end inside a record;
        // readers report that as a torn tail.
        writer_task.abort();
    }
}

/// A ticker whose first tick is one `interval` from now (the first snapshot goes out at once).
fn snapshot_ticker(interval: Duration) -> Interval {
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    ticker
}

/// Takes a snapshot and leaves it for the writer, replacing one it has not taken yet.
fn offer_snapshot(model: &StatsModel, slot: &SnapshotSlot, registration: &ClientRegistration) {
    let mut frame = Vec::new();
    // A snapshot too large for one record (over 16 MiB) cannot be sent; the next may fit.
    if encode_record(&model.snapshot(), &mut frame).is_ok() && slot.put(frame) {
        registration.coalesced();
    }
}

/// Writes the header, then every frame the slot yields, until it is closed.
async fn write_stream(
    mut writer: OwnedWriteHalf,
    slot: Arc<SnapshotSlot>,
    interval: watch::Receiver<Duration>,
    registration: Arc<ClientRegistration>,
) -> Result<(), WriteEnd> {
    let mut header = Vec::new();
    encode_header(&mut header);
    let stall = stall_time(*interval.borrow());
    write_frame(&mut writer, &header, stall).await?;
    while let Some(frame) = slot.take().await {
        let stall = stall_time(*interval.borrow());
        write_frame(&mut writer, &frame, stall).await?;
        registration.sent();
    }
    Ok(())
}

/// Writes all of `frame`, giving up when the socket accepts nothing for `stall_time`.
async fn write_frame(
    writer: &mut OwnedWriteHalf,
    frame: &[u8],
    stall_time: Duration,
) -> Result<(), WriteEnd> {
    let mut rest = frame;
    while !rest.is_empty() {
        match tokio::time::timeout(stall_time, writer.write(rest)).await {
            Err(_) => return Err(WriteEnd::Stalled),
            Ok(Ok(0)) => return Err(WriteEnd::Failed),
            Ok(Ok(n)) => rest = &rest[n..],
            Ok(Err(e)) if e.kind() == io::ErrorKind::Interrupted => {}
            Ok(Err(_)) => return Err(WriteEnd::Failed),
        }
    }
    Ok(())
}

/// How long a client's socket may accept nothing before the client is disconnected.
fn stall_time(interval: Duration) -> Duration {
    interval.saturating_mul(STALL_INTERVALS).max(MIN_STALL_TIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stall_time_is_some_intervals_but_at_least_the_minimum() {
        assert_eq!(stall_time(Duration::from_millis(10)), MIN_STALL_TIME);
        assert_eq!(stall_time(Duration::from_secs(2)), Duration::from_secs(20));
        assert_eq!(stall_time(Duration::MAX), Duration::MAX);
    }
}
