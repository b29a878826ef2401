//! Escaping of the TEXT column: a message may contain line breaks, a `.dtl` line may not.
//!
//! On write `\` becomes `\\`, LF becomes `\n` and CR becomes `\r`; tabs stay raw because
//! TEXT is the last column. On read those three escapes are undone and any other
//! backslash sequence is kept literally.

use std::borrow::Cow;

/// Appends `text` to `out` with `\`, LF and CR escaped.
pub(crate) fn escape_into(text: &[u8], out: &mut Vec<u8>) {
    let mut rest = text;
    while let Some(at) = memchr::memchr3(b'\\', b'\n', b'\r', rest) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(match rest[at] {
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => b"\\\\",
        });
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

/// Undoes [`escape_into`]; borrows when `raw` holds no backslash.
pub(crate) fn unescape(raw: &[u8]) -> Cow<'_, [u8]> {
    let Some(first) = memchr::memchr(b'\\', raw) else {
        return Cow::Borrowed(raw);
    };
    let mut out = Vec::with_capacity(raw.len());
    out.extend_from_slice(&raw[..first]);
    let mut rest = &raw[first..];
    while let Some(at) = memchr::memchr(b'\\', rest) {
        out.extend_from_slice(&rest[..at]);
        match rest.get(at + 1) {
            Some(b'\\') => out.push(b'\\'),
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(&other) => out.extend_from_slice(&[b'\\', other]),
            None => {
                out.push(b'\\');
                rest = &[];
                break;
            }
        }
        rest = &rest[at + 2..];
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        escape_into(text.as_bytes(), &mut out);
        out
    }

    #[test]
    fn escapes_backslash_lf_cr_but_not_tab() {
        assert_eq!(escaped("a\\b\nc\rd\te"), b"a\\\\b\\nc\\rd\te");
        assert_eq!(escaped("plain"), b"plain");
    }

    #[test]
    fn unescape_undoes_known_escapes() {
        assert_eq!(&*unescape(b"a\\\\b\\nc\\rd"), b"a\\b\nc\rd");
    }

    #[test]
    fn unknown_and_trailing_escapes_are_kept() {
        assert_eq!(&*unescape(b"C:\\temp\\x"), b"C:\\temp\\x");
        assert_eq!(&*unescape(b"end\\"), b"end\\");
    }

    #[test]
    fn unescape_borrows_without_backslash() {
        assert!(matches!(unescape(b"no escapes"), Cow::Borrowed(_)));
    }

    #[test]
    fn round_trips() {
        for text in ["", "\\", "\\\\n", "\n\r\\", "x\\ny", "é\t\\r"] {
            assert_eq!(&*unescape(&escaped(text)), text.as_bytes(), "{text:?}");
        }
    }
}
