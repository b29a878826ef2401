//! What a stats-port client may ask for (see `engine/STATS-PORT.md`): one ASCII line,
//! `interval <milliseconds>`, to set how often it receives a snapshot.

use std::time::Duration;

/// The shortest interval a client may ask for; shorter requests get this.
pub const MIN_CLIENT_INTERVAL: Duration = Duration::from_millis(10);
/// The longest interval a client may ask for; longer requests get this.
pub const MAX_CLIENT_INTERVAL: Duration = Duration::from_secs(3600);
/// The longest request line, newline excluded; a client sending a longer one is disconnected.
pub const MAX_REQUEST_LINE: usize = 64;

/// The interval a request line asks for, brought within [`MIN_CLIENT_INTERVAL`] and
/// [`MAX_CLIENT_INTERVAL`]; `None` for a line that is not a request (it is ignored).
/// The keyword is case-insensitive; spaces around the words and a trailing CR are allowed.
pub(super) fn requested_interval(line: &[u8]) -> Option<Duration> {
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.split_ascii_whitespace();
    let keyword = words.next()?;
    let millis = words.next()?;
    if !keyword.eq_ignore_ascii_case("interval") || words.next().is_some() {
        return None;
    }
    let millis: u64 = millis.parse().ok()?;
    Some(Duration::from_millis(millis).clamp(MIN_CLIENT_INTERVAL, MAX_CLIENT_INTERVAL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_lines_are_read_and_clamped() {
        let ms = Duration::from_millis;
        assert_eq!(requested_interval(b"interval 50"), Some(ms(50)));
        assert_eq!(requested_interval(b"  INTERVAL   250 \r"), Some(ms(250)));
        assert_eq!(requested_interval(b"interval 0"), Some(MIN_CLIENT_INTERVAL));
        assert_eq!(
            requested_interval(b"interval 99999999999"),
            Some(MAX_CLIENT_INTERVAL)
        );
    }

    #[test]
    fn anything_else_is_not_a_request() {
        for line in [
            &b""[..],
            b"interval",
            b"interval -5",
            b"interval 5s",
            b"interval 5 6",
            b"intervals 5",
            b"\xff\xfe 5",
        ] {
            assert_eq!(requested_interval(line), None, "{line:?}");
        }
    }
}
